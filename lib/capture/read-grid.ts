/**
 * A grid's rows made into records, in the worker: the content script reads only the cells' text (by the
 * headers' meaning) and sends it here with what it classified the page as; here the rows go through the
 * page's reader (normalising, identifier checks), are merged with the frame's own JSON (frame-grids.ts),
 * and a virtual list's undrawn rows are added from it. Kept out of the page, whose heap carries every
 * function a content script runs and every object it keeps.
 */
import type { Provenance, StatusChangeCase, Student } from '../records';
import type { FieldKey } from './fields';
import { expand, type StoredGrid } from './json-store';
import { learnFromPage, undrawnGrid } from './learn';
import { type Implied, jsonRecords, matchingJson, mergeSources } from './merge';
import type { PageReader } from './pages/types';
import { READERS, toReadRows } from './recognise';
import type { GridRow } from './shapes';

type AnyRecord = Student | StatusChangeCase;
type Cells = GridRow['cells'];

export interface GridReadInput {
  family: PageReader['family'];
  implied: Implied;
  source: Provenance;
  /** The fields the grid's headers show, in the content script's reading. */
  fields: FieldKey[];
  /** Each drawn row's cells, in the grid's order. */
  rows: Cells[];
  /** Only the visible rows are drawn (a virtual list): the JSON holds the rest. */
  virtual: boolean;
}

export interface GridReadResult {
  /** Per drawn row, in order: its record, or null for a row that is none (an empty filler row). */
  drawn: (AnyRecord | null)[];
  /** A virtual list's records that are not drawn (from its JSON). */
  undrawn: AnyRecord[];
  origin: 'dom' | 'dom+json';
  mismatches: number;
}

export const readerOf = (family: PageReader['family']): PageReader =>
  READERS.find((r) => r.family === family) as PageReader;

/**
 * Reads the rows and merges them with `grids` (the frame's responses, newest last). `used` drops each
 * grid's rows as mapped on arrival once a read of a list that draws all its rows has them (a virtual list
 * keeps them for its reads at each scroll).
 */
export async function readGrid(
  input: GridReadInput,
  grids: StoredGrid[],
  used: boolean,
): Promise<GridReadResult> {
  const reader = readerOf(input.family);
  const { source, implied } = input;
  const domRows = toReadRows(
    reader,
    input.rows.map((cells, index) => ({ cells, index })),
    source,
    implied,
  );
  const expanded = await Promise.all(grids.map((g) => expand(g)));
  const learnt = await learnFromPage(
    expanded,
    domRows.map((r) => r.row.cells),
  );
  // The names learnt are kept with the stored grid: the next read (a virtual list's scroll) expands it
  // through them and need not learn them again.
  learnt.forEach((g, i) => {
    if (g !== expanded[i] && g.model) grids[i]!.model = g.model;
  });
  if (used && !input.virtual) for (const g of grids) g.fresh = undefined;
  const pairs = matchingJson(domRows, learnt, input.fields);
  const { rows, mismatches } = mergeSources(domRows, pairs, input.fields, reader, source, implied);
  const drawn: (AnyRecord | null)[] = input.rows.map(() => null);
  for (const r of rows) drawn[r.row.index] = r.record;
  const rest = undrawnGrid(input, rows, learnt);
  const ids = new Set(rows.map((r) => r.record.id));
  const undrawn = rest ? jsonRecords(rest, reader, source, implied).filter((r) => !ids.has(r.id)) : [];
  return { drawn, undrawn, origin: pairs ? 'dom+json' : 'dom', mismatches };
}

/** The records of the frame's newest response alone (a page that shows its data without a grid). */
export async function readNewestJson(
  family: PageReader['family'],
  implied: Implied,
  source: Provenance,
  grids: StoredGrid[],
): Promise<AnyRecord[]> {
  const newest = grids.at(-1);
  if (!newest) return [];
  const grid = await expand(newest);
  newest.fresh = undefined; // used: kept compact from now on
  return jsonRecords(grid, readerOf(family), source, implied);
}
