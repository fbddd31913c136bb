/**
 * 家访 quotas per semester (篇二 §二.6): each 班主任 at least 20 visits, each 科任教师 at least 15. Counted
 * from the visit records by their author and the role they visited in; a corrected record (one that a
 * later record supersedes) counts once.
 */

import type { BaoxueEvent } from '../records';
import { dayString } from '../time/day';
import { standing } from './corrections';

export const DEFAULT_QUOTAS = { teacher: 20, subjectTeacher: 15 } as const;
export type QuotaRole = keyof typeof DEFAULT_QUOTAS;

export interface QuotaProgress {
  author: string;
  role: QuotaRole;
  visits: number;
  quota: number;
  done: boolean;
}

export function visitQuotas(
  events: BaoxueEvent[],
  from: string,
  to: string,
  quotas: Record<QuotaRole, number> = DEFAULT_QUOTAS,
): QuotaProgress[] {
  const counts = new Map<string, QuotaProgress>();
  for (const e of standing(events)) {
    if (e.kind !== 'homeVisit') continue;
    const role = e.data.visitorRole;
    if (role !== 'teacher' && role !== 'subjectTeacher') continue; // leaders have no quota
    const day = dayString(e.at); // the Beijing day: a 07:30 visit is that morning's, not the UTC eve
    if (day < from || day > to) continue;
    const key = `${role}:${e.author}`;
    const p = counts.get(key) ?? { author: e.author, role, visits: 0, quota: quotas[role], done: false };
    p.visits++;
    p.done = p.visits >= p.quota;
    counts.set(key, p);
  }
  return [...counts.values()].sort(
    (a, b) => Number(a.done) - Number(b.done) || a.visits / a.quota - b.visits / b.quota,
  );
}

/** The semester a date is in: defined once in lib/time/schoolYear.ts (kept here for the views that import it). */
export { semesterOf } from '../time/schoolYear';
