/**
 * The grid JSON the worker keeps between reads of a frame (frame-grids.ts), in compact columns. The newest
 * responses are kept so a re-render of the same rows (a sort, a virtual list's scroll) is merged with them again;
 * kept as JSON.parse makes them, a 2,000-row page is 2,000 objects of two dozen properties and thousands of
 * small strings (1.3 MB). Kept here per column instead: a column of few distinct values (年级, codes, flags)
 * as a byte per row into its values; any other column as one string of all its values and where each ends.
 * A read expands the rows again for as long as it needs them (`expand`), as the rows JSON.parse gave.
 *
 * Every column is kept, not only those the readers read now: a page's names are learnt from its rows
 * (learn.ts), and the structure report redacts every value the page holds (report.ts).
 */
import type { FieldMap } from './columns';
import { appendLoushangRows, type JsonGrid } from './json';

/** A column of few distinct values: `codes[i]` is row i's index into `values` (undefined: no value). */
interface CodedColumn {
  values: (string | undefined)[];
  codes: Uint8Array | Uint16Array;
}

/** Any other column: row i's value is `text.slice(ends[i - 1] ?? 0, ends[i])`; `absent` rows have none. */
interface TextColumn {
  text: string;
  ends: Uint16Array | Uint32Array;
  absent?: Uint8Array;
}

type Column = CodedColumn | TextColumn;

export interface StoredGrid {
  url: string;
  /** The column model the rows are read through (the page's own, or learnt from the rows it shows). */
  model?: FieldMap;
  /** The raw field names, in the order the first rows gave them. */
  names: string[];
  size: number;
  columns: Column[];
  /**
   * The rows as mapped when they arrived, kept until a read has used them: the read that follows a
   * response (the page drawing the same rows) then costs no expansion. The overlay drops it after that
   * read, except for a virtual list, which reads its rows again at every scroll.
   */
  fresh?: JsonGrid;
}

/** A column is coded while it has at most this many distinct values (a byte per row). */
const MAX_CODES = 255;

/** Builds a stored grid slice by slice (`add`), then `done()` packs it; the slices are not kept. */
export function gridBuilder(url: string, model?: FieldMap) {
  const names: string[] = [];
  const index = new Map<string, number>();
  const cols: (string | undefined)[][] = [];
  let size = 0;
  return {
    /** Adds JSON rows as JSON.parse gave them: scalar values only, as text, at most 2,000 characters. */
    add(rows: unknown[]) {
      for (const row of rows) {
        if (!row || typeof row !== 'object') continue;
        for (const [name, value] of Object.entries(row as Record<string, unknown>)) {
          if (typeof value !== 'string' && typeof value !== 'number') continue;
          let c = index.get(name);
          if (c === undefined) {
            c = names.length;
            index.set(name, c);
            names.push(name);
            cols.push([]);
          }
          const col = cols[c]!;
          col.length = size; // rows before this one that lacked the field
          col.push(String(value).slice(0, 2000));
        }
        size++;
      }
    },
    done(): StoredGrid {
      const columns = cols.map((col) => {
        col.length = size;
        return pack(col);
      });
      return { url, model, names, size, columns };
    },
  };
}

function pack(col: (string | undefined)[]): Column {
  const distinct = new Map<string | undefined, number>();
  for (const v of col) {
    if (!distinct.has(v)) distinct.set(v, distinct.size);
    if (distinct.size > MAX_CODES) break;
  }
  if (distinct.size <= MAX_CODES) {
    const codes = new Uint8Array(col.length);
    for (let i = 0; i < col.length; i++) codes[i] = distinct.get(col[i])!;
    return { values: [...distinct.keys()], codes };
  }
  // Joined once into one flat string (`join`), so the column is one allocation, not one per row.
  const text = col.map((v) => v ?? '').join('');
  const ends = text.length < 0x10000 ? new Uint16Array(col.length) : new Uint32Array(col.length);
  let at = 0;
  let absent: Uint8Array | undefined;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === undefined) {
      absent ??= new Uint8Array(col.length);
      absent[i] = 1;
    }
    at += v?.length ?? 0;
    ends[i] = at;
  }
  return absent ? { text, ends, absent } : { text, ends };
}

function valueAt(col: Column, i: number): string | undefined {
  if ('codes' in col) return col.values[col.codes[i]!];
  if (col.absent?.[i]) return undefined;
  return col.text.slice(i === 0 ? 0 : col.ends[i - 1], col.ends[i]);
}

/** Rows `from`…`to` as JSON.parse gave them (scalar values as text), for learning or mapping. */
export function rawRows(grid: StoredGrid, from = 0, to = grid.size): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (let i = from; i < Math.min(to, grid.size); i++) {
    const entries: [string, string][] = [];
    grid.names.forEach((name, c) => {
      const v = valueAt(grid.columns[c]!, i);
      if (v !== undefined) entries.push([name, v]);
    });
    out.push(Object.fromEntries(entries));
  }
  return out;
}

/**
 * The stored grid as the readers take it (cells through its model, the raw values beside them), made for
 * one read and dropped after it. `pause` between slices gives the host page the main thread back.
 */
export async function expand(grid: StoredGrid, pause?: () => Promise<void>, slice = 250): Promise<JsonGrid> {
  if (grid.fresh) return grid.fresh;
  const out: JsonGrid = { url: grid.url, fields: [], rows: [], model: grid.model };
  const seen = new Map<string, string>();
  for (let i = 0; i < grid.size; i += slice) {
    if (i > 0) await pause?.();
    appendLoushangRows(out, rawRows(grid, i, i + slice), seen);
  }
  return out;
}

/** The same, at once (a report a person asked for; tests). */
export function expandNow(grid: StoredGrid): JsonGrid {
  if (grid.fresh) return grid.fresh;
  const out: JsonGrid = { url: grid.url, fields: [], rows: [], model: grid.model };
  appendLoushangRows(out, rawRows(grid));
  return out;
}

/** A stored grid as plain values (no typed arrays or maps): what storage.session can hold (frame-grids.ts). */
export interface PlainGrid {
  url: string;
  model?: { names: [string, string][]; dicts: [string, Record<string, string>][] };
  names: string[];
  size: number;
  columns: (
    | { values: (string | null)[]; codes: number[] }
    | { text: string; ends: number[]; absent?: number[] }
  )[];
}

export function plainGrid(grid: StoredGrid): PlainGrid {
  return {
    url: grid.url,
    model: grid.model && { names: [...grid.model.names], dicts: [...grid.model.dicts] },
    names: grid.names,
    size: grid.size,
    columns: grid.columns.map((c) =>
      'codes' in c
        ? { values: c.values.map((v) => v ?? null), codes: [...c.codes] }
        : { text: c.text, ends: [...c.ends], ...(c.absent ? { absent: [...c.absent] } : {}) },
    ),
  };
}

/** The grid again from its plain form; undefined when the value is not one (nothing else is trusted). */
export function gridFromPlain(value: unknown): StoredGrid | undefined {
  const p = value as PlainGrid | null;
  if (!p || typeof p.url !== 'string' || !Array.isArray(p.names) || !Array.isArray(p.columns))
    return undefined;
  if (typeof p.size !== 'number' || p.columns.length !== p.names.length) return undefined;
  const columns: Column[] = [];
  for (const c of p.columns) {
    if ('codes' in c && Array.isArray(c.codes) && c.codes.length === p.size)
      columns.push({ values: c.values.map((v) => v ?? undefined), codes: Uint8Array.from(c.codes) });
    else if ('text' in c && typeof c.text === 'string' && Array.isArray(c.ends) && c.ends.length === p.size)
      columns.push({
        text: c.text,
        ends: c.text.length < 0x10000 ? Uint16Array.from(c.ends) : Uint32Array.from(c.ends),
        ...(c.absent ? { absent: Uint8Array.from(c.absent) } : {}),
      });
    else return undefined;
  }
  const model = p.model && {
    names: new Map(p.model.names) as FieldMap['names'],
    dicts: new Map(p.model.dicts),
  };
  return { url: p.url, model, names: p.names, size: p.size, columns };
}
