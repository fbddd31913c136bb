/**
 * Reads a host grid into header-keyed rows. Columns are found by their header text, never by position or
 * generated id: an L5 grid's header and body are separate tables joined by the `l-grid3-td-{colId}` class;
 * a plain <table> with a header row (2.0 and provincial variants) is joined by column index of its own
 * header. Uses textContent (no layout). Finding a grid is cheap; rows are read separately so a large grid
 * can be read in chunks between which the host page gets the main thread back.
 */
import { type FieldKey, fieldForLabel, isIgnoredLabel } from './fields';
import { findLibraryGrids, LIBRARY_TABLE } from './library-grids';
import type { GridRead, GridRow, GridShape } from './shapes';

const COL_CLASS = /(?:^|\s)l-grid3-td-(\S+)/;
const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function mapHeaders(headers: { key: string; text: string }[]) {
  const columns = new Map<string, FieldKey>();
  const unknownHeaders: string[] = [];
  for (const h of headers) {
    const field = fieldForLabel(h.text);
    if (field && ![...columns.values()].includes(field)) columns.set(h.key, field);
    else if (!field && h.text && !isIgnoredLabel(h.text)) unknownHeaders.push(h.text);
  }
  return { columns, unknownHeaders };
}

export function l5Shape(grid: Element): GridShape {
  const headers = [...grid.querySelectorAll('.l-grid3-header td.l-grid3-hd')].map((td) => ({
    key: COL_CLASS.exec(td.className)?.[1] ?? '',
    text: clean(td.textContent),
  }));
  const { columns, unknownHeaders } = mapHeaders(headers.filter((h) => h.key));
  return {
    grid,
    fields: [...columns.values()],
    unknownHeaders,
    rowElements: [...grid.querySelectorAll('.l-grid3-body .l-grid3-row')],
    readRow(row) {
      const cells: GridRow['cells'] = {};
      let keyCell: Element | undefined;
      for (const td of row.querySelectorAll('td.l-grid3-col')) {
        const field = columns.get(COL_CLASS.exec(td.className)?.[1] ?? '');
        if (!field) continue;
        cells[field] = clean(td.textContent);
        if (field === 'xjh') keyCell = td.querySelector('.l-grid3-cell-inner') ?? td;
      }
      return { element: row, cells, keyCell };
    },
  };
}

export function tableShape(table: Element): GridShape {
  // Direct children only, so a table nested in a cell is not read as rows of this one.
  const trs = [...table.querySelectorAll(':scope > thead > tr, :scope > tbody > tr, :scope > tr')];
  const cellsOf = (tr: Element) => [...tr.querySelectorAll(':scope > th, :scope > td')];
  const headRow = trs[0];
  const headers = headRow
    ? cellsOf(headRow).map((c, i) => ({ key: String(i), text: clean(c.textContent) }))
    : [];
  const { columns, unknownHeaders } = mapHeaders(headers);
  return {
    grid: table,
    fields: [...columns.values()],
    unknownHeaders,
    rowElements: trs.slice(1),
    readRow(tr) {
      const tds = cellsOf(tr);
      const cells: GridRow['cells'] = {};
      let keyCell: Element | undefined;
      for (const [i, field] of columns) {
        const cell = tds[Number(i)];
        if (!cell) continue;
        cells[field] = clean(cell.textContent);
        if (field === 'xjh') keyCell = cell;
      }
      return { element: tr, cells, keyCell };
    },
  };
}

/** Every grid on the page with at least two recognised columns (rows not read yet). */
export function findGrids(root: ParentNode): GridShape[] {
  const shapes: GridShape[] = [];
  for (const grid of root.querySelectorAll('.l-grid3')) shapes.push(l5Shape(grid));
  // Component-library tables (Element Plus, vxe-table, el-table-v2): library-grids.ts.
  shapes.push(...findLibraryGrids(root));
  // Not the tables inside an L5 grid (one per row): listing those would make the browser keep an object
  // for each of them for the page's life (2,000 on a 2,000-row grid).
  for (const table of root.querySelectorAll('table:not(.l-grid3 table)')) {
    if (table.closest('.l-grid3') || table.closest(LIBRARY_TABLE) || table.closest('[data-baoxue-root]'))
      continue;
    const shape = tableShape(table);
    if (shape.rowElements.length > 0) shapes.push(shape);
  }
  return shapes.filter((s) => s.fields.length >= 2);
}

/** Reads every row at once: for tests and small grids. */
export function readAll(shape: GridShape): GridRead {
  return { ...shape, rows: shape.rowElements.map((r) => shape.readRow(r)) };
}

export function readGrids(root: ParentNode): GridRead[] {
  return findGrids(root).map(readAll);
}
