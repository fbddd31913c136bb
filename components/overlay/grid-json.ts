/**
 * Intake of the grid's own JSON: the main-world observer (entrypoints/ajax-observer.content.ts) posts a
 * copy of each /command/ajax/ response with the page's column models; this hands it to the worker, which
 * keeps the frame's newest few and merges them into the reads (lib/capture/frame-grids.ts): a content
 * script's objects and code count against the host page's heap (kept here, a 2,000-row response cost the
 * page 0.16 MB for its life, and the code that packs and maps it more).
 *
 * The observer only says a response came; this asks for it (`pull`) after the overlay's next read of the
 * page (`pullSoon`: PULL_AFTER_READ_MS later, at an idle moment), or TAKE_AFTER_MS after the word when no
 * read begins (a page that shows its data without a grid).
 * The grid draws its rows just after its response. Copied here at once, the response's megabyte landed
 * in this world while the page was building its rows, and the browser then kept every object the page
 * had made for its cells for the page's life: about 1 MB more heap on a 2,000-row grid in 4 runs of 5
 * (BENCH_ONLY=grid; the heap figure varied 1.2–2.4 MB from run to run). Asked for after the first read,
 * it is copied once the page has drawn and those objects are gone, as on a page without Baoxue. The cost:
 * the rows are read twice: from the page first (badged from what the store holds, not saved: `coming`),
 * then with their JSON (saved).
 */
import type { FieldKey } from '@/lib/capture/fields';
import { AJAX_MESSAGE, AJAX_PULL } from '@/lib/capture/json';
import { request } from '@/lib/messaging-client';

/** A response is asked for this long after the observer said it came when no read of the page began. */
export const TAKE_AFTER_MS = 500;
/** A response asked for that has not come this long after is given up (the reads go on without it). */
export const GIVE_UP_MS = 1500;
/**
 * After a read, the response is asked for this long later and then at the page's next idle moment (at
 * most IDLE_WAIT_MS more): asked for at once, it still landed close enough to the page's drawing that the
 * page's cell objects were kept in some runs (1 of 6 at load 2, most at load 6–9); asked for this way, in
 * none of 6 at load 2 (the BENCH_ONLY=grid page, 2026-11-30).
 */
export const PULL_AFTER_READ_MS = 600;
const IDLE_WAIT_MS = 1000;

export interface JsonIntake {
  /** Goes up by one with each response taken (part of a scan's signature). */
  readonly version: number;
  /** The fields the newest response taken gives (what a page with no grid is classified by). */
  readonly newestFields: readonly FieldKey[];
  /**
   * A response came that is not taken yet (asked for or not): a read of the page now would save rows the
   * JSON is about to complete, so it waits for the read that follows it (`onTaken`).
   */
  readonly coming: boolean;
  /** Asks for what is coming now and resolves once it is taken or given up (a person asked for a report). */
  whenTaken(): Promise<void>;
  /** A read of the page begins: nothing is asked for until it is over (`pullSoon`). */
  reading(): void;
  /**
   * Asks the observer, a moment later (PULL_AFTER_READ_MS, then an idle moment), for the responses that
   * came since the last time: called after each read of the page.
   */
  pullSoon(): void;
  stop(): void;
}

/**
 * Listens for the observer's messages from this frame's page; `onTaken` runs after each response asked
 * for has been taken (or given up), so a read follows.
 */
export function startJsonIntake(win: Pick<Window, 'location'>, onTaken: () => void): JsonIntake {
  let version = 0;
  let newestFields: FieldKey[] = [];
  let waiting = false; // the observer said a response came that has not been asked for
  let coming = false; // …and it has not been taken yet
  let timer: ReturnType<typeof setTimeout> | undefined;
  let giveUp: ReturnType<typeof setTimeout> | undefined;
  const waiters: (() => void)[] = [];
  const settled = () => {
    coming = false;
    clearTimeout(giveUp);
    for (const resolve of waiters.splice(0)) resolve();
    onTaken();
  };
  let soon: ReturnType<typeof setTimeout> | undefined;
  let inRead = false; // a read of the page is under way: the word that a response came waits for its end
  const pullSoon = () => {
    inRead = false;
    if (!waiting || soon !== undefined) return;
    soon = setTimeout(() => {
      const go = () => {
        soon = undefined;
        pull();
      };
      if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: IDLE_WAIT_MS });
      else go();
    }, PULL_AFTER_READ_MS);
  };
  const pull = () => {
    clearTimeout(timer);
    if (!waiting) return;
    waiting = false;
    window.postMessage({ [AJAX_PULL]: true }, win.location.origin);
    clearTimeout(giveUp);
    giveUp = setTimeout(() => coming && settled(), GIVE_UP_MS);
  };

  /**
   * Handed to the worker, which keeps it for this frame (lib/capture/frame-grids.ts) and merges it into the
   * reads: nothing of it is kept here, in the page's heap. Its column models are checked there.
   */
  async function take(url: string, text: string, columns: unknown) {
    const taken = await request('capture/json', { url, text, columns });
    if (!taken.taken) return; // no grid rows in it
    newestFields = taken.fields as FieldKey[];
    version++;
  }

  const onMessage = (e: MessageEvent) => {
    // Only this frame's own page, from its own origin, in the observer's shape.
    if (e.source !== window || e.origin !== win.location.origin) return;
    const data = e.data as Record<string, unknown> | null;
    if (data?.[AJAX_MESSAGE] !== true || typeof data.url !== 'string') return;
    if (data.text === undefined) {
      // The word that a response came: asked for after the next read, or soon if none comes.
      waiting = true;
      coming = true;
      clearTimeout(timer);
      if (!inRead) timer = setTimeout(pull, TAKE_AFTER_MS);
      return;
    }
    if (typeof data.text !== 'string') return;
    // It came: no longer given up on while the worker takes it (a megabyte takes it a moment on a busy
    // machine; given up meanwhile, a read would save the rows without it and then again with it).
    clearTimeout(giveUp);
    // Taken whatever it holds (grid rows or not), then a read: the one a read held back its save for.
    void take(data.url, data.text, data.columns)
      .catch(() => undefined)
      .finally(settled);
  };
  window.addEventListener('message', onMessage);

  return {
    get version() {
      return version;
    },
    get newestFields() {
      return newestFields;
    },
    get coming() {
      return coming;
    },
    whenTaken: () => {
      if (!coming) return Promise.resolve();
      const taken = new Promise<void>((resolve) => waiters.push(resolve));
      pull();
      return taken;
    },
    reading: () => {
      inRead = true;
      clearTimeout(timer);
    },
    pullSoon,
    stop: () => {
      for (const resolve of waiters.splice(0)) resolve();
      clearTimeout(soon);
      clearTimeout(timer);
      clearTimeout(giveUp);
      window.removeEventListener('message', onMessage);
    },
  };
}
