/**
 * The shapes a page reading passes along: a grid found on the page, its rows, and a row with the record
 * read from it. Types only, so the readers (grid, library grids, recognise, merge) share them without
 * importing each other.
 */
import type { StatusChangeCase, Student } from '../records';
import type { FieldKey } from './fields';

export interface GridRow {
  element: Element;
  cells: Partial<Record<FieldKey, string>>;
  /** The cell holding 全国学籍号 (where the overlay puts its badge), when the grid has one. */
  keyCell?: Element;
}

/** A grid found on the page: which fields its headers map to, and its row elements (not yet read). */
export interface GridShape {
  grid: Element;
  fields: FieldKey[];
  unknownHeaders: string[];
  rowElements: Element[];
  readRow(row: Element): GridRow;
  /** Only the visible rows are drawn (a virtual list): the page's JSON holds the rest. */
  virtual?: boolean;
}

export interface GridRead extends GridShape {
  rows: GridRow[];
}

/** A row of the host grid with the record read from it (so the overlay badges the right row). */
export interface ReadRow<Row extends Pick<GridRow, 'cells'> = GridRow> {
  row: Row;
  record: Student | StatusChangeCase;
}
