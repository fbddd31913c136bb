/**
 * Intake of the grid's own JSON: the main-world observer (entrypoints/ajax-observer.content.ts) posts a
 * copy of each /command/ajax/ response with the page's column models; this keeps the newest few, packed
 * into compact columns in chunks (a 2,000-row page is a megabyte of JSON) so the host page never stalls
 * and the page's life does not hold its objects (lib/capture/json-store.ts). A read expands them.
 */
import { type HostColumn, modelFor, sanitizeModels } from '@/lib/capture/columns';
import {
  AJAX_MESSAGE,
  type AjaxObservation,
  appendLoushangRows,
  type JsonGrid,
  rowKeys,
} from '@/lib/capture/json';
import { gridBuilder, type StoredGrid } from '@/lib/capture/json-store';
import { responseRows } from '@/lib/capture/learn';
import { ROWS_PER_TASK, yieldToMain } from './chunks';

const KEEP = 5;

export interface JsonIntake {
  /** The host grid's own JSON responses, newest last (the DOM of the same page usually follows them). */
  readonly grids: readonly StoredGrid[];
  /** Goes up by one with each response taken (part of a scan's signature). */
  readonly version: number;
  stop(): void;
}

/** Listens for the observer's messages from this frame's page; `onTaken` runs after each response. */
export function startJsonIntake(win: Pick<Window, 'location'>, onTaken: () => void): JsonIntake {
  const grids: StoredGrid[] = [];
  let version = 0;

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
    onTaken();
  }

  const onMessage = (e: MessageEvent) => {
    // Only this frame's own page, from its own origin, in the observer's shape.
    if (e.source !== window || e.origin !== win.location.origin) return;
    const data = e.data as Record<string, unknown> | null;
    if (data?.[AJAX_MESSAGE] !== true || typeof data.url !== 'string' || typeof data.text !== 'string')
      return;
    void take({ url: data.url, text: data.text }, sanitizeModels(data.columns));
  };
  window.addEventListener('message', onMessage);

  return {
    grids,
    get version() {
      return version;
    },
    stop: () => window.removeEventListener('message', onMessage),
  };
}
