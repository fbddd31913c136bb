/**
 * Reading the grid a frame shows: finds it by its headers, reads its rows in chunks (so the host page
 * never stalls), and merges them with the grid's own JSON when that lists the same rows.
 */
import { findGrids } from '@/lib/capture/grid';
import { fieldsOf, type JsonGrid } from '@/lib/capture/json';
import { expand, type StoredGrid } from '@/lib/capture/json-store';
import { learnFromPage, undrawnGrid } from '@/lib/capture/learn';
import { jsonRecords, matchingJson, mergeSources } from '@/lib/capture/merge';
import type { PageContext } from '@/lib/capture/pages/types';
import { classify, toReadRows } from '@/lib/capture/recognise';
import type { GridShape, ReadRow } from '@/lib/capture/shapes';
import type { Provenance } from '@/lib/records';
import { ROWS_PER_TASK, yieldToMain } from './chunks';
import type { CapturedRecord, Family } from './grid-save';

/** Records made from JSON alone cost more than rows read (identifier checks): smaller slices. */
const UNDRAWN_PER_TASK = 100;

export type GridFound =
  | { status: 'missing'; pageKind: string; missing: string[]; signature: string }
  | {
      status: 'ok';
      pageKind: string;
      family: Family;
      shape: GridShape;
      signature: string;
      /** Reads every row (in chunks) and merges it with the grid's JSON. */
      read(): Promise<GridRows>;
    };

export interface GridRows {
  rows: ReadRow[];
  /** A virtual list's records that are not drawn (from its JSON): saved, not badged. */
  undrawn: CapturedRecord[];
  source: Provenance;
  origin: 'dom' | 'dom+json';
  mismatches: number;
}

/**
 * A short fingerprint of the grid's text: a re-render that shows the same rows is not read again. Kept
 * instead of the text itself, which for 2,000 rows is hundreds of kilobytes held for the page's life.
 */
export function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${text.length}:${(h2 >>> 0).toString(36)}${(h1 >>> 0).toString(36)}`;
}

/** The kept JSON grids expanded for one read (freed with it), in slices between which the page runs. */
async function expandAll(grids: readonly StoredGrid[]): Promise<JsonGrid[]> {
  const out: JsonGrid[] = [];
  for (const g of grids) {
    await yieldToMain();
    out.push(await expand(g, yieldToMain, ROWS_PER_TASK));
  }
  return out;
}

/** The first grid of the page Baoxue knows (one grid per frame is what the host system shows). */
export function findGrid(
  doc: Document,
  ctx: PageContext,
  json: { grids: readonly StoredGrid[]; version: number },
): GridFound | undefined {
  for (const shape of findGrids(doc)) {
    const c = classify(shape, ctx);
    if (c.status === 'unknown' || shape.rowElements.length === 0) continue;
    const signature = `${c.kind}|${shape.fields.join()}|${json.version}|${fingerprint(shape.grid.textContent ?? '')}`;
    if (c.status === 'missing') return { status: 'missing', pageKind: c.kind, missing: c.missing, signature };
    const source = { host: ctx.host, pageKind: c.kind, seenAt: ctx.now };
    return {
      status: 'ok',
      pageKind: c.kind,
      family: c.reader.family,
      shape,
      signature,
      async read() {
        const domRows: ReadRow[] = [];
        for (let i = 0; i < shape.rowElements.length; i += ROWS_PER_TASK) {
          if (i > 0) await yieldToMain();
          const chunk = shape.rowElements.slice(i, i + ROWS_PER_TASK).map((el) => shape.readRow(el));
          domRows.push(...toReadRows(c.reader, chunk, source, c.implied));
        }
        // JSON whose field names no table knows (a 2.0-style API) is read by what the shown rows hold.
        const stored = [...json.grids];
        const expanded = await expandAll(stored);
        const grids = await learnFromPage(
          expanded,
          domRows.map((r) => r.row.cells),
          yieldToMain,
        );
        // The names learnt are kept with the stored grid: the next read (a virtual list's scroll) expands
        // it through them and need not learn them again.
        grids.forEach((g, i) => {
          if (g !== expanded[i] && g.model) stored[i]!.model = g.model;
        });
        // Used: from now on the kept grids are only their compact columns (a virtual list keeps its rows
        // as mapped, for the reads at each scroll).
        if (!shape.virtual) for (const g of stored) g.fresh = undefined;
        const pairs = matchingJson(domRows, grids, shape.fields);
        const { rows, mismatches } = mergeSources(domRows, pairs, shape.fields, c.reader, source, c.implied);
        // A virtual list: the rows it does not draw, from its JSON, in slices (two thousand records).
        const rest = undrawnGrid(shape, rows, grids);
        const drawn = new Set(rows.map((r) => r.record.id));
        const undrawn: CapturedRecord[] = [];
        for (let i = 0; rest && i < rest.rows.length; i += UNDRAWN_PER_TASK) {
          await yieldToMain();
          const slice = { ...rest, rows: rest.rows.slice(i, i + UNDRAWN_PER_TASK) };
          for (const r of jsonRecords(slice, c.reader, source, c.implied))
            if (!drawn.has(r.id)) undrawn.push(r);
        }
        return { rows, undrawn, source, origin: pairs ? 'dom+json' : 'dom', mismatches };
      },
    };
  }
  return undefined;
}

/** No readable grid on the page, but its own data arrived: the records of the newest JSON grid. */
export function jsonOnly(
  doc: Document,
  ctx: PageContext,
  json: { grids: readonly StoredGrid[] },
):
  | {
      pageKind: string;
      family: Family;
      source: Provenance;
      /** The grid expanded (in slices) and read; only when it is to be saved. */
      records(): Promise<CapturedRecord[]>;
    }
  | undefined {
  const newest = json.grids.at(-1);
  if (!newest || findGrids(doc).some((s) => classify(s, ctx).status !== 'unknown')) return undefined;
  const c = classify({ fields: fieldsOf(newest.names, newest.model) }, ctx);
  if (c.status !== 'ok') return undefined;
  const source = { host: ctx.host, pageKind: c.kind, seenAt: ctx.now };
  return {
    pageKind: c.kind,
    family: c.reader.family,
    source,
    records: async () => {
      const grid = await expand(newest, yieldToMain, ROWS_PER_TASK);
      newest.fresh = undefined; // used: kept compact from now on
      return jsonRecords(grid, c.reader, source, c.implied);
    },
  };
}
