/**
 * Staff accounts as the gateway keeps them in its GatewayStore (`account:<name>`), and the rules for names,
 * roles and passwords. Roles are plain words (`registrar`, `baoxue-demo` …): nobody gets `_admin` or any
 * other `_` role through an account; the server admin exists only through this start's --admin.
 */
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

export const AccountDoc = z.object({
  _id: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  hash: z.string(),
  /** Set by the admin (a one-time password): the user is asked to choose their own. */
  temporary: z.boolean().default(false),
  changedAt: z.number(),
  /**
   * A teacher's classes (班主任 and 科任), exactly as the roster's 班级 reads: what the gateway lets them read
   * (server/scope.ts). Absent: an account from before class assignments (reads as its role always did).
   */
  classes: z.array(z.string()).optional(),
});
export type AccountDoc = z.infer<typeof AccountDoc>;

/** What the admin's list shows: never the hash. */
export const publicAccount = (a: AccountDoc) => ({
  name: a.name,
  roles: a.roles,
  temporary: a.temporary,
  ...(a.classes ? { classes: a.classes } : {}),
  changedAt: new Date(a.changedAt).toISOString(),
});

/** PUT /_baoxue/accounts/<name> */
export const AccountUpdate = z
  .object({
    roles: z.array(AccountRole).max(32),
    password: NewPassword.optional(),
    /** Omitted: the account keeps the classes it has. */
    classes: z.array(ClassName).max(64).optional(),
  })
  .strict();

/** POST /_baoxue/password */
export const PasswordChange = z
  .object({ oldPassword: z.string().max(1024), newPassword: NewPassword })
  .strict();

/** POST /_session (JSON or a form, as CouchDB takes it) */
export const Login = z.object({ name: z.string().max(256), password: z.string().max(1024) });
