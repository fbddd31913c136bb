/**
 * Reads a host grid into header-keyed rows. Columns are found by their header text, never by position or
 * generated id: an L5 grid's header and body are separate tables joined by the `l-grid3-td-{colId}` class;
 * a plain <table> with a header row (2.0 and provincial variants) is joined by column index of its own
 * header. Uses textContent (no layout) and returns the row elements so the overlay can badge them.
 */
import { type FieldKey, fieldForLabel } from './fields';

export interface GridRow {
  element: Element;
  cells: Partial<Record<FieldKey, string>>;
  /** The cell holding 全国学籍号 (where the overlay puts its badge), when the grid has one. */
  keyCell?: Element;
}

export interface GridRead {
  grid: Element;
  /** Field keys found, in header order, and the header labels nobody maps (shown to maintainers). */
  fields: FieldKey[];
  unknownHeaders: string[];
  rows: GridRow[];
}

const COL_CLASS = /(?:^|\s)l-grid3-td-(\S+)/;
const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function mapHeaders(headers: { key: string; text: string }[]) {
  const columns = new Map<string, FieldKey>();
  const unknownHeaders: string[] = [];
  for (const h of headers) {
    const field = fieldForLabel(h.text);
    if (field && ![...columns.values()].includes(field)) columns.set(h.key, field);
    else if (!field && h.text) unknownHeaders.push(h.text);
  }
  return { columns, unknownHeaders };
}

export function readL5Grid(grid: Element): GridRead {
  const headers = [...grid.querySelectorAll('.l-grid3-header td.l-grid3-hd')].map((td) => ({
    key: COL_CLASS.exec(td.className)?.[1] ?? '',
    text: clean(td.textContent),
  }));
  const { columns, unknownHeaders } = mapHeaders(headers.filter((h) => h.key));
  const rows: GridRow[] = [];
  for (const row of grid.querySelectorAll('.l-grid3-body .l-grid3-row')) {
    const cells: GridRow['cells'] = {};
    let keyCell: Element | undefined;
    for (const td of row.querySelectorAll('td.l-grid3-col')) {
      const field = columns.get(COL_CLASS.exec(td.className)?.[1] ?? '');
      if (field) cells[field] = clean(td.textContent);
      if (field === 'xjh') keyCell = td.querySelector('.l-grid3-cell-inner') ?? td;
    }
    rows.push({ element: row, cells, keyCell });
  }
  return { grid, fields: [...columns.values()], unknownHeaders, rows };
}

export function readPlainTable(table: Element): GridRead {
  // Direct children only, so a table nested in a cell is not read as rows of this one.
  const trs = [...table.querySelectorAll(':scope > thead > tr, :scope > tbody > tr, :scope > tr')];
  const cellsOf = (tr: Element) => [...tr.querySelectorAll(':scope > th, :scope > td')];
  const headRow = trs[0];
  const headers = headRow
    ? cellsOf(headRow).map((c, i) => ({ key: String(i), text: clean(c.textContent) }))
    : [];
  const { columns, unknownHeaders } = mapHeaders(headers);
  const rows = trs.slice(1).map((tr) => {
    const tds = cellsOf(tr);
    const cells: GridRow['cells'] = {};
    let keyCell: Element | undefined;
    for (const [i, field] of columns) {
      const cell = tds[Number(i)];
      if (cell) cells[field] = clean(cell.textContent);
      if (cell && field === 'xjh') keyCell = cell;
    }
    return { element: tr, cells, keyCell };
  });
  return { grid: table, fields: [...columns.values()], unknownHeaders, rows };
}

/** Every grid on the page that has at least two recognised columns. */
export function readGrids(root: ParentNode): GridRead[] {
  const reads: GridRead[] = [];
  for (const grid of root.querySelectorAll('.l-grid3')) reads.push(readL5Grid(grid));
  for (const table of root.querySelectorAll('table')) {
    if (table.closest('.l-grid3') || table.closest('[data-baoxue-root]')) continue;
    const read = readPlainTable(table);
    if (read.fields.length >= 2 && read.rows.length > 0) reads.push(read);
  }
  return reads.filter((r) => r.fields.length >= 2);
}
