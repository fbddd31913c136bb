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
/** The role a visit is counted under: a 家访 role, or the author's own staff role when they do not teach. */
export type VisitCountRole = QuotaRole | 'leader' | 'registrar' | 'admin';

export interface QuotaProgress {
  author: string;
  role: VisitCountRole;
  visits: number;
  /** null: the role has no quota (校领导, 学籍管理员): the visits are counted, never "还差 N 次". */
  quota: number | null;
  done: boolean;
}

/** Staff roles that are not a teacher's, in the order one stands for a person who holds several. */
const NON_TEACHING = ['registrar', 'leader', 'admin'] as const;

/**
 * The role a visit counts under. The record's 家访 role (班主任 / 科任教师 / 校领导) stands when the author
 * teaches or their roles are not known here; an author known not to teach (a 学籍管理员 who recorded a
 * visit on the form's default 班主任) counts under their own role, which has no quota: the quota is the
 * 班主任's and 科任教师's (篇二 §二.6), not whoever uses the device.
 */
export function visitCountRole(
  visitorRole: 'teacher' | 'leader' | 'subjectTeacher' | 'registrar',
  authorRoles: readonly string[] | undefined,
): VisitCountRole {
  if (!authorRoles?.length || authorRoles.includes('teacher')) return visitorRole;
  return NON_TEACHING.find((r) => authorRoles.includes(r)) ?? visitorRole;
}

const hasQuota = (role: VisitCountRole, quotas: Record<QuotaRole, number>): role is QuotaRole =>
  Object.hasOwn(quotas, role);

/**
 * Each author's visits in [from, to] under the role they count in (`rolesOf`: an author's staff roles
 * when this device knows them: the signed-in account or the 本机使用者). Those with a quota first, the
 * furthest from it first; then the roles without a quota.
 */
export function visitQuotas(
  events: BaoxueEvent[],
  from: string,
  to: string,
  quotas: Record<QuotaRole, number> = DEFAULT_QUOTAS,
  rolesOf: (author: string) => readonly string[] | undefined = () => undefined,
): QuotaProgress[] {
  const counts = new Map<string, QuotaProgress>();
  for (const e of standing(events)) {
    if (e.kind !== 'homeVisit') continue;
    const day = dayString(e.at); // the Beijing day: a 07:30 visit is that morning's, not the UTC eve
    if (day < from || day > to) continue;
    const role = visitCountRole(e.data.visitorRole, rolesOf(e.author));
    const quota = hasQuota(role, quotas) ? quotas[role] : null;
    const key = `${role}:${e.author}`;
    const p = counts.get(key) ?? { author: e.author, role, visits: 0, quota, done: false };
    p.visits++;
    p.done = quota !== null && p.visits >= quota;
    counts.set(key, p);
  }
  const share = (p: QuotaProgress) => (p.quota === null ? Number.POSITIVE_INFINITY : p.visits / p.quota);
  return [...counts.values()].sort(
    (a, b) =>
      Number(a.quota === null) - Number(b.quota === null) ||
      Number(a.done) - Number(b.done) ||
      share(a) - share(b) ||
      a.author.localeCompare(b.author, 'zh-CN'),
  );
}

/** The i18n key of the role a visit counts under, for the 家访 view and the 家访记录汇总. */
export const VISIT_COUNT_ROLE_KEY = {
  teacher: 'visit_role_teacher',
  subjectTeacher: 'visit_role_subjectTeacher',
  leader: 'visit_role_leader',
  registrar: 'role_registrar',
  admin: 'role_admin',
} as const satisfies Record<VisitCountRole, string>;

/** The semester a date is in: defined once in lib/time/schoolYear.ts (kept here for the views that import it). */
export { semesterOf } from '../time/schoolYear';
