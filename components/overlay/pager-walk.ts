/**
 * 读取全部: walks the host's own pager page by page, waits for each page to be read and saved, then
 * returns to the page the registrar was on. A whole unfiltered student roll tells the store who is gone.
 */
import type { Pager } from '@/lib/capture/pager';
import { queryIsEmpty } from '@/lib/capture/pager';
import { errorText } from '@/lib/errors';
import { request } from '@/lib/messaging-client';
import type { CaptureAllState } from './StatusStrip';

const WAIT_MS = 20_000;

/** One page read and saved: which pager page (null without a pager), the ids it held, its page kind. */
export interface PageSaved {
  page: number | null;
  ids: string[];
  kind: string;
}

export interface WalkHost {
  doc: Document;
  host: string;
  /** The pager beside the grid being read, as the page shows it now. */
  currentPager(): Pager | null;
  /** The latest page saved, and a way to hear of the next ones (returns the unsubscribe). */
  lastSaved(): PageSaved | undefined;
  onSaved(listener: () => void): () => void;
  /** Shows the walk's progress in the strip. */
  show(state: CaptureAllState): void;
}

function waitFor<T>(check: () => T | undefined, listen: (wake: () => void) => () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = check();
    if (done !== undefined) return resolve(done);
    const deadline = setTimeout(() => {
      stop();
      reject(new Error('页面无响应'));
    }, WAIT_MS);
    const stop = listen(() => {
      const value = check();
      if (value === undefined) return;
      clearTimeout(deadline);
      stop();
      resolve(value);
    });
  });
}

export function pagerWalk(h: WalkHost) {
  let running = false;
  let cancel = false;

  /** Resolves when page `page` has been read and saved. */
  const waitSaved = (page: number) =>
    waitFor(() => {
      const saved = h.lastSaved();
      return saved?.page === page ? saved : undefined;
    }, h.onSaved);

  /** Resolves when the host's pager shows page `page`. */
  const waitPage = (page: number) =>
    waitFor(
      () => (h.currentPager()?.page === page ? true : undefined),
      (wake) => {
        const id = setInterval(wake, 100);
        return () => clearInterval(id);
      },
    );

  async function goToPage(target: number) {
    let pager = h.currentPager();
    if (!pager || pager.page === target) return;
    if (target === 1 && pager.first) pager.first.click();
    else if (target === pager.pages && pager.last) pager.last.click();
    else {
      while (pager && pager.page !== target) {
        const step = pager.page < target ? pager.next : pager.prev;
        if (!step) break;
        const next = pager.page + (pager.page < target ? 1 : -1);
        step.click();
        await waitPage(next);
        pager = h.currentPager();
      }
      return;
    }
    await waitPage(target);
  }

  async function walk() {
    const start = h.currentPager();
    if (!start || running) return;
    running = true;
    const pages = start.pages;
    cancel = false;
    h.show({ state: 'running', done: 0, pages });
    const ids = new Set<string>();
    let done = 0;
    let kind = '';
    let end: CaptureAllState;
    try {
      await goToPage(1);
      for (let p = 1; p <= pages; p++) {
        const saved = await waitSaved(p);
        for (const id of saved.ids) ids.add(id);
        kind = saved.kind;
        done = p;
        h.show({ state: 'running', done, pages });
        if (cancel || p === pages) break;
        h.currentPager()?.next?.click();
      }
      let gone = 0;
      if (done === pages && kind === 'student-list' && queryIsEmpty(h.doc))
        gone = (await request('capture/roll', { host: h.host, ids: [...ids], seenAt: Date.now() })).gone;
      end = done === pages ? { state: 'done', pages, gone } : { state: 'cancelled', done, pages };
    } catch (e) {
      end = { state: 'failed', error: errorText(e) };
    }
    try {
      await goToPage(start.page); // leave the page as it was
    } catch (e) {
      end = { state: 'failed', error: errorText(e) };
    }
    running = false;
    h.show(end);
  }

  return {
    walk,
    cancel: () => {
      cancel = true;
    },
    get running() {
      return running;
    },
  };
}
