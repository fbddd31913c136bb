/**
 * The host grid's own JSON responses, kept by the worker for each frame that loaded them (not in the
 * page: a content script's objects count against the host page's heap, and a 2,000-row response kept
 * there cost it 0.16 MB for the page's life, besides the code that maps it). The content script forwards
 * each response the main-world observer gave it and forgets it; a read of the frame's grid is merged here
 * with what the frame's responses hold (read-grid.ts).
 *
 * Kept per frame document (its newest KEEP responses), for at most MAX_FRAMES frames: the least recently
 * used frame is dropped first, and a tab's frames when it closes. The browser stops the worker after about
 * 30 s without a message, and a registrar often reads a list longer than that before sorting or scrolling
 * it: each frame's newest response is therefore also kept in the session store (`keepAcrossRestarts`:
 * storage.session, in memory only, never written to disk, readable by the worker and Baoxue's own pages
 * only), for at most MAX_SAVED frames, and taken back from there by the next read. A read that finds
 * nothing kept for its frame is read from the page alone and says so (origin `dom`).
 */
import { type HostColumn, modelFor, sanitizeModels } from './columns';
import { type AjaxObservation, appendLoushangRows, fieldsOf, type JsonGrid, rowKeys } from './json';
import { gridBuilder, gridFromPlain, plainGrid, rawRows, type StoredGrid } from './json-store';
import { responseRows } from './learn';

const KEEP = 5;
const MAX_FRAMES = 16;
/** Frames whose newest response outlives the worker (a 2,000-row demo list is 0.28 MB of the 10 MB). */
const MAX_SAVED = 8;
const ROWS_PER_SLICE = 250;
const SAVED_PREFIX = 'frameJson:';
const SAVED_INDEX = 'frameJson';

/** The session store (storage.session in the worker; a Map in tests). */
export interface SessionStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(keys: string[]): Promise<void>;
}
let session: SessionStore | undefined;
/** Keeps each frame's newest response in `store` too, so a stopped worker's next read still has it. */
export function keepAcrossRestarts(store: SessionStore | undefined): void {
  session = store;
}
type SavedIndex = { key: string; tabId?: number }[];
const savedIndex = async (): Promise<SavedIndex> => {
  const v = await session?.get(SAVED_INDEX).catch(() => undefined);
  return Array.isArray(v) ? (v as SavedIndex).filter((e) => typeof e?.key === 'string') : [];
};

/**
 * The newest response of the frame into the session store; the least recently saved frame beyond MAX_SAVED
 * out. One save at a time: two frames' responses saved at once would each rewrite the index without the
 * other's entry.
 */
let saving: Promise<void> = Promise.resolve();
function save(key: string, tabId: number | undefined, grid: StoredGrid): Promise<void> {
  saving = saving.then(() => saveNow(key, tabId, grid));
  return saving;
}
async function saveNow(key: string, tabId: number | undefined, grid: StoredGrid): Promise<void> {
  if (!session) return;
  try {
    const index = (await savedIndex()).filter((e) => e.key !== key);
    index.push({ key, tabId });
    const gone = index.splice(0, Math.max(0, index.length - MAX_SAVED));
    await session.set(SAVED_PREFIX + key, plainGrid(grid));
    await session.set(SAVED_INDEX, index);
    if (gone.length) await session.remove(gone.map((e) => SAVED_PREFIX + e.key));
  } catch {
    // Over the session store's quota: the response is kept in the worker's memory only.
  }
}

export interface FrameGrids {
  /** Newest last. */
  grids: StoredGrid[];
  /** Goes up by one with each response taken (the content script puts it in a read's signature). */
  version: number;
}

const frames = new Map<string, FrameGrids>();

/** A frame document's key, from the browser's own sender fields (a page cannot name another frame). */
export function frameKey(sender: {
  tab?: { id?: number };
  frameId?: number;
  documentId?: string;
  url?: string;
}) {
  if (sender.documentId) return `doc:${sender.documentId}`;
  if (sender.tab?.id === undefined) return undefined;
  return `tab:${sender.tab.id}:${sender.frameId ?? 0}:${sender.url ?? ''}`;
}

/** The frame's kept responses (marked as used, so the least recently used frame goes first). */
export function frameGrids(key: string): FrameGrids {
  const kept = frames.get(key) ?? { grids: [], version: 0 };
  frames.delete(key);
  frames.set(key, kept);
  while (frames.size > MAX_FRAMES) frames.delete(frames.keys().next().value as string);
  return kept;
}

/**
 * The same, taking the frame's newest response back from the session store when the worker holds none
 * for it (it was stopped since the response came).
 */
export async function loadFrameGrids(key: string): Promise<FrameGrids> {
  const kept = frameGrids(key);
  if (kept.grids.length > 0 || !session) return kept;
  const grid = gridFromPlain(await session.get(SAVED_PREFIX + key).catch(() => undefined));
  if (grid && kept.grids.length === 0) kept.grids.push(grid);
  return kept;
}

/** A tab closed: its frames' responses go with it, from memory and from the session store. */
export async function forgetTab(tabId: number): Promise<void> {
  for (const [key] of frames)
    if (key.startsWith(`tab:${tabId}:`) || frameTabs.get(key) === tabId) {
      frames.delete(key);
      frameTabs.delete(key);
    }
  const store = session;
  if (!store) return;
  saving = saving
    .then(async () => {
      const index = await savedIndex();
      const gone = index.filter((e) => e.tabId === tabId);
      if (gone.length === 0) return;
      await store.set(
        SAVED_INDEX,
        index.filter((e) => e.tabId !== tabId),
      );
      await store.remove(gone.map((e) => SAVED_PREFIX + e.key));
    })
    .catch(() => {}); // a failed removal must not stop the saves after it
  await saving;
}
const frameTabs = new Map<string, number>();

/**
 * Takes one response (`columns` as the page's main world gave them: checked here): its rows packed into
 * compact columns, and mapped for the read that follows. Answers whether it held grid rows (one that does
 * not is taken as nothing), the frame's version and the fields the newest response gives (what a page
 * with no grid is classified by).
 */
export async function takeResponse(
  key: string,
  tabId: number | undefined,
  obs: AjaxObservation,
  untrustedColumns: unknown,
): Promise<{ taken: boolean; version: number; fields: string[] }> {
  const kept = frameGrids(key);
  if (tabId !== undefined) frameTabs.set(key, tabId);
  const raw = responseRows(obs); // a Loushang grid's rows, or a 2.0-style API's (data.records…)
  if (raw) {
    const models: HostColumn[][] = sanitizeModels(untrustedColumns);
    const model = modelFor(models, rowKeys(raw));
    const grid = gridBuilder(obs.url, model);
    // Mapped now too, for the read that follows (the page drawing these rows).
    const fresh: JsonGrid = { url: obs.url, fields: [], rows: [], model };
    const seen = new Map<string, string>(); // equal values kept as one string
    for (let i = 0; i < raw.length; i += ROWS_PER_SLICE) {
      const slice = raw.slice(i, i + ROWS_PER_SLICE);
      grid.add(slice);
      appendLoushangRows(fresh, slice, seen);
    }
    const done = grid.done();
    kept.grids.push({ ...done, fresh });
    if (kept.grids.length > KEEP) kept.grids.shift();
    kept.version++;
    await save(key, tabId, done);
  }
  const newest = kept.grids.at(-1);
  return { taken: !!raw, version: kept.version, fields: newest ? fieldsOf(newest.names, newest.model) : [] };
}

/** For tests: forget every frame the worker holds in memory (as a stopped worker has). */
export function forgetAllFrames(): void {
  frames.clear();
  frameTabs.clear();
}

/**
 * For the 页面结构报告: each kept response's field names (of its first row) and every value the responses
 * hold, which the report redacts wherever they appear (report.ts).
 */
export function reportOf(frame: FrameGrids): { fields: string[][]; values: string[] } {
  const values = new Set<string>();
  for (const g of frame.grids) for (const r of rawRows(g)) for (const v of Object.values(r)) values.add(v);
  return {
    fields: frame.grids.map((g) => Object.keys(rawRows(g, 0, 1)[0] ?? {}).slice(0, 200)),
    values: [...values],
  };
}
