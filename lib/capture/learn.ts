/**
 * The JSON a modern page fetched, and what its field names mean. A 2.0-style API answers
 * `{code, data: {records: […]}}` with names no table can know in advance (stuNo, flowStatus); but the
 * page shows some of those same rows under headers Baoxue reads by meaning. So the names are learnt from
 * the page itself: the field whose values are the 学籍号 the rows show pairs each shown row with its JSON
 * row, and then each header's field is the one holding what that column shows in (nearly) every pair. A
 * virtual list shows a dozen rows and fetched two thousand: the dozen teach the names, the JSON gives the
 * rest. Nothing is guessed from a name's spelling.
 */
import type { Provenance, StatusChangeCase, Student } from '../records';
import type { FieldMap } from './columns';
import type { FieldKey } from './fields';
import { type AjaxObservation, appendLoushangRows, type JsonGrid, loushangRows } from './json';
import { type Implied, jsonRecords } from './merge';
import { comparable } from './normalize';
import type { PageReader } from './pages/types';
import type { GridRow, GridShape, ReadRow } from './shapes';

const MAX_TEXT = 8_000_000;
const MAX_ROWS = 5_000;
const MAX_DEPTH = 4;

const isRowObject = (v: unknown): v is Record<string, unknown> =>
  !!v &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  Object.values(v).filter((x) => typeof x === 'string' || typeof x === 'number').length >= 2;

/**
 * The rows of a JSON response: a Loushang grid's root, else the longest array of row-like objects a few
 * levels down (`data.records`, `result.list`, `rows`…). Null when the response holds none.
 */
export function responseRows(obs: AjaxObservation): unknown[] | null {
  const loushang = loushangRows(obs);
  if (loushang) return loushang;
  if (typeof obs.text !== 'string' || obs.text.length > MAX_TEXT) return null;
  const head = obs.text.trimStart()[0];
  if (head !== '{' && head !== '[') return null;
  let json: unknown;
  try {
    json = JSON.parse(obs.text);
  } catch {
    return null;
  }
  let best: unknown[] | null = null;
  const visit = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || depth > MAX_DEPTH) return;
    if (Array.isArray(v)) {
      if (v.length > 0 && v.length <= MAX_ROWS && isRowObject(v[0]) && v.length > (best?.length ?? 0))
        best = v;
      return;
    }
    for (const x of Object.values(v).slice(0, 50)) visit(x, depth + 1);
  };
  visit(json, 0);
  return best;
}

/** A row's scalar values as text (what appendLoushangRows keeps as `raw`). */
const scalar = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/**
 * JSON field name → Baoxue field, learnt from rows the page shows (cells read by header) and the JSON
 * rows it fetched. Undefined when no field holds the shown 学籍号s (the JSON is not these rows).
 */
export function learnFieldMap(shown: GridRow['cells'][], json: unknown[]): FieldMap | undefined {
  const dom = shown.filter((c) => comparable('xjh', c.xjh));
  if (dom.length === 0) return undefined;
  const objects = json.filter(isRowObject);
  const names = new Set<string>();
  for (const row of objects.slice(0, 20)) for (const k of Object.keys(row)) names.add(k);
  // 1. The key: the field whose values are the shown 学籍号s.
  const wanted = new Map(dom.map((c, i) => [comparable('xjh', c.xjh), i]));
  // Compared as shown first (a map look-up per value: two thousand rows stay well under a frame), so
  // the 学籍号 as written beats the same letters in another case (an id made from it); in comparable
  // form only when no field holds a 学籍号 written as shown.
  const asShown = new Map(dom.map((c, i) => [c.xjh!.trim(), i]));
  const lookUp = (key: (v: string) => number | undefined) => {
    let best: [string, [number, Record<string, unknown>][]] = ['', []];
    for (const name of names) {
      const found: [number, Record<string, unknown>][] = [];
      for (const row of objects) {
        const v = scalar(row[name]);
        const i = v === undefined || v.length > 40 ? undefined : key(v);
        if (i !== undefined) found.push([i, row]);
      }
      if (found.length > best[1].length) best = [name, found];
    }
    return best;
  };
  let [keyName, pairs] = lookUp((v) => asShown.get(v.trim()));
  if (pairs.length === 0) [keyName, pairs] = lookUp((v) => wanted.get(comparable('xjh', v)));
  // Most shown rows must be in the JSON, or it is another list that happens to share a student.
  if (pairs.length < Math.max(1, Math.ceil(dom.length * 0.8))) return undefined;
  const map: FieldMap = { names: new Map([[keyName, 'xjh']]), dicts: new Map() };
  // 2. Every other shown field: the name holding what its column shows in (nearly) every pair.
  const fields = new Set<FieldKey>();
  for (const c of dom) for (const f of Object.keys(c) as FieldKey[]) if (f !== 'xjh') fields.add(f);
  for (const field of fields) {
    let best = '';
    let hits = 0;
    for (const name of names) {
      if (map.names.has(name)) continue;
      let n = 0;
      let asked = 0;
      for (const [i, row] of pairs) {
        const shownValue = dom[i]![field];
        if (!shownValue) continue;
        asked++;
        const v = scalar(row[name]);
        if (v !== undefined && comparable(field, v) === comparable(field, shownValue)) n++;
      }
      if (asked > 0 && n > hits && n >= Math.ceil(asked * 0.8)) [best, hits] = [name, n];
    }
    if (best) map.names.set(best, field);
  }
  return map;
}

/**
 * The JSON rows read again through a learnt map: the same rows, now with Baoxue's fields. `pause`
 * between slices gives the host page the main thread back (the overlay passes one; tests need none).
 */
export async function remap(
  grid: JsonGrid,
  model: FieldMap,
  pause?: () => Promise<void>,
  slice = 250,
): Promise<JsonGrid> {
  const out: JsonGrid = { url: grid.url, fields: [], rows: [], model };
  const seen = new Map<string, string>();
  for (let i = 0; i < grid.rows.length; i += slice) {
    if (i > 0) await pause?.();
    appendLoushangRows(
      out,
      grid.rows.slice(i, i + slice).map((r) => r.raw),
      seen,
    );
  }
  return out;
}

/**
 * For JSON grids whose names Baoxue did not know (no 学籍号 read from them), learns the names from the
 * rows the page shows, and returns the grids read again. Grids already read, or that these rows do not
 * describe, are returned as they were.
 */
export async function learnFromPage(
  grids: readonly JsonGrid[],
  shown: GridRow['cells'][],
  pause?: () => Promise<void>,
): Promise<JsonGrid[]> {
  const out: JsonGrid[] = [];
  for (const g of grids) {
    const done = learnt.get(g);
    if (g.fields.includes('xjh') || done) {
      out.push(done ?? g);
      continue;
    }
    const model = learnFieldMap(
      shown,
      g.rows.map((r) => r.raw),
    );
    if (!model) {
      out.push(g);
      continue;
    }
    await pause?.();
    const read = await remap(g, model, pause);
    learnt.set(g, read); // a virtual list re-read while scrolling maps its 2,000 rows once
    out.push(read);
  }
  return out;
}
const learnt = new WeakMap<JsonGrid, JsonGrid>();

/**
 * A virtual list's JSON grid: the newest one listing any of the drawn rows, whose other rows are the
 * records not drawn. Undefined for a list that draws all its rows, or when no JSON holds them.
 */
export function undrawnGrid(
  shape: Pick<GridShape, 'virtual'>,
  drawn: ReadRow<Pick<GridRow, 'cells'>>[],
  grids: readonly JsonGrid[],
): JsonGrid | undefined {
  if (!shape.virtual || drawn.length === 0) return undefined;
  const keys = new Set(drawn.map((r) => comparable('xjh', r.record.xjh)).filter(Boolean));
  return [...grids].reverse().find((g) => g.rows.some((r) => keys.has(comparable('xjh', r.cells.xjh))));
}

/**
 * The records of a virtual list that are not drawn, through the same page reader (all at once; the
 * overlay maps them in slices between which the page gets the main thread back).
 */
export function undrawnRecords(
  shape: Pick<GridShape, 'virtual'>,
  drawn: ReadRow[],
  grids: readonly JsonGrid[],
  reader: PageReader,
  source: Provenance,
  implied: Implied = {},
): (Student | StatusChangeCase)[] {
  const grid = undrawnGrid(shape, drawn, grids);
  if (!grid) return [];
  const ids = new Set(drawn.map((r) => r.record.id));
  return jsonRecords(grid, reader, source, implied).filter((r) => !ids.has(r.id));
}
