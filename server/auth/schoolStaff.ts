/**
 * `/_baoxue/school/<school>/staff[/<name>]`: the school's own staff list and a teacher's classes (班主任 and
 * 科任), managed from the dashboard's 教师班级 by the school's registrar instead of the server admin. Deny by
 * default ("registrar of that school" is what the account is in THAT school, its place there: a registrar of
 * another school who also teaches here is a teacher here, issue 16):
 * - GET  …/<school>/staff         a registrar or a leader of that school: each member's name, staff roles and
 *                                  classes in that school (never a hash, never anyone of another school, never
 *                                  what a member is in another school);
 * - PUT  …/<school>/staff/<name>  a registrar of that school, for a teacher of that school, with exactly
 *                                  `{"classes": [...]}`, changing their classes in that school only (a 走教
 *                                  teacher's classes elsewhere stay): roles, passwords, membership and the server admin stay
 *                                  the admin's (`/_baoxue/accounts`).
 * - GET  …/<school>/names         any member of that school: the staff's names only, nothing else (the 重点生
 *                                  form offers them as 帮扶 partner, so the designation holds the exact account
 *                                  name the gateway matches: server/scope.ts).
 * Everyone else (a teacher, a member of another school, the server admin, who is no school's member): 403.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from '../../lib/zod';
import { type GatewayStore, placeIn, type UserCtx } from '../contracts';
import {
  ACCOUNT_PREFIX,
  AccountDoc,
  AccountName,
  accountId,
  ClassName,
  placeOf,
  placesOf,
  type SchoolPlace,
  withPlaces,
} from './accounts';

const School = /^[a-z0-9][a-z0-9_-]{0,40}$/;

/** PUT body: a teacher's classes and nothing else. */
export const StaffClasses = z.object({ classes: z.array(ClassName).max(64) }).strict();

type Send = (res: ServerResponse, status: number, body: unknown) => void;

/** What a registrar or leader sees of a colleague: their roles and classes in THIS school only. */
const staffEntry = (name: string, place: SchoolPlace) => ({
  name,
  roles: place.roles,
  ...(place.classes ? { classes: place.classes } : {}),
});

/** Every account of `school`, with its place there. */
async function membersOf(store: GatewayStore, school: string) {
  return (await store.list(ACCOUNT_PREFIX)).flatMap((d) => {
    const p = AccountDoc.safeParse(d);
    const place = p.success ? placeOf(placesOf(p.data).schools, school) : undefined;
    return p.success && place ? [{ account: p.data, place }] : [];
  });
}

export async function schoolStaffRoute(
  store: GatewayStore,
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
  ctx: { user: UserCtx | null; body: unknown },
  send: Send,
  /** Ends the cached credentials of an account whose classes changed (its next request reads them anew). */
  forget: (name: string) => void,
): Promise<void> {
  const user = ctx.user;
  if (!user) return send(res, 401, { error: 'unauthorized', reason: '请先登录 (login required)' });
  let parts: string[];
  try {
    parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return send(res, 400, { error: 'bad_request', reason: '地址写法不对 (malformed path)' });
  }
  const [school, staff, rawName, extra] = parts;
  if (school && School.test(school) && staff === 'names' && rawName === undefined) {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, { error: 'method_not_allowed', reason: '只能读取 (GET only)' });
    if (!placeIn(user, school))
      return send(res, 403, {
        error: 'forbidden',
        reason: '你不是这所学校的成员 (not a member of this school)',
      });
    const names = (await membersOf(store, school)).map((m) => m.account.name);
    return send(res, 200, { names: names.sort((a, b) => a.localeCompare(b, 'zh')) });
  }
  if (!school || !School.test(school) || staff !== 'staff' || extra !== undefined)
    return send(res, 404, { error: 'not_found', reason: '没有这个地址 (no such path)' });
  // What the caller is in THIS school (issue 16): a registrar of another school is no registrar here.
  const mine = placeIn(user, school)?.roles ?? [];
  const registrar = mine.includes('registrar');
  const leader = mine.includes('leader');
  const forbidden = (reason: string) => send(res, 403, { error: 'forbidden', reason });

  if (rawName === undefined) {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, { error: 'method_not_allowed', reason: '只能读取 (GET only)' });
    if (!registrar && !leader)
      return forbidden(
        '只有本校学籍管理员和校领导可以查看教职工名单 (registrars and leaders of this school only)',
      );
    const accounts = (await membersOf(store, school)).map((m) => staffEntry(m.account.name, m.place));
    return send(res, 200, { staff: accounts.sort((a, b) => a.name.localeCompare(b.name, 'zh')) });
  }

  if (req.method !== 'PUT')
    return send(res, 405, { error: 'method_not_allowed', reason: '只能设定班级 (PUT only)' });
  if (!registrar) return forbidden('只有本校学籍管理员可以设定教师的班级 (registrars of this school only)');
  const named = AccountName.safeParse(rawName);
  if (!named.success) return send(res, 400, { error: 'bad_request', reason: '用户名不对 (bad name)' });
  const parsed = StaffClasses.safeParse(ctx.body);
  if (!parsed.success)
    return send(res, 400, {
      error: 'bad_request',
      reason: '这里只能设定班级 (only {"classes": [...]} may be set here)',
    });
  const found = AccountDoc.safeParse(await store.get(accountId(named.data)));
  const places = found.success ? placesOf(found.data) : undefined;
  const place = placeOf(places?.schools, school);
  // Another school's account answers as a missing one: a registrar learns nothing of other schools.
  if (!found.success || found.data.name !== named.data || !places || !place)
    return send(res, 404, {
      error: 'not_found',
      reason: '本校没有这个账号 (no such account in this school)',
    });
  if (!place.roles.includes('teacher'))
    return forbidden('只有教师的账号有班级 (only a teacher’s account has classes)');
  // An account from before issue 16 whose flat office role or classes no school can be told from: the admin
  // says first which school they are for (written now, they would be lost without a word).
  if (places.undecided)
    return send(res, 409, {
      error: 'conflict',
      reason:
        '这个旧账号属于多所学校，请服务器管理员先用 server:setup --staff 按学校设定角色和班级 (an old account of several schools: the server admin first sets its roles and classes per school with server:setup --staff)',
    });
  // Only THIS school's classes change: what the teacher reads in their other schools stays as it is.
  const next: SchoolPlace = { roles: place.roles, classes: [...new Set(parsed.data.classes)] };
  const doc = withPlaces({ ...found.data, changedAt: Date.now() }, { ...places.schools, [school]: next });
  await store.put(doc);
  forget(doc.name);
  return send(res, 200, { ok: true, ...staffEntry(doc.name, next) });
}
