/**
 * The school's sync server as this device knows it: URL, school code, user and the sealed password
 * (device-local settings; never replicated, never in a backup), and a plain-words diagnosis of what is
 * wrong when it cannot sync.
 */

import { parseSettingValue, readSetting, removeSetting, writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import { z } from '../zod';
import { databaseName, SYNCED, schoolCode } from './school';
import { seal, unseal } from './secret';

const ACCOUNT_ID = 'sync-account';

export const SyncAccountSetting = z.object({
  url: z.string().url(),
  school: z.string(),
  user: z.string().min(1),
  /** The roles the server gave this user at login (registrar, teacher …). */
  roles: z.array(z.string()).default([]),
  sealedPassword: z.string(),
});
export type SyncAccountSetting = z.infer<typeof SyncAccountSetting>;

export interface SyncAccount {
  url: string; // ends with '/'
  school: string;
  user: string;
  password: string;
  roles?: string[];
}

export const normaliseUrl = (url: string) => (url.trim().endsWith('/') ? url.trim() : `${url.trim()}/`);

export async function saveAccount(db: BaoxueDatabase, a: SyncAccount): Promise<void> {
  const value: SyncAccountSetting = {
    url: normaliseUrl(a.url),
    school: schoolCode(a.school),
    user: a.user.trim(),
    roles: a.roles ?? [],
    sealedPassword: await seal(a.password),
  };
  await writeSetting(db, ACCOUNT_ID, value);
}

/**
 * Keeps the stored roles as the server has them now (a teacher made registrar, a role taken away): the
 * device's own rules decide what it pushes. Writes only when they changed.
 */
export async function rememberRoles(db: BaoxueDatabase, roles: string[]): Promise<void> {
  const s = await readAccountSetting(db);
  if (!s || JSON.stringify([...s.roles].sort()) === JSON.stringify([...roles].sort())) return;
  await writeSetting(db, ACCOUNT_ID, { ...s, roles });
}

/**
 * The staff roles the stored account holds in the school it syncs with (registrar, teacher …). Stored roles
 * name that school's membership beside them (`diagnose` keeps only that school's place); roles stored beside
 * another school's membership only, or beside none at all (whose they are cannot be told), count for nothing
 * here (deny: the dashboard offers no office tab on a guess).
 */
export function staffRolesHere(a: Pick<SyncAccountSetting, 'roles' | 'school'>): string[] {
  let here: string;
  try {
    here = `baoxue-${schoolCode(a.school)}`;
  } catch {
    return [];
  }
  if (!a.roles.includes(here) && !a.roles.includes(`baoxue-${a.school}`)) return [];
  return a.roles.filter((r) => !r.startsWith('baoxue-'));
}

export async function forgetAccount(db: BaoxueDatabase): Promise<void> {
  await removeSetting(db, ACCOUNT_ID);
}

/** The stored account without its password (for showing it). */
export const readAccountSetting = (db: BaoxueDatabase) => readSetting(db, ACCOUNT_ID, SyncAccountSetting);

export const parseAccountSetting = (value: string | undefined) =>
  parseSettingValue(SyncAccountSetting, value);

export async function readAccount(db: BaoxueDatabase): Promise<SyncAccount | undefined> {
  const s = await readAccountSetting(db);
  if (!s) return undefined;
  return {
    url: s.url,
    school: s.school,
    user: s.user,
    roles: s.roles,
    password: await unseal(s.sealedPassword),
  };
}

export const ACCOUNT_SETTING_ID = ACCOUNT_ID;

export type SyncProblem =
  | 'unreachable'
  | 'wrong-password'
  /** Too many failed logins for this account or address: the server waits before checking again. */
  | 'throttled'
  | 'no-permission'
  | 'database-missing'
  /** The address answers, but not as a Baoxue (CouchDB-protocol) sync server: a wrong address in 设置. */
  | 'not-server'
  | 'refused';

export const basicAuth = (a: Pick<SyncAccount, 'user' | 'password'>) =>
  `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${a.user}:${a.password}`)))}`;

/**
 * Asks the server what is wrong (or that nothing is): can it be reached, does it accept the password, does
 * this user belong to the school's databases, do they exist.
 */
export async function diagnose(
  a: SyncAccount,
  fetcher: typeof fetch = fetch,
): Promise<
  /** `temporaryPassword`: the user still has the one-time password the admin gave (Baoxue's server says so). */
  | { ok: true; roles: string[]; temporaryPassword?: true }
  | { ok: false; problem: SyncProblem; detail: string }
> {
  const headers = { authorization: basicAuth(a), accept: 'application/json' };
  let session: Response;
  try {
    session = await fetcher(`${a.url}_session`, { headers });
  } catch (e) {
    return { ok: false, problem: 'unreachable', detail: String(e) };
  }
  const body = (await session.json().catch(() => ({}))) as {
    userCtx?: { name: string | null; roles: string[]; schools?: unknown };
    info?: { temporary_password?: boolean };
  };
  if (session.status === 429)
    return { ok: false, problem: 'throttled', detail: session.headers.get('retry-after') ?? '60' };
  if (session.status === 401 || (session.ok && body.userCtx && !body.userCtx.name))
    return { ok: false, problem: 'wrong-password', detail: `${session.status}` };
  // Not a CouchDB-protocol answer at all (a wrong URL, a proxy error page): said as such, not as refused records.
  if (!body.userCtx?.name) return { ok: false, problem: 'not-server', detail: a.url };
  for (const c of SYNCED) {
    const r = await fetcher(`${a.url}${databaseName(a.school, c)}`, { headers }).catch(() => undefined);
    if (!r) return { ok: false, problem: 'unreachable', detail: c };
    if (r.status === 401 || r.status === 403) return { ok: false, problem: 'no-permission', detail: c };
    if (r.status === 404)
      return { ok: false, problem: 'database-missing', detail: databaseName(a.school, c) };
    if (!r.ok) return { ok: false, problem: 'refused', detail: `${c}: ${r.status}` };
  }
  const roles = rolesIn(body.userCtx, a.school);
  return body.info?.temporary_password === true
    ? { ok: true, roles, temporaryPassword: true }
    : { ok: true, roles };
}

/** A `/_session` answer's place of one school (server/auth/index.ts): roles, nothing else read here. */
const SessionPlaces = z.record(z.string(), z.object({ roles: z.array(z.string()) }).passthrough());

/**
 * The user's roles in the school this device syncs with (issue 16: roles are held per school). A server that
 * gives each school's place (`userCtx.schools`): that school's membership and its roles there only, never
 * a role held in another school (a registrar of B who teaches in A is a teacher on A's device); nothing when
 * the account is no member of it, or the places cannot be read (deny). A server from before: its flat roles.
 */
export function rolesIn(userCtx: { roles: string[]; schools?: unknown }, school: string): string[] {
  if (userCtx.schools === undefined) return userCtx.roles;
  const places = SessionPlaces.safeParse(userCtx.schools);
  let code: string;
  try {
    code = schoolCode(school);
  } catch {
    return [];
  }
  if (!places.success || !Object.hasOwn(places.data, code)) return [];
  return [`baoxue-${code}`, ...places.data[code]!.roles.filter((r) => !r.startsWith('baoxue-'))];
}

/** The shortest password the server accepts for a new one. */
export const MIN_PASSWORD = 8;

export type PasswordChangeProblem = 'wrong-password' | 'too-short' | 'too-many' | 'unreachable' | 'refused';

/**
 * Changes this user's password on the school's server (`POST /_baoxue/password`, with the current one, which
 * `a.password` must be). Every other session and device of the user must then log in with the new one.
 */
export async function changePassword(
  a: SyncAccount,
  newPassword: string,
  fetcher: typeof fetch = fetch,
): Promise<{ ok: true } | { ok: false; problem: PasswordChangeProblem; detail: string }> {
  if (newPassword.length < MIN_PASSWORD)
    return { ok: false, problem: 'too-short', detail: String(MIN_PASSWORD) };
  let r: Response;
  try {
    r = await fetcher(`${a.url}_baoxue/password`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(a),
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ oldPassword: a.password, newPassword }),
    });
  } catch (e) {
    return { ok: false, problem: 'unreachable', detail: String(e) };
  }
  if (r.ok) return { ok: true };
  const body = (await r.json().catch(() => ({}))) as { reason?: string };
  // 401: the Basic login with the current password failed; 403: the server checked it and it is wrong.
  if (r.status === 401 || r.status === 403)
    return { ok: false, problem: 'wrong-password', detail: `${r.status}` };
  if (r.status === 429)
    return { ok: false, problem: 'too-many', detail: r.headers.get('retry-after') ?? '60' };
  return { ok: false, problem: 'refused', detail: body.reason ?? `${r.status}` };
}
