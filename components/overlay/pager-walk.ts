/**
 * 读取全部: walks the host's own pager page by page, waits for each page to be read and saved, then
 * returns to the page the registrar was on. A whole unfiltered student roll tells the store who is gone.
 *
 * 取消 (or the registrar touching the page) stops the walk where it is: at most the page being read is
 * waited for. It does not walk back: the host's pager has no page box, so going back is one turn per page at
 * the human pace (a tester waited ~8 s), and every page passed on the way is read and stored again without
 * being counted. The walk's end (done, cancelled) is said only once the page left shown is saved: a figure a
 * registrar may copy must be true when shown.
 *
 * At a human pace: every turn of the pager waits for the grid to settle (no re-render for a moment) and
 * keeps a minimum interval with jitter since the turn before, so the host sees a registrar clicking, not a
 * robot. The registrar touching the page (a click, a key, the wheel) stops the walk where it is. The walk
 * only clicks the host's own pager buttons: it never submits a host form nor calls a host API.
 */
import type { Pager } from '@/lib/capture/pager';
import { queryIsEmpty } from '@/lib/capture/pager';
import { errorText } from '@/lib/errors';
import { request } from '@/lib/messaging-client';
import { CodedError, say } from '@/lib/say';
import type { CaptureAllState } from './StatusStrip';

const WAIT_MS = 20_000;

/** How fast the pager is turned; tests pass a faster one. */
export interface Pace {
  /** Least time between two turns of the pager. */
  minMs: number;
  /** Up to this much more, at random, on top of `minMs`. */
  jitterMs: number;
  /** The grid must have been still this long (no DOM change) before the next turn. */
  settleMs: number;
}

/** The longest the walk waits past its interval for a grid that keeps changing. */
const SETTLE_CAP_MS = 5_000;

export const HUMAN_PACE: Pace = { minMs: 1000, jitterMs: 600, settleMs: 300 };

/** Events only a person makes on the page (the walk's own clicks are not trusted events). */
const INTERACTION = ['pointerdown', 'keydown', 'wheel'] as const;

/** One page read and saved: which pager page (null without a pager), the ids it held, its page kind. */
export interface PageSaved {
  page: number | null;
  ids: Iterable<string>;
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
  /** Default: HUMAN_PACE. */
  pace?: Pace;
  /** Default: Math.random (tests pass a fixed one). */
  random?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves with `check()` once it has a value; rejects after WAIT_MS, or at once when `abandoned` runs. */
function waitFor<T>(
  check: () => T | undefined,
  listen: (wake: () => void) => () => void,
  abandoned: Set<() => void>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = check();
    if (done !== undefined) return resolve(done);
    const end = () => {
      clearTimeout(deadline);
      stop();
      abandoned.delete(left);
    };
    const deadline = setTimeout(() => {
      end();
      reject(new CodedError(say('err_page_not_responding')));
    }, WAIT_MS);
    const left = () => {
      end();
      reject(new Abandoned());
    };
    abandoned.add(left);
    const stop = listen(() => {
      const value = check();
      if (value === undefined) return;
      end();
      resolve(value);
    });
  });
}

/** The walk was left behind (see `abandon`): it ends without a word. */
class Abandoned extends Error {}

/** One run of the walk: stopped by 取消 or a touch; left behind when the page it walks is gone. */
interface Run {
  stopped: boolean;
  left: boolean;
}

export function pagerWalk(h: WalkHost) {
  let run: Run | undefined;
  /** Wakes the waits of a walk that is left behind (`abandon`). */
  const onAbandon = new Set<() => void>();
  const pace = h.pace ?? HUMAN_PACE;
  const random = h.random ?? Math.random;
  let lastTurn = 0;
  let lastChange = 0;

  /** Waits for the grid to settle and the interval since the last turn, then turns (unless stopped). */
  async function turn(r: Run, button: HTMLElement | undefined): Promise<boolean> {
    if (!button) return false;
    const interval = pace.minMs + Math.floor(random() * pace.jitterMs);
    for (;;) {
      if (r.left) throw new Abandoned();
      if (r.stopped) return false;
      const now = Date.now();
      // A page that never stops changing (a clock, a banner) is turned all the same after a while.
      const settle = now - lastTurn < interval + SETTLE_CAP_MS ? lastChange + pace.settleMs - now : 0;
      const wait = Math.max(lastTurn + interval - now, settle);
      if (wait <= 0) break;
      await sleep(Math.min(wait, 100)); // short naps: a stop is heard at once
    }
    lastTurn = Date.now();
    button.click();
    return true;
  }

  /**
   * Resolves when page `page` has been read and saved; with null once the walk is stopped and the host no
   * longer shows that page (the registrar turned it: its save may never come, and the walk must not wait
   * 20 s with 取消 doing nothing).
   */
  const waitSaved = (r: Run, page: number) =>
    waitFor<PageSaved | null>(
      () => {
        const saved = h.lastSaved();
        if (saved?.page === page) return saved;
        return r.stopped && h.currentPager()?.page !== page ? null : undefined;
      },
      (wake) => {
        const unsubscribe = h.onSaved(wake);
        const id = setInterval(wake, 100); // a stop, or the registrar's turn of the page
        return () => {
          unsubscribe();
          clearInterval(id);
        };
      },
      onAbandon,
    );

  /** Resolves once the page the host shows has been saved (at once when it already is). */
  async function shownSaved(r: Run) {
    for (;;) {
      if (r.left) throw new Abandoned();
      const page = h.currentPager()?.page;
      if (page === undefined || (await waitSaved(r, page))) return;
      // The registrar turned to another page meanwhile: wait for that one.
    }
  }

  /** Resolves when the host's pager shows page `page`. */
  const waitPage = (page: number) =>
    waitFor(
      () => (h.currentPager()?.page === page ? true : undefined),
      (wake) => {
        const id = setInterval(wake, 100);
        return () => clearInterval(id);
      },
      onAbandon,
    );

  /** Turns the pager to page `target`; false when stopped on the way. */
  async function goToPage(r: Run, target: number): Promise<boolean> {
    let pager = h.currentPager();
    if (!pager || pager.page === target) return true;
    if (target === 1 && pager.first) {
      if (!(await turn(r, pager.first))) return false;
    } else if (target === pager.pages && pager.last) {
      if (!(await turn(r, pager.last))) return false;
    } else {
      while (pager && pager.page !== target) {
        const step = pager.page < target ? pager.next : pager.prev;
        const next = pager.page + (pager.page < target ? 1 : -1);
        if (!(await turn(r, step))) return false;
        await waitPage(next);
        pager = h.currentPager();
      }
      return true;
    }
    await waitPage(target);
    return true;
  }

  async function walk() {
    const start = h.currentPager();
    if (!start || run) return;
    const r: Run = { stopped: false, left: false };
    run = r;
    const pages = start.pages;
    h.show({ state: 'running', done: 0, pages });
    const ids = new Set<string>();
    let done = 0;
    let kind: string | undefined;
    // A page of another kind (the route changed under the walk) means the pages read are not one roll.
    let mixed = false;
    let end: CaptureAllState | undefined;
    // The registrar touching the page stops the walk (going back too); the grid changing restarts the settle time.
    const onInput = (e: Event) => {
      if (e.isTrusted) r.stopped = true;
    };
    for (const type of INTERACTION) h.doc.addEventListener(type, onInput, true);
    const still = new MutationObserver(() => {
      lastChange = Date.now();
    });
    still.observe(h.doc.body ?? h.doc.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    lastTurn = Date.now(); // the registrar's own click on 读取全部 counts as the first turn
    try {
      if (await goToPage(r, 1))
        for (let p = 1; p <= pages; p++) {
          const saved = await waitSaved(r, p);
          if (!saved) break; // stopped, and the registrar turned away from page p before it was saved
          if (kind !== undefined && saved.kind !== kind) {
            mixed = true;
            break;
          }
          for (const id of saved.ids) ids.add(id);
          kind = saved.kind;
          done = p;
          h.show({ state: 'running', done, pages });
          if (r.stopped || p === pages) break;
          if (!(await turn(r, h.currentPager()?.next))) break;
        }
      if (!mixed && done === pages) {
        let gone = 0;
        if (kind === 'student-list' && queryIsEmpty(h.doc))
          gone = (await request('capture/roll', { host: h.host, ids: [...ids], seenAt: Date.now() })).gone;
        // Every page is read: back to the page the registrar was on (取消 stops the way back where it is).
        if (!r.stopped && h.currentPager()?.page !== start.page) {
          h.show({ state: 'returning', page: start.page, pages });
          await goToPage(r, start.page);
        }
        await shownSaved(r);
        end = { state: 'done', pages, gone };
      } else {
        // 已取消 is said once the page shown is saved: the page being read when stopped is waited for (and counted).
        await shownSaved(r);
        end = { state: 'cancelled', done, pages, page: h.currentPager()?.page ?? null };
      }
    } catch (e) {
      if (!(e instanceof Abandoned)) end = { state: 'failed', error: errorText(e), pages };
    }
    for (const type of INTERACTION) h.doc.removeEventListener(type, onInput, true);
    still.disconnect();
    if (r.left) return; // said nothing more: the page it walked is gone
    run = undefined;
    if (end) h.show(end);
  }

  return {
    walk,
    cancel: () => {
      if (run) run.stopped = true;
    },
    /**
     * The page the walk was reading is gone (the app showed another page): the walk stops at once and says
     * nothing more, so nothing of it is shown on the new page and 读取全部 can start there.
     */
    abandon: () => {
      if (!run) return;
      run.stopped = run.left = true;
      run = undefined;
      for (const left of [...onAbandon]) left();
    },
    get running() {
      return run !== undefined;
    },
  };
}
