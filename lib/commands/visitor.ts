/**
 * Who a 家访 was made by, as the record keeps it (domain.md §5: "Record: date, visitor(s) …"): 班主任, 科任教师,
 * 校领导 or 学籍管理员. The form offers the signed-in author's own role first; the command keeps what was chosen
 * unless the author is known not to teach: a 学籍管理员 or 校领导 left on 班主任 (the form's old default) is
 * recorded as what they are, so the visit is neither counted toward a 班主任's quota nor shown as one.
 * Records written before 学籍管理员 was a choice keep their role and still read (lib/records HomeVisitData).
 */
import { VISITOR_ROLES } from '../records';

export type VisitorRole = (typeof VISITOR_ROLES)[number];

/** Staff roles that do not teach, each with the 家访 role it visits in, in the order one stands for a person. */
const OWN_ROLE: readonly [string, VisitorRole][] = [
  ['registrar', 'registrar'],
  ['leader', 'leader'],
];

/** The 家访 role to record for a visit `chosen` on the form by an author holding `authorRoles` (staff roles). */
export function visitorRoleFor(chosen: VisitorRole, authorRoles: readonly string[]): VisitorRole {
  if (authorRoles.length === 0 || authorRoles.includes('teacher')) return chosen; // teaches, or not known here
  if (authorRoles.includes(chosen)) return chosen; // a 校领导 who chose 校领导
  return OWN_ROLE.find(([role]) => authorRoles.includes(role))?.[1] ?? chosen;
}

/** The form's first choice for an author whose (deciding) staff role is `role`. */
export function defaultVisitorRole(role: string | undefined): VisitorRole {
  return role === 'registrar' || role === 'leader' ? role : 'teacher';
}

export const isVisitorRole = (v: string): v is VisitorRole =>
  (VISITOR_ROLES as readonly string[]).includes(v);

/** The form's choices, in the order a school reads them. */
export const VISITOR_ROLE_OPTIONS: readonly VisitorRole[] = [
  'teacher',
  'subjectTeacher',
  'leader',
  'registrar',
];
