/**
 * Component-library tables (the 2.0 system's kind of front end): Element Plus / Element UI `el-table`,
 * vxe-table, and Element Plus's virtual `el-table-v2`. Each library splits a table in its own way: header
 * and body in separate tables, fixed columns as cloned tables or grids laid over the main one (the same
 * row two or three times in the DOM), a virtual list drawing only the visible rows. They are read by
 * meaning all the same: columns by header text, header and body joined by the column key the library
 * stamps on both (a class, `colid`, or the cell's place in its own part), and the copies of a row joined
 * by the row key the library stamps on each copy, so every record is read once.
 */
import { type FieldKey, fieldForLabel, isIgnoredLabel } from './fields';
import type { GridRow, GridShape } from './shapes';

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** One part of a table as the library draws it: the main table, or a fixed-column clone. */
export interface GridPart {
  /** Column key → header text, for the columns this part draws. */
  headers: [key: string, text: string][];
  rows: Element[];
  /** What says which record a row copy is, the same in every part. */
  rowKey(row: Element, index: number): string;
  /** The row's cells with their column keys. */
  cells(row: Element): [key: string, cell: Element][];
  /** A cell the library keeps only to hold a fixed column's place (hidden or empty). */
  placeholder(cell: Element): boolean;
}

/** A library table: one shape whose rows are logical rows (each record once, however many copies). */
export interface LibraryShape extends GridShape {
  /** Only the visible rows are drawn (a virtual list): the page's JSON holds the rest. */
  virtual: boolean;
}

export function partsShape(grid: Element, parts: GridPart[], virtual = false): LibraryShape {
  const headerText = new Map<string, string>();
  for (const part of parts)
    for (const [key, text] of part.headers) if (text && !headerText.has(key)) headerText.set(key, text);
  const columns = new Map<string, FieldKey>();
  const unknownHeaders: string[] = [];
  for (const [key, text] of headerText) {
    const field = fieldForLabel(text);
    if (field && ![...columns.values()].includes(field)) columns.set(key, field);
    else if (!field && !isIgnoredLabel(text)) unknownHeaders.push(text);
  }
  // Copies of each row across the parts, main part first; rows listed in the main part's order.
  const copies = new Map<string, { part: GridPart; row: Element }[]>();
  const keyOf = new WeakMap<Element, string>();
  const rowElements: Element[] = [];
  for (const part of parts) {
    part.rows.forEach((row, i) => {
      const key = part.rowKey(row, i);
      keyOf.set(row, key);
      const list = copies.get(key);
      if (list) list.push({ part, row });
      else {
        copies.set(key, [{ part, row }]);
        rowElements.push(row);
      }
    });
  }
  return {
    grid,
    fields: [...columns.values()],
    unknownHeaders,
    rowElements,
    virtual,
    readRow(row) {
      const cells: GridRow['cells'] = {};
      const shown = new Set<FieldKey>(); // read from a visible copy, not a placeholder
      let keyCell: Element | undefined;
      const key = keyOf.get(row);
      for (const copy of (key !== undefined && copies.get(key)) || [{ part: parts[0]!, row }]) {
        for (const [colKey, cell] of copy.part.cells(copy.row)) {
          const field = columns.get(colKey);
          if (!field || shown.has(field)) continue;
          const text = clean(cell.textContent);
          const placeholder = copy.part.placeholder(cell);
          if (!text && cells[field]) continue;
          cells[field] = text;
          if (!placeholder) shown.add(field);
          if (field === 'xjh') keyCell = cell;
        }
      }
      return { element: row, cells, keyCell };
    },
  };
}

const EL_COLUMN = /(?:^|\s)(el-table_\d+_column_\d+)(?:\s|$)/;
const elColumn = (el: Element) => EL_COLUMN.exec(el.className)?.[1] ?? '';

/**
 * Element Plus / Element UI `el-table`: header and body are separate tables sharing a per-column class
 * (`el-table_1_column_3`). Element Plus keeps fixed columns in the main table (sticky); Element UI draws
 * them again in `.el-table__fixed(-right)` clones, whose rows are matched to the main ones by position.
 */
export function elTableShape(table: Element): LibraryShape {
  const CLONES = '.el-table__fixed, .el-table__fixed-right';
  const own = (root: Element, selector: string, clone: boolean) =>
    [...root.querySelectorAll(selector)].filter(
      (el) => el.closest('.el-table') === table && (clone || !el.closest(CLONES)),
    );
  const part = (root: Element, clone: boolean): GridPart => {
    const ths = own(root, '.el-table__header-wrapper th, .el-table__fixed-header-wrapper th', clone);
    const leaves = ths.some((th) => th.classList.contains('is-leaf'))
      ? ths.filter((th) => th.classList.contains('is-leaf'))
      : ths;
    return {
      headers: leaves.map((th) => [elColumn(th), clean((th.querySelector('.cell') ?? th).textContent)]),
      rows: own(
        root,
        '.el-table__body-wrapper tr.el-table__row, .el-table__fixed-body-wrapper tr.el-table__row',
        clone,
      ),
      rowKey: (_row, i) => String(i),
      cells: (row) => [...row.querySelectorAll(':scope > td')].map((td) => [elColumn(td), td]),
      placeholder: (cell) => cell.classList.contains('is-hidden'),
    };
  };
  const clones = own(table, CLONES, true);
  return partsShape(table, [part(table, false), ...clones.map((c) => part(c, true))]);
}

/**
 * vxe-table: header and body tables share a `colid` per column; fixed columns are cloned tables in
 * `.vxe-table--fixed-left-wrapper` / `-right-wrapper`, each row carrying the same `rowid` as in the main
 * table (where the fixed cells are `fixed--hidden`).
 */
export function vxeTableShape(table: Element): LibraryShape {
  const own = (root: Element, selector: string) =>
    [...root.querySelectorAll(selector)].filter((el) => el.closest('.vxe-table') === table);
  const part = (root: Element): GridPart => ({
    headers: own(root, '.vxe-table--header-wrapper th[colid]').map((th) => [
      th.getAttribute('colid') ?? '',
      clean((th.querySelector('.vxe-cell--title') ?? th).textContent),
    ]),
    rows: own(root, '.vxe-table--body-wrapper tr.vxe-body--row'),
    rowKey: (row, i) => row.getAttribute('rowid') ?? String(i),
    cells: (row) =>
      [...row.querySelectorAll(':scope > td[colid]')].map((td) => [td.getAttribute('colid')!, td]),
    placeholder: (cell) => cell.classList.contains('fixed--hidden'),
  });
  const roots = [
    '.vxe-table--main-wrapper',
    '.vxe-table--fixed-left-wrapper',
    '.vxe-table--fixed-right-wrapper',
  ]
    .map((s) => own(table, s)[0])
    .filter((r): r is Element => !!r);
  return partsShape(table, roots.length ? roots.map(part) : [part(table)]);
}

/**
 * Element Plus `el-table-v2` (virtual): div grids, the main one and one per fixed side, each with its own
 * header row; a header cell and a body cell are the same column when they hold the same place in their
 * part (placeholders keep the fixed columns' places). Rows carry `rowkey` in every part.
 */
export function elTableV2Shape(root: Element): LibraryShape {
  const own = (el: Element, selector: string) =>
    [...el.querySelectorAll(selector)].filter((x) => x.closest('.el-table-v2') === root);
  const part = (table: Element): GridPart => {
    const headerRow = own(table, '.el-table-v2__header-row').at(-1);
    const places = headerRow ? [...headerRow.children] : [];
    const keyAt = (i: number) => {
      const h = places[i];
      return h?.classList.contains('el-table-v2__header-cell') ? (h.getAttribute('data-key') ?? `#${i}`) : '';
    };
    return {
      headers: places.map((h, i) => [keyAt(i), clean(h.textContent)] as [string, string]).filter(([k]) => k),
      rows: own(table, '.el-table-v2__row'),
      rowKey: (row, i) => row.getAttribute('rowkey') ?? (row as HTMLElement).style?.top ?? String(i),
      cells: (row) =>
        [...row.children]
          .map((cell, i) => [keyAt(i), cell] as [string, Element])
          .filter(([k, cell]) => k && cell.classList.contains('el-table-v2__row-cell')),
      placeholder: () => false,
    };
  };
  const tables = ['.el-table-v2__main', '.el-table-v2__left', '.el-table-v2__right']
    .map((s) => own(root, s)[0])
    .filter((t): t is Element => !!t);
  return partsShape(root, tables.map(part), true);
}

/** Every component-library table under `root` (rows not read yet). */
export function findLibraryGrids(root: ParentNode): LibraryShape[] {
  const out: LibraryShape[] = [];
  // An el-table as Element draws it (its wrappers), not any table a page happens to class `el-table`.
  for (const t of root.querySelectorAll('.el-table'))
    if (t.querySelector('.el-table__body-wrapper')) out.push(elTableShape(t));
  for (const t of root.querySelectorAll('.vxe-table')) out.push(vxeTableShape(t));
  for (const t of root.querySelectorAll('.el-table-v2')) out.push(elTableV2Shape(t));
  return out;
}

/** Tables a library draws as parts of its grid: plain-table readers leave these to the readers above. */
export const LIBRARY_TABLE =
  '.el-table__header-wrapper, .el-table__body-wrapper, .el-table__footer-wrapper, .el-table__fixed, .el-table__fixed-right, .vxe-table, .el-table-v2';
