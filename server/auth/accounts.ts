/**
 * Staff accounts as the gateway keeps them in its GatewayStore (`account:<name>`), and the rules for names,
 * roles and passwords. An account holds a place per school (its roles and classes there, `schools`): what it
 * is in one school never counts in another. Nobody gets `_admin` or any other `_` role through an account;
 * the server admin exists only through this start's --admin.
 */

import { ROLES } from '../../lib/sync/school';
import { z } from '../../lib/zod';
import { normalise } from './hash';

export const ACCOUNT_PREFIX = 'account:';
export const SECRET_ID = 'auth:secret';

export const accountId = (name: string) => `${ACCOUNT_PREFIX}${name}`;

/** 1–64 characters, no ':' (Basic auth splits on it), no control characters, not starting with '_'. */
export const AccountName = z
  .string()
  .transform(normalise)
  .refine((n) => n.length >= 1 && n.length <= 64, '用户名应为 1–64 个字符 (name: 1–64 characters)')
  .refine(
    (n) => ![...n].some((c) => c === ':' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    '用户名不能含冒号或控制字符 (no ":" or control characters)',
  )
  .refine(
    (n) => n.trim() === n && !n.startsWith('_'),
    '用户名不能以 _ 或空格开头 (may not start with "_" or a space)',
  );

export const AccountRole = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, '角色只能用小写字母、数字、- 和 _ (role: a-z, 0-9, -, _)');

/** A class as the roster names it (七年级1班): 1–64 characters, no control characters. */
export const ClassName = z
  .string()
  .transform((c) => c.trim())
  .refine(
    (c) => c.length >= 1 && c.length <= 64 && ![...c].some((x) => x.charCodeAt(0) < 0x20),
    '班级名称应为 1–64 个字符 (class: 1–64 characters)',
  );

export const MIN_PASSWORD = 8;
export const NewPassword = z
  .string()
  .min(MIN_PASSWORD, `新密码至少 ${MIN_PASSWORD} 个字符 (at least ${MIN_PASSWORD} characters)`)
  .max(1024, '密码太长 (password too long)');

/**
 * What an account is in one school (issue 16): its staff roles there (registrar, leader, teacher, admin) and,
 * a teacher's, its classes there (班主任 and 科任, exactly as the roster's 班级 reads: what the gateway lets
 * them read, server/scope.ts). A 走教 teacher of two schools has one place in each; nothing held in one
 * school counts in another. Stored words other than the four staff roles count for nothing.
 */
export const SchoolPlace = z.object({
  roles: z.array(z.string()),
  /** Absent: never assigned any (a teacher then reads none of the school's children). */
  classes: z.array(z.string()).optional(),
});
export type SchoolPlace = z.infer<typeof SchoolPlace>;

/** A school code as a place is keyed (lib/sync/school.ts schoolCode: lower-case letters, digits, - and _). */
export const SCHOOL_CODE = /^[a-z0-9][a-z0-9_-]{0,40}$/;
const SchoolCode = z
  .string()
  .regex(SCHOOL_CODE, '学校代码只能用小写字母、数字、- 和 _ (school code: a-z, 0-9, -, _)');

/** The roles that read a whole school (and hand out its keys, for a registrar). */
export const OFFICE_ROLES: readonly string[] = ['registrar', 'leader', 'admin'];

export const AccountDoc = z.object({
  _id: z.string(),
  name: z.string(),
  hash: z.string(),
  /** Set by the admin (a one-time password): the user is asked to choose their own. */
  temporary: z.boolean().default(false),
  changedAt: z.number(),
  /** Its place in each school it belongs to, by school code: membership is a key here. */
  schools: z.record(z.string(), SchoolPlace).optional(),
  /**
   * Before issue 16 (read, never written any more): one flat list, school memberships as `baoxue-<school>`
   * beside the staff roles, and one list of classes for every school. Read by `placesOf`.
   */
  roles: z.array(z.string()).optional(),
  classes: z.array(z.string()).optional(),
});
export type AccountDoc = z.infer<typeof AccountDoc>;

/** What a flat account from before issue 16 held that no school can be told from (see `placesOf`). */
export interface Undecided {
  roles: string[];
  classes: string[];
  /** The schools it is a member of, none of which gets these. */
  schools: string[];
}

export interface Places {
  schools: Record<string, SchoolPlace>;
  undecided?: Undecided;
}

const MEMBER = 'baoxue-';

/**
 * Each school's place of an account. A stored `schools` is taken as it is (bad school codes left out). An
 * account from before issue 16 is read from its flat lists: a member of one school holds its roles and
 * classes there, as it always did. A member of several schools fails closed: a flat office role or class
 * list cannot be told to belong to one school (a registrar of B who teaches in A would read all of A), so
 * it counts in none of them until the admin sets each school's place (`server:setup --staff`, which
 * `--check` tells them); a plain `teacher` role, which reads nothing by itself, stays in each.
 */
export function placesOf(a: AccountDoc): Places {
  const schools: Record<string, SchoolPlace> = {};
  if (a.schools) {
    for (const [code, place] of Object.entries(a.schools))
      if (SCHOOL_CODE.test(code))
        schools[code] = {
          roles: place.roles.filter((r) => !r.startsWith('_')),
          ...(place.classes ? { classes: place.classes } : {}),
        };
    return { schools };
  }
  const flat = a.roles ?? [];
  const codes = [
    ...new Set(
      flat
        .filter((r) => r.startsWith(MEMBER))
        .map((r) => r.slice(MEMBER.length))
        .filter((c) => SCHOOL_CODE.test(c)),
    ),
  ];
  const staff = flat.filter((r) => !r.startsWith(MEMBER) && !r.startsWith('_'));
  if (codes.length <= 1) {
    for (const code of codes) schools[code] = { roles: staff, ...(a.classes ? { classes: a.classes } : {}) };
    return { schools };
  }
  const office = staff.filter((r) => OFFICE_ROLES.includes(r));
  const classes = a.classes ?? [];
  for (const code of codes) schools[code] = { roles: staff.filter((r) => !OFFICE_ROLES.includes(r)) };
  return office.length || classes.length
    ? { schools, undecided: { roles: office, classes, schools: codes } }
    : { schools };
}

/** An account written with these places (the flat lists from before issue 16 are dropped). */
export const withPlaces = (a: AccountDoc, schools: Record<string, SchoolPlace>): AccountDoc => {
  const { roles: _r, classes: _c, ...rest } = a;
  return { ...rest, schools };
};

/** A school's place of an account, only when it is a member (an own key: never `constructor` and the like). */
export const placeOf = (schools: Record<string, SchoolPlace> | undefined, school: string) =>
  schools && Object.hasOwn(schools, school) ? schools[school] : undefined;

/**
 * The flat view older clients and CouchDB's `/_session` shape expect: every membership, and the staff
 * roles the account holds in every one of its schools (a single school's member: exactly its roles there).
 * A role held in only some of its schools is left out: a flat list cannot say where it holds.
 */
export function flatRoles(schools: Record<string, SchoolPlace>): string[] {
  const places = Object.entries(schools);
  const common = places.length
    ? places[0]![1].roles.filter((r) => places.every(([, p]) => p.roles.includes(r)))
    : [];
  return [...places.map(([code]) => `${MEMBER}${code}`), ...new Set(common)];
}

/** What the admin's list shows: never the hash. `roles` and `classes`: the flat view (see `flatRoles`). */
export const publicAccount = (a: AccountDoc) => {
  const { schools, undecided } = placesOf(a);
  const only = Object.values(schools).length === 1 ? Object.values(schools)[0] : undefined;
  return {
    name: a.name,
    roles: flatRoles(schools),
    ...(only?.classes ? { classes: only.classes } : {}),
    schools,
    ...(undecided ? { undecided } : {}),
    temporary: a.temporary,
    changedAt: new Date(a.changedAt).toISOString(),
  };
};

const StaffRole = z.enum(ROLES, { message: `角色只能是 ${ROLES.join('、')} (role: ${ROLES.join(', ')})` });
const Classes = z.array(ClassName).max(64);
const PlaceUpdate = z
  .object({ roles: z.array(StaffRole).max(ROLES.length), classes: Classes.optional() })
  .strict();

/**
 * PUT /_baoxue/accounts/<name>, in one of three forms:
 * - one school's place: `{"school": "a", "roles": ["teacher"], "classes": [...]?, "password"?}` (its other
 *   schools kept; classes omitted: that school's kept) — what `server:setup --staff` sends;
 * - every school's: `{"schools": {"a": {"roles": [...], "classes": [...]}, …}, "password"?}` (replaces them);
 * - the flat form from before issue 16, `{"roles": ["baoxue-a", "teacher"], "classes"?, "password"?}`: taken
 *   only when it can say which school its roles and classes are for (one school, or only `teacher` and no
 *   classes); otherwise refused with words saying to name the school.
 */
export const AccountUpdate = {
  one: z
    .object({
      school: SchoolCode,
      roles: z.array(StaffRole).max(ROLES.length),
      classes: Classes.optional(),
      password: NewPassword.optional(),
    })
    .strict(),
  all: z
    .object({
      schools: z
        .record(SchoolCode, PlaceUpdate)
        .refine((s) => Object.keys(s).length <= 64, '学校太多 (too many schools)'),
      password: NewPassword.optional(),
    })
    .strict(),
  flat: z
    .object({
      roles: z.array(AccountRole).max(32),
      password: NewPassword.optional(),
      /** Omitted: the account keeps the classes it has. */
      classes: Classes.optional(),
    })
    .strict(),
};

export const SEVERAL_SCHOOLS =
  '这个账号属于多所学校，请按学校分别设定角色和班级 (an account of several schools: give each school’s roles and classes, {"school": "…", "roles": [...], "classes": [...]})';

/** POST /_baoxue/password */
export const PasswordChange = z
  .object({ oldPassword: z.string().max(1024), newPassword: NewPassword })
  .strict();

/** POST /_session (JSON or a form, as CouchDB takes it) */
export const Login = z.object({ name: z.string().max(256), password: z.string().max(1024) });

/**
 * The places an account has after a PUT (see `AccountUpdate`), or why the body is refused. `existing`: the
 * account's places now (none for a new account).
 */
export function updatedPlaces(
  existing: Record<string, SchoolPlace> | undefined,
  body: unknown,
): { ok: true; schools: Record<string, SchoolPlace>; password?: string } | { ok: false; reason: string } {
  const firstIssue = (e: { issues: { message: string }[] }) =>
    e.issues[0]?.message ?? '请求格式不对 (bad request)';
  const has = (k: string) => typeof body === 'object' && body !== null && Object.hasOwn(body, k);
  const dedupe = <T>(xs: T[]) => [...new Set(xs)];
  const kept = (school: string) => placeOf(existing, school)?.classes;
  if (has('school')) {
    const p = AccountUpdate.one.safeParse(body);
    if (!p.success) return { ok: false, reason: firstIssue(p.error) };
    const classes = p.data.classes ? dedupe(p.data.classes) : kept(p.data.school);
    return {
      ok: true,
      schools: {
        ...existing,
        [p.data.school]: { roles: dedupe(p.data.roles), ...(classes ? { classes } : {}) },
      },
      ...(p.data.password !== undefined ? { password: p.data.password } : {}),
    };
  }
  if (has('schools')) {
    const p = AccountUpdate.all.safeParse(body);
    if (!p.success) return { ok: false, reason: firstIssue(p.error) };
    const schools: Record<string, SchoolPlace> = {};
    for (const [code, place] of Object.entries(p.data.schools))
      schools[code] = {
        roles: dedupe(place.roles),
        ...(place.classes ? { classes: dedupe(place.classes) } : {}),
      };
    return { ok: true, schools, ...(p.data.password !== undefined ? { password: p.data.password } : {}) };
  }
  const p = AccountUpdate.flat.safeParse(body);
  if (!p.success) return { ok: false, reason: firstIssue(p.error) };
  const codes = dedupe(p.data.roles.filter((r) => r.startsWith(MEMBER)).map((r) => r.slice(MEMBER.length)));
  const staff = dedupe(p.data.roles.filter((r) => !r.startsWith(MEMBER)));
  if (codes.some((c) => !SCHOOL_CODE.test(c)))
    return { ok: false, reason: '学校代码只能用小写字母、数字、- 和 _ (school code: a-z, 0-9, -, _)' };
  if (codes.length > 1 && (staff.some((r) => OFFICE_ROLES.includes(r)) || p.data.classes?.length))
    return { ok: false, reason: SEVERAL_SCHOOLS };
  const schools: Record<string, SchoolPlace> = {};
  for (const code of codes) {
    const classes = p.data.classes ? dedupe(p.data.classes) : kept(code);
    schools[code] = { roles: staff, ...(classes ? { classes } : {}) };
  }
  return { ok: true, schools, ...(p.data.password !== undefined ? { password: p.data.password } : {}) };
}
