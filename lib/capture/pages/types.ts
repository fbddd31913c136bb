import type { Provenance, StatusChangeCase, Student } from '../../records';
import type { FieldKey } from '../fields';
import type { GridRow, GridShape } from '../shapes';

export const PAGE_KINDS = [
  'student-list', // 学籍数据维护 / 在校生查询 / 花名册
  'status-change-apply', // 学籍异动申请
  'status-change-review', // 学籍异动学校审核
  'cross-province', // 跨省转学 查询/核办
  'pending-business', // 在办业务查询
  'student-card', // 学籍卡
] as const;
export type PageKind = (typeof PAGE_KINDS)[number];
/** The kinds that list students; the others list status-change cases. */
export const STUDENT_KINDS = ['student-list', 'student-card'] as const satisfies readonly PageKind[];

export interface PageContext {
  title: string; // document.title plus the page's own heading
  host: string;
  now: number;
}

interface ReaderBase {
  /** Does this grid look like this family's grid at all (enough of its columns)? */
  looksLike(shape: Pick<GridShape, 'fields'>): boolean;
  /** Families share a record type; the kind is the exact page. */
  kind(ctx: PageContext): PageKind;
  required: FieldKey[];
  /**
   * Values the page itself implies for every row, by the meaning of its title or kind (a 跨省转学 list is
   * all 转学): used where a row has no such column or an empty cell, never over what a row shows.
   */
  implied?(ctx: PageContext, kind: PageKind): Partial<Record<FieldKey, string>>;
}

/** One module per page kind: how it is recognised, what it needs, and how a row becomes a record. */
export type PageReader =
  | (ReaderBase & {
      family: 'students';
      toRecord(cells: GridRow['cells'], source: Provenance): Student | undefined;
    })
  | (ReaderBase & {
      family: 'cases';
      toRecord(cells: GridRow['cells'], source: Provenance): StatusChangeCase | undefined;
    });
