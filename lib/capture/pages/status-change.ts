/** 学籍异动申请, 学籍异动学校审核, 跨省转学 and 在办业务 lists: one row per status-change case. */
import type { StatusChangeCase } from '../../records';
import { dateCell } from '../normalize';
import type { PageReader } from './types';

/** The same case read twice (or from DOM and JSON) gets the same id. */
export function caseId(xjh: string, changeType: string, appliedDate: string): string {
  return `${xjh}|${changeType}|${appliedDate}`;
}

export const statusChangeList: PageReader = {
  family: 'cases' as const,
  looksLike: (shape) => shape.fields.includes('changeType') || shape.fields.includes('reviewStatus'),
  kind: ({ title }) => {
    if (/在办业务/.test(title)) return 'pending-business';
    if (/跨省/.test(title)) return 'cross-province';
    return /审核/.test(title) ? 'status-change-review' : 'status-change-apply';
  },
  required: ['xjh', 'name', 'changeType'],
  toRecord(cells, source): StatusChangeCase | undefined {
    const xjh = (cells.xjh ?? '').trim().toUpperCase();
    if (!xjh && !cells.name) return undefined;
    const flags = new Set<string>();
    const appliedDate = dateCell(cells.appliedDate, 'date-unreadable', flags);
    const changeType = (cells.changeType ?? '').trim();
    return {
      id: caseId(xjh, changeType, appliedDate),
      xjh,
      name: cells.name ?? '',
      grade: cells.grade ?? '',
      className: cells.className ?? '',
      changeType,
      reason: cells.reason ?? '',
      changeDate: dateCell(cells.changeDate, 'date-unreadable', flags),
      appliedDate,
      reviewStatus: cells.reviewStatus ?? '',
      currentUnit: cells.currentUnit ?? '',
      toSchool: cells.toSchool ?? '',
      fromSchool: cells.fromSchool ?? '',
      flags: [...flags].sort(),
      source,
      updatedAt: source.seenAt,
    };
  },
};
