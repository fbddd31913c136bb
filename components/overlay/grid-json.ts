/**
 * Intake of the grid's own JSON: the main-world observer (entrypoints/ajax-observer.content.ts) posts a
 * copy of each /command/ajax/ response with the page's column models; this keeps the newest few, packed
 * into compact columns in chunks (a 2,000-row page is a megabyte of JSON) so the host page never stalls
 * and the page's life does not hold its objects (lib/capture/json-store.ts). A read expands them.
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
import { type HostColumn, modelFor, sanitizeModels } from '@/lib/capture/columns';
import {
  AJAX_MESSAGE,
  AJAX_PULL,
  type AjaxObservation,
  appendLoushangRows,
  type JsonGrid,
  rowKeys,
} from '@/lib/capture/json';
import { gridBuilder, type StoredGrid } from '@/lib/capture/json-store';
import { responseRows } from '@/lib/capture/learn';
import { ROWS_PER_TASK, yieldToMain } from './chunks';

const KEEP = 5;
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
  /** The host grid's own JSON responses, newest last (the DOM of the same page usually follows them). */
  readonly grids: readonly StoredGrid[];
  /** Goes up by one with each response taken (part of a scan's signature). */
  readonly version: number;
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
  const grids: StoredGrid[] = [];
  let version = 0;
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

  /** The page's column models name its fields when they differ from JSON_FIELDS. */
  async function take(obs: AjaxObservation, models: HostColumn[][]) {
    const raw = responseRows(obs); // a Loushang grid's rows, or a 2.0-style API's (data.records…)
    if (!raw) return;
    const model = modelFor(models, rowKeys(raw));
    const grid = gridBuilder(obs.url, model);
    // Mapped now too, for the read that follows (the page drawing these rows); dropped after it.
    const fresh: JsonGrid = { url: obs.url, fields: [], rows: [], model };
    const seen = new Map<string, string>(); // equal values kept as one string
    for (let i = 0; i < raw.length; i += ROWS_PER_TASK) {
      await yieldToMain(); // the parse above was a task's worth already
      const slice = raw.slice(i, i + ROWS_PER_TASK);
      grid.add(slice);
      appendLoushangRows(fresh, slice, seen);
    }
    await yieldToMain();
    grids.push({ ...grid.done(), fresh }); // the parsed response is freed here
    if (grids.length > KEEP) grids.shift();
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
    // Taken whatever it holds (grid rows or not), then a read: the one a read held back its save for.
    void take({ url: data.url, text: data.text }, sanitizeModels(data.columns)).finally(settled);
  };
  window.addEventListener('message', onMessage);

  return {
    grids,
    get version() {
      return version;
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
