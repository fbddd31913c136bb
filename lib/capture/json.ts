/**
 * The host grid's own JSON (Loushang `/command/ajax/…` responses), observed read-only from the page:
 * exact, and independent of layout. Rows are mapped through JSON_FIELDS into the same cells the DOM
 * readers produce, so both sources become records through the same page readers.
 *
 * Parsed by hand rather than with zod: this runs in the content script, which stays small; every value
 * is checked for type and length before it is used, and the records are validated again by the store.
 */
import type { Student } from '../records';
import { type FieldKey, JSON_FIELDS } from './fields';
import type { GridRow } from './grid';

/** The marker on window messages from the main-world observer (entrypoints/ajax-observer.content.ts). */
export const AJAX_MESSAGE = 'baoxue:ajax';

export interface AjaxObservation {
  url: string;
  text: string;
}

export interface JsonGrid {
  url: string;
  fields: FieldKey[];
  rows: { cells: GridRow['cells']; raw: Record<string, string> }[];
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

/** Maps raw rows into `grid` (cells per row through JSON_FIELDS); call per slice to work in chunks. */
export function appendLoushangRows(grid: JsonGrid, rows: unknown[]): void {
  const fields = new Set(grid.fields);
  for (const row of rows) {
    if (!row || typeof row !== 'object') continue;
    const cells: GridRow['cells'] = {};
    const raw: Record<string, string> = {};
    for (const [name, value] of Object.entries(row as Record<string, unknown>)) {
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const text = String(value).slice(0, 2000);
      raw[name] = text;
      const key = JSON_FIELDS[name];
      if (key) {
        cells[key] = text.trim();
        fields.add(key);
      }
    }
    grid.rows.push({ cells, raw });
  }
  grid.fields = [...fields];
}

/** A Loushang grid response → cells per row, all at once; null when it is not one. */
export function parseLoushang(obs: AjaxObservation): JsonGrid | null {
  const rows = loushangRows(obs);
  if (!rows) return null;
  const grid: JsonGrid = { url: obs.url, fields: [], rows: [] };
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
  if (raw.rxny && /^\d{6}$/.test(raw.rxny)) extras.enrolled = `${raw.rxny.slice(0, 4)}-${raw.rxny.slice(4)}`;
  if (raw.jdfsm === '1' || raw.jdfsm === '2') extras.boarding = raw.jdfsm === '2';
  if (raw.sfzjlxm) extras.idType = raw.sfzjlxm;
  return extras;
}

/** Field values the DOM shows that the JSON contradicts (DOM text vs JSON value, both normalized). */
export function disagreements<T extends object>(dom: T, json: T, shown: FieldKey[]): string[] {
  const out: string[] = [];
  for (const f of shown) {
    const key = f as keyof T;
    if (!(key in dom) || !(key in json)) continue;
    if (String(dom[key] ?? '') !== String(json[key] ?? '')) out.push(f);
  }
  return out;
}
