/**
 * The host grid's own JSON (Loushang `/command/ajax/…` responses), observed read-only from the page:
 * exact, and independent of layout. Rows are mapped into the same cells the DOM readers produce, so both
 * sources become records through the same page readers: through the grid's own column model when the
 * page defines one (header ↔ field, columns.ts), else through the JSON_FIELDS table.
 *
 * Parsed by hand rather than with zod: the content script shares some of it (and carries no zod); every
 * value is checked for type and length before it is used, and the records are validated again by the store.
 */
import type { Student } from '../records';
import { hostMonth } from '../time/hostDate';
import type { FieldMap } from './columns';
import { type FieldKey, fieldForJsonName } from './fields';
import { sameValue } from './normalize';
import type { GridRow } from './shapes';

/** The marker on window messages from the main-world observer (entrypoints/ajax-observer.content.ts). */
export const AJAX_MESSAGE = 'baoxue:ajax';
/**
 * Asks the main-world observer for the responses it holds. The observer says only that a response came
 * (AJAX_MESSAGE without `text`) and keeps it until asked: the content script asks once it has read what
 * the page drew (components/overlay/grid-json.ts says why).
 */
export const AJAX_PULL = 'baoxue:ajax-pull';

export interface AjaxObservation {
  url: string;
  text: string;
}

export interface JsonRow {
  cells: GridRow['cells'];
  raw: Record<string, string>;
}

export interface JsonGrid {
  url: string;
  fields: FieldKey[];
  rows: JsonRow[];
  /** The column model the rows were read through, when the page defined one. */
  model?: FieldMap;
}

/** JSON field name → Baoxue field: the column model first; the table for what the model does not name. */
function keyOf(name: string, model: FieldMap | undefined): FieldKey | undefined {
  if (!model) return fieldForJsonName(name);
  const learnt = model.names.get(name);
  if (learnt) return learnt;
  const known = fieldForJsonName(name);
  // A field the model gives another name (审核状态 ↔ spzt) is not also read from the table's name (shzt).
  return known && ![...model.names.values()].includes(known) ? known : undefined;
}

/** The fields a grid with these raw names gives, through its model (what appendLoushangRows finds). */
export function fieldsOf(names: readonly string[], model?: FieldMap): FieldKey[] {
  const out = new Set<FieldKey>();
  for (const name of names) {
    const key = keyOf(name, model);
    if (key) out.add(key);
  }
  return [...out];
}

const MAX_TEXT = 8_000_000;
const MAX_ROWS = 5_000;

/** The rows array of a Loushang grid response; null when it is not one. One JSON.parse, no mapping. */
export function loushangRows(obs: AjaxObservation): unknown[] | null {
  if (typeof obs.text !== 'string' || obs.text.length > MAX_TEXT || !/\/command\/ajax\//.test(obs.url))
    return null;
  let json: unknown;
  try {
    json = JSON.parse(obs.text);
  } catch {
    return null;
  }
  if (!json || typeof json !== 'object') return null;
  const o = json as Record<string, unknown>;
  const meta = o.metaData as Record<string, unknown> | undefined;
  const root = typeof meta?.root === 'string' ? meta.root : 'rows';
  const rows = o[root];
  return Array.isArray(rows) && rows.length <= MAX_ROWS ? rows : null;
}

/** `text`, or the equal string `seen` already holds: equal values then share one string. */
function interned(seen: Map<string, string>, text: string): string {
  const same = seen.get(text);
  if (same !== undefined) return same;
  seen.set(text, text);
  return text;
}

/**
 * Maps raw rows into `grid` (cells per row); call per slice to work in chunks, passing the same `seen`
 * to every slice of one response. The grid is kept for re-reads, and JSON.parse makes every value its own
 * string (a 2,000-row page held 224 copies of 八年级): values are kept through `seen`, so equal values
 * are one string, and the parsed response is freed once mapped.
 */
export function appendLoushangRows(grid: JsonGrid, rows: unknown[], seen = new Map<string, string>()): void {
  const fields = new Set(grid.fields);
  const model = grid.model;
  for (const row of rows) {
    if (!row || typeof row !== 'object') continue;
    // Built from entries, not key by key: an object given more than a dozen properties one store at a
    // time becomes a hash table in V8, and the newest responses are kept for re-reads (a 2,000-row grid
    // of 26 fields held 3.5 MB so, 0.75 MB built at once).
    const cells: [string, string][] = [];
    const raw: [string, string][] = [];
    for (const [name, value] of Object.entries(row as Record<string, unknown>)) {
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const text = interned(seen, String(value).slice(0, 2000));
      raw.push([name, text]);
      const key = keyOf(name, model);
      if (key) {
        // A coded value is read as the column shows it (its dict), so both sources say the same thing.
        cells.push([key, interned(seen, (model?.dicts.get(name)?.[text] ?? text).trim())]);
        fields.add(key);
      }
    }
    grid.rows.push({
      cells: Object.fromEntries(cells) as GridRow['cells'],
      raw: Object.fromEntries(raw) as Record<string, string>,
    });
  }
  grid.fields = [...fields];
}

/** The raw field names of a response's first rows, for choosing its column model. */
export function rowKeys(rows: unknown[]): string[] {
  const keys = new Set<string>();
  for (const row of rows.slice(0, 5))
    if (row && typeof row === 'object') for (const k of Object.keys(row)) keys.add(k);
  return [...keys];
}

/** A Loushang grid response → cells per row, all at once; null when it is not one. */
export function parseLoushang(obs: AjaxObservation, model?: FieldMap): JsonGrid | null {
  const rows = loushangRows(obs);
  if (!rows) return null;
  const grid: JsonGrid = { url: obs.url, fields: [], rows: [], model };
  appendLoushangRows(grid, rows);
  return grid;
}

/** What only the JSON carries for a student: special groups and contact details (domain.md §2 codes). */
export function studentExtras(raw: Record<string, string>): Partial<Student> {
  const groups: string[] = [];
  if (raw.sflsetm === '1' || raw.sflsetm === '2') groups.push('留守儿童');
  if (raw.sfsqznm === '1') groups.push('随迁子女');
  if (raw.sfge === '1') groups.push('孤儿');
  if (raw.jkzkm === '50' || (raw.cjlxm && raw.cjlxm !== '0')) groups.push('残疾');
  if (raw.sfdb === '1') groups.push('低保');
  if (raw.sfjdlk === '1') groups.push('建档立卡');
  const extras: Partial<Student> = {};
  if ('sflsetm' in raw || 'sfsqznm' in raw || 'sfge' in raw || 'jkzkm' in raw) extras.specialGroups = groups;
  if (raw.lxdh) extras.phone = raw.lxdh;
  if (raw.xzz) extras.address = raw.xzz;
  const enrolled = hostMonth(raw.rxny);
  if (enrolled) extras.enrolled = enrolled;
  if (raw.jdfsm === '1' || raw.jdfsm === '2') extras.boarding = raw.jdfsm === '2';
  if (raw.sfzjlxm) extras.idType = raw.sfzjlxm;
  return extras;
}

/**
 * Fields the DOM shows that the JSON contradicts: both sides have a value and they differ in meaning, not
 * merely in form (normalize.ts `comparable`). A field one side lacks is no contradiction.
 */
export function disagreements(dom: GridRow['cells'], json: GridRow['cells'], shown: FieldKey[]): FieldKey[] {
  return shown.filter((f) => {
    const [a, b] = [dom[f]?.trim(), json[f]?.trim()];
    return !!a && !!b && !sameValue(f, a, b);
  });
}
