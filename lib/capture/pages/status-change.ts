/** 学籍异动申请, 学籍异动学校审核, 跨省转学 and 在办业务 lists: one row per status-change case. */
import type { StatusChangeCase, SuspensionTerm } from '../../records';
import { labelKey } from '../../text';
import { classCell, dateCell } from '../normalize';
import { definitionInUse, kindByTitle } from '../reading';
import type { PageReader } from './types';

/**
 * The same case read twice (or from DOM and JSON) gets the same id; the change type by its labelKey, so
 * `转学（转出）` and `转学(转出)` are one case.
 */
export function caseId(xjh: string, changeType: string, appliedDate: string): string {
  return `${xjh}|${labelKey(changeType)}|${appliedDate}`;
}

/**
 * Lists that hold one kind of change only, by what their title says (domain.md §2 menu: 学籍管理 → 跨省转学;
 * a 休学 or 复学 list). A title naming more than one kind (休学复学查询) implies none.
 */
const ONE_KIND_LISTS: [RegExp, string][] = [
  [/转学/, '转学'],
  [/休学/, '休学'],
  [/复学/, '复学'],
];

/**
 * The flag a case carries for each of its dates the host wrote unreadably (stored blank: normalize.ts
 * `dateCell`): the overlay's badge and the dashboard's 学籍异动 list both say it by this flag's label.
 */
export const CASE_DATE_FLAG = {
  appliedDate: 'applied-date-unreadable',
  changeDate: 'change-date-unreadable',
  suspension: 'suspension-date-unreadable',
} as const;

/** 休学开始/结束日期 and 休学期限 as the host shows them (a case or a 学籍卡); nothing when it shows none. */
export function suspensionCells(
  cells: Partial<Record<string, string>>,
  flags: Set<string>,
): { suspension?: SuspensionTerm } {
  const from = dateCell(cells.suspensionFrom, CASE_DATE_FLAG.suspension, flags);
  const until = dateCell(cells.suspensionUntil, CASE_DATE_FLAG.suspension, flags);
  const term = (cells.suspensionTerm ?? '').trim();
  if (!from && !until && !term) return {};
  return {
    suspension: { ...(from ? { from } : {}), ...(until ? { until } : {}), ...(term ? { term } : {}) },
  };
}

export const statusChangeList: PageReader = {
  family: 'cases' as const,
  looksLike: (shape) => shape.fields.includes('changeType') || shape.fields.includes('reviewStatus'),
  // The title words are the reader definition's (built in: 在办业务, 跨省, 审核), so a server can add more.
  kind: ({ title }) => {
    const kind = kindByTitle(definitionInUse(), labelKey(title));
    return kind && kind !== 'student-list' && kind !== 'student-card' ? kind : 'status-change-apply';
  },
  required: ['xjh', 'name', 'changeType'],
  implied: ({ title }, kind) => {
    const t = labelKey(title);
    const kinds = ONE_KIND_LISTS.filter(([re]) => re.test(t)).map(([, type]) => type);
    if (kind === 'cross-province' && kinds.length === 0) kinds.push('转学'); // 跨省转学 pages by their kind
    return kinds.length === 1 ? { changeType: kinds[0]! } : {};
  },
  toRecord(cells, source): StatusChangeCase | undefined {
    const xjh = (cells.xjh ?? '').trim().toUpperCase();
    if (!xjh && !cells.name) return undefined;
    const flags = new Set<string>();
    const appliedDate = dateCell(cells.appliedDate, CASE_DATE_FLAG.appliedDate, flags);
    const changeType = (cells.changeType ?? '').trim();
    return {
      // An unreadable 申请日期 is not stored, but still tells two cases of one child apart (as it always did).
      id: caseId(xjh, changeType, appliedDate || (cells.appliedDate ?? '').trim()),
      xjh,
      name: cells.name ?? '',
      grade: cells.grade ?? '',
      className: classCell(cells.className),
      changeType,
      reason: cells.reason ?? '',
      changeDate: dateCell(cells.changeDate, CASE_DATE_FLAG.changeDate, flags),
      appliedDate,
      reviewStatus: cells.reviewStatus ?? '',
      currentUnit: cells.currentUnit ?? '',
      toSchool: cells.toSchool ?? '',
      fromSchool: cells.fromSchool ?? '',
      ...suspensionCells(cells, flags),
      ...(cells.toGrade ? { toGrade: cells.toGrade.trim() } : {}),
      ...(cells.discipline !== undefined ? { discipline: cells.discipline.trim() } : {}),
      flags: [...flags].sort(),
      source,
      updatedAt: source.seenAt,
    };
  },
};
