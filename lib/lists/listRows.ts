/**
 * One way every dashboard list sorts, filters and searches its rows (issue 15: "every list: sort by column,
 * filter by grade/class, search"). Pure: rows and the list's columns in, the rows on screen out. A column
 * says what kind of value it holds, so a grade or class sorts in school order (lib/grades.ts: 三年级 before
 * 七年级, 2班 before 10班), a date as a date, a number as a number and a name in pinyin order.
 */
import { compareGradeLabels, type GradeSystem } from '../grades';
import { isIsoDate } from '../time/day';

/** 'date': a YYYY-MM-DD day; 'datetime': an instant (ms), shown in Beijing time, sorted as a number. */
export type ColumnKind = 'text' | 'grade' | 'date' | 'datetime' | 'number';

export interface ListColumn<R> {
  key: string;
  kind: ColumnKind;
  /** The value the cell shows (and the export holds). */
  value: (row: R) => string | number;
  /** An identifier (学籍号, 身份证号): kept as text in the export, never turned into a number. */
  id?: boolean;
  /** A rate (0.0123): a number in the export, shown there as 1.23%. */
  percent?: boolean;
  /** The export's column width (a ledger says its own, as the county's form has it). */
  width?: number;
}

export interface ListSort {
  key: string;
  dir: 'asc' | 'desc';
}

export interface ListQuery<R> {
  sort?: ListSort | null;
  /** '' = every grade / class. */
  grade?: string;
  className?: string;
  /** Words searched for in `searchOf`'s texts (name, 学籍号, class); blank = everything. */
  q?: string;
  gradeOf?: (row: R) => string;
  classOf?: (row: R) => string;
  searchOf?: (row: R) => string[];
  /**
   * The list's own groups (我的待办 before 其他待办, 风险名单 before 关注名单): rows stay in their group,
   * in group order; a sort orders the rows within each group.
   */
  groupOf?: (row: R) => number;
  system?: GradeSystem;
}

const blank = (v: string | number) => v === '' || (typeof v === 'number' && Number.isNaN(v));

/** Compares two cells of one kind; blanks always last, whatever the direction (see `sortRows`). */
export function compareCells(
  kind: ColumnKind,
  a: string | number,
  b: string | number,
  system: GradeSystem = '六三制',
): number {
  switch (kind) {
    case 'number':
    case 'datetime':
      return Number(a) - Number(b);
    case 'date': {
      // ISO days compare as text; anything else a date column holds sorts after them, as text.
      const da = isIsoDate(String(a));
      const db = isIsoDate(String(b));
      if (da !== db) return da ? -1 : 1;
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
    }
    case 'grade':
      return compareGradeLabels(String(a), String(b), system);
    default:
      return String(a).localeCompare(String(b), 'zh-CN', { numeric: true });
  }
}

/** The rows sorted by one column (stable: equal cells keep the list's own order); blank cells last. */
export function sortRows<R>(
  rows: R[],
  columns: ListColumn<R>[],
  sort: ListSort | null | undefined,
  system?: GradeSystem,
): R[] {
  const column = sort && columns.find((c) => c.key === sort.key);
  if (!sort || !column) return rows;
  const sign = sort.dir === 'desc' ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, v: column.value(row) }))
    .sort((x, y) => {
      const bx = blank(x.v);
      const by = blank(y.v);
      if (bx !== by) return bx ? 1 : -1;
      return (bx ? 0 : sign * compareCells(column.kind, x.v, y.v, system)) || x.i - y.i;
    })
    .map((x) => x.row);
}

/** Whether a row's texts hold the search words (each word somewhere; 学籍号 letters in either case). */
export function matchesSearch(texts: string[], q: string): boolean {
  const words = q.trim().toUpperCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = texts.filter(Boolean).map((t) => t.toUpperCase());
  return words.every((w) => hay.some((t) => t.includes(w)));
}

/** The rows on screen: filtered by grade and class, searched, then sorted. */
export function listRows<R>(rows: R[], columns: ListColumn<R>[], query: ListQuery<R>): R[] {
  const { grade, className, q, gradeOf, classOf, searchOf } = query;
  const kept = rows.filter(
    (r) =>
      (!grade || !gradeOf || gradeOf(r) === grade) &&
      (!className || !classOf || classOf(r) === className) &&
      (!q || !searchOf || matchesSearch(searchOf(r), q)),
  );
  const sorted = sortRows(kept, columns, query.sort, query.system);
  const { groupOf } = query;
  // Array.prototype.sort is stable: within a group the rows keep the order the sort gave them.
  return groupOf ? sorted.sort((a, b) => groupOf(a) - groupOf(b)) : sorted;
}

/**
 * What a column holds, from its values (a ledger's columns say no kind): numbers when every filled cell is
 * one, days when every filled cell is a YYYY-MM-DD day, text otherwise. Never 'grade': the caller knows
 * which columns are grades and classes.
 */
export function inferKind(values: (string | number | undefined)[]): ColumnKind {
  const filled = values.filter((v): v is string | number => v !== undefined && v !== '');
  if (!filled.length) return 'text';
  if (filled.every((v) => typeof v === 'number')) return 'number';
  if (filled.every((v) => typeof v === 'string' && isIsoDate(v))) return 'date';
  return 'text';
}

/** The next sort when a header is clicked: ascending, then descending, then the list's own order. */
export function nextSort(current: ListSort | null | undefined, key: string): ListSort | null {
  if (!current || current.key !== key) return { key, dir: 'asc' };
  return current.dir === 'asc' ? { key, dir: 'desc' } : null;
}

/**
 * The grade part of a class label (七年级2班 → 七年级, 初三(2)班 → 初三), for lists whose rows carry only the
 * class (风险名单, 待办, 家访). '' when the label says no class number.
 */
export function gradeOfClass(className: string): string {
  const m = /^(.+?)[（(]?\d+[)）]?班$/.exec(className.trim());
  return m ? m[1]! : '';
}
