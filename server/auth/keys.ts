/**
 * `/_baoxue/keys/<school>[/<name>]`: each staff member's envelope of the school keyring (lib/sync/keys.ts),
 * kept in the GatewayStore as `keys:<school>:<name>`. The server stores and serves them; it cannot open
 * them (the keyring is encrypted to each member's key pair, whose private half is wrapped with a key
 * derived from that member's password). Rules, deny by default:
 * "Registrar" and "member" are what the account is in THAT school (its place there, server/contracts.ts).
 * - GET  …/<school>        a member of the school: whether the school has keys; a registrar also gets each
 *                           holder's name, public key and key ids (to hand them a rotated keyring) and the
 *                           keyring's generation.
 * - GET  …/<school>/<name> the member themselves only; an envelope holding office key ids (`isOfficeKeyId`) only
 *                           while they are a registrar or leader there (a registrar made teacher is refused it).
 * - PUT  …/<school>/<name> the member, only `privateKey`, `salt`, `iterations` of their existing envelope (re-wrap
 *                           after a password change); a registrar of the school any of it (a new member, a reset,
 *                           a rotation); the first envelope of a school only a registrar's own.
 *                           Whatever changes an envelope's keyring or key ids names the keyring's generation the
 *                           writer read (`?generation=`; optional only for a new member's envelope): a stale one is
 *                           refused (409) and the device reads again (compare-and-swap; each such write adds one).
 * - POST …/<school>        a registrar: a rotation, `{generation, envelopes: {<name>: {keyring, keyIds}}}`, written
 *                           all at once or not at all (409 on a stale generation or a member removed meanwhile).
 * - DELETE                  a registrar (a member removed).
 * The server admin reads nothing here (not a member); deleting an account removes its envelopes, except that the
 * last registrar or leader holding the office key of a school whose other members hold its keys is neither
 * deleted nor made teacher (`officeKeyLoss`, server/auth/index.ts): the admin is told who must be made registrar
 * and handed the keys first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Envelope, isOfficeKeyId } from '../../lib/sync/envelope';
import { z } from '../../lib/zod';
import { type GatewayStore, placeIn, type UserCtx } from '../contracts';
import { markSealed } from '../sealedMark';
import {
  AccountDoc,
  AccountName,
  accountId,
  OFFICE_ROLES,
  placeOf,
  placesOf,
  type SchoolPlace,
} from './accounts';

export const KEYS_PREFIX = 'keys:';
const keyId = (school: string, name: string) => `${KEYS_PREFIX}${school}:${name}`;
const School = /^[a-z0-9][a-z0-9_-]{0,40}$/;
/** Whether an envelope holds the office key: the one rule for office key ids (lib/sync/envelope.ts). */
const holdsOfficeKey = (keyIds: readonly string[]) => keyIds.some(isOfficeKeyId);
/** What a member may change in their own envelope (a registrar may write any of it). */
const MEMBER_FIELDS: readonly string[] = ['privateKey', 'salt', 'iterations'];

type Send = (res: ServerResponse, status: number, body: unknown) => void;

export async function keysRoute(
  store: GatewayStore,
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
  ctx: { user: UserCtx | null; body: unknown },
  send: Send,
): Promise<void> {
  const user = ctx.user;
  if (!user) return send(res, 401, { error: 'unauthorized', reason: '请先登录 (login required)' });
  let parts: string[];
  try {
    parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return send(res, 400, { error: 'bad_request', reason: '地址写法不对 (malformed path)' });
  }
  const [school, rawName, extra] = parts;
  if (!school || !School.test(school) || extra !== undefined)
    return send(res, 404, { error: 'not_found', reason: '没有这个地址 (no such path)' });
  // One request at a time per school: a keyring write is judged against the generation it names and the
  // envelopes as they are, with nothing written in between (compare-and-swap).
  return inTurn(store, school, () => schoolKeys(store, req, res, school, rawName, user, ctx.body, send));
}

/** Per store and school, the requests to `/_baoxue/keys/<school>…` one after another. */
const queues = new WeakMap<GatewayStore, Map<string, Promise<unknown>>>();
async function inTurn<T>(store: GatewayStore, school: string, run: () => Promise<T>): Promise<T> {
  const byStore = queues.get(store) ?? new Map<string, Promise<unknown>>();
  queues.set(store, byStore);
  const before = byStore.get(school) ?? Promise.resolve();
  const mine = before.catch(() => {}).then(run);
  const settled = mine.catch(() => {});
  byStore.set(school, settled);
  void settled.then(() => {
    if (byStore.get(school) === settled) byStore.delete(school);
  });
  return mine;
}

/**
 * The school keyring's generation: every write that changes an envelope's keyring or key ids adds one. A
 * registrar's device names the generation it read before it read the keys (`?generation=`, or in a batch):
 * a write naming another is refused (409) and the device reads again (lib/sync/keys.ts). Kept beside the
 * envelopes, not under `keys:` (no listing of envelopes sees it).
 */
const generationId = (school: string) => `keyring-generation:${school}`;
async function generationOf(store: GatewayStore, school: string): Promise<number> {
  const g = (await store.get(generationId(school)))?.generation;
  return typeof g === 'number' && Number.isSafeInteger(g) ? g : 0;
}
async function nextGeneration(store: GatewayStore, school: string): Promise<number> {
  const next = (await generationOf(store, school)) + 1;
  await store.put({ _id: generationId(school), generation: next });
  return next;
}
const STALE = {
  error: 'conflict',
  reason:
    '学校密钥刚被另一位学籍管理员更新，请重新打开 设置 → 成员密钥 再试 (the school keys changed meanwhile: read them again and retry)',
};
/** A batch of keyrings (a rotation): for each member, the keyring and key ids only. */
const Batch = z
  .object({
    generation: z.number().int().min(0),
    envelopes: z
      .record(AccountName, Envelope.pick({ keyring: true, keyIds: true }).strict())
      .refine((e) => Object.keys(e).length > 0 && Object.keys(e).length <= 2000, '成员太多 (too many)'),
  })
  .strict();

async function schoolKeys(
  store: GatewayStore,
  req: IncomingMessage,
  res: ServerResponse,
  school: string,
  rawName: string | undefined,
  user: UserCtx,
  rawBody: unknown,
  send: Send,
): Promise<void> {
  const ctx = { body: rawBody };
  const forbidden = () => send(res, 403, { error: 'forbidden', reason: '无权访问密钥 (not allowed)' });
  // What this account is in THIS school: a registrar of another school is a plain member here (issue 16).
  const place = placeIn(user, school);
  if (!place) return forbidden();
  const registrar = place.roles.includes('registrar');
  const all = async () =>
    (await store.list(`${KEYS_PREFIX}${school}:`)).flatMap((d) => {
      const p = Envelope.safeParse(d);
      return p.success ? [{ name: String(d.name), ...p.data }] : [];
    });

  if (rawName === undefined) {
    if (req.method === 'POST') {
      // A rotation: every named member's keyring at once, or none (a registrar's, naming the generation read).
      if (!registrar) return forbidden();
      const batch = Batch.safeParse(ctx.body);
      if (!batch.success)
        return send(res, 400, { error: 'bad_request', reason: '密钥格式不对 (malformed keys)' });
      if (batch.data.generation !== (await generationOf(store, school))) return send(res, 409, STALE);
      const held = new Map((await all()).map((m) => [m.name, m]));
      // A member removed meanwhile gets no envelope back: the device reads the members again.
      if (Object.keys(batch.data.envelopes).some((n) => !held.has(n))) return send(res, 409, STALE);
      for (const [name, part] of Object.entries(batch.data.envelopes)) {
        const { name: _n, ...was } = held.get(name)!;
        await store.put({ _id: keyId(school, name), name, ...was, ...part });
      }
      return send(res, 200, { ok: true, generation: await nextGeneration(store, school) });
    }
    if (req.method !== 'GET') return send(res, 405, { error: 'method_not_allowed', reason: 'GET, POST' });
    const members = await all();
    return send(res, 200, {
      exists: members.length > 0,
      ...(registrar
        ? {
            generation: await generationOf(store, school),
            members: members.map((m) => ({ name: m.name, publicKey: m.publicKey, keyIds: m.keyIds })),
          }
        : {}),
    });
  }
  const named = AccountName.safeParse(rawName);
  if (!named.success) return send(res, 400, { error: 'bad_request', reason: '用户名不对 (bad name)' });
  const name = named.data;
  const own = name === user.name;
  const id = keyId(school, name);

  if (req.method === 'GET') {
    if (!own) return forbidden();
    const doc = await store.get(id);
    const p = Envelope.safeParse(doc);
    if (!p.success) return send(res, 404, { error: 'not_found', reason: '还没有密钥 (no keys yet)' });
    // An envelope holding the office key, for an account that is no registrar or leader in this school now (a
    // registrar made teacher: the roles change in the account API or server:setup, the envelope stays as it
    // was): refused, whatever route made the change, until a registrar's device hands them keys without it.
    if (p.data.keyIds.some(isOfficeKeyId) && !place.roles.some((r) => OFFICE_ROLES.includes(r)))
      return send(res, 403, {
        error: 'forbidden',
        reason:
          '您已不是学籍管理员/校领导，原密钥含办公室密钥，不能再取用：请学籍管理员打开 设置 → 成员密钥，为您重新发放密钥 (you are no longer a registrar or leader here and your keys hold the office key: ask the registrar to re-issue your keys)',
      });
    return send(res, 200, p.data);
  }
  if (req.method === 'DELETE') {
    if (!registrar) return forbidden();
    // The office key (学籍号, 身份证件号) lives only in the envelopes of those who hold it: deleting the last of them
    // would lose every child's identity part for good. A registrar is handed keys first, then the other removed.
    const doomed = Envelope.safeParse(await store.get(id));
    if (
      doomed.success &&
      holdsOfficeKey(doomed.data.keyIds) &&
      !(await all()).some((m) => m.name !== name && holdsOfficeKey(m.keyIds))
    )
      return send(res, 409, {
        error: 'conflict',
        reason:
          '不能删除最后一位学籍管理员的密钥：请先为另一位学籍管理员发放密钥 (the last envelope holding the office key cannot be deleted)',
      });
    await store.remove(id);
    return send(res, 200, { ok: true });
  }
  if (req.method !== 'PUT')
    return send(res, 405, { error: 'method_not_allowed', reason: 'GET, PUT, DELETE' });
  if (!own && !registrar) return forbidden();
  const existing = Envelope.safeParse(await store.get(id));
  const body = Envelope.partial().strict().safeParse(ctx.body);
  if (!body.success) return send(res, 400, { error: 'bad_request', reason: '密钥格式不对 (malformed keys)' });
  // A member who is no registrar re-wraps their own private key (a password change) and nothing else: the
  // keyring and its key ids are a registrar's to hand out (key ids starting `o` once marked an office holder;
  // a teacher writing them would have been handed the office key at the next rotation). A field sent
  // unchanged is fine (a re-wrap sends the whole envelope back).
  if (!registrar) {
    if (!existing.success) return forbidden();
    const before = existing.data as Record<string, unknown>;
    for (const [field, value] of Object.entries(body.data))
      if (!MEMBER_FIELDS.includes(field) && JSON.stringify(value) !== JSON.stringify(before[field]))
        return forbidden();
  }
  const merged = Envelope.safeParse({ ...(existing.success ? existing.data : {}), ...body.data });
  if (!merged.success)
    return send(res, 400, { error: 'bad_request', reason: '密钥不完整 (incomplete keys)' });
  // The school's first keyring: only a registrar, for themselves. `?create=1`: only if the school has none
  // yet (two devices of a first registrar making one each would split the school's data in two).
  const none = (await all()).length === 0;
  if (none && !(own && registrar)) return forbidden();
  const query = new URL(req.url ?? '/', 'http://x').searchParams;
  if (query.get('create') === '1' && !none)
    return send(res, 409, { error: 'conflict', reason: '学校已有密钥 (the school already has keys)' });
  // A keyring handed out (a grant, a reset, a rotation): only on the generation the writer read. Replacing a
  // member's keyring must name it; a new member's envelope is checked when it names one (older callers).
  const before = existing.success ? existing.data : undefined;
  const turns =
    !before ||
    merged.data.keyring !== before.keyring ||
    JSON.stringify(merged.data.keyIds) !== JSON.stringify(before.keyIds);
  const generation = query.get('generation');
  if (turns && (before || generation !== null)) {
    if (
      generation === null ||
      !/^\d{1,15}$/.test(generation) ||
      Number(generation) !== (await generationOf(store, school))
    )
      return send(res, 409, STALE);
  }
  await store.put({ _id: id, name, ...merged.data });
  // Sealed for good from its first envelope on (server/sealedMark.ts): deleting envelopes never unseals it.
  await markSealed(store, school);
  send(res, existing.success ? 200 : 201, {
    ok: true,
    ...(turns ? { generation: await nextGeneration(store, school) } : {}),
  });
}

/** An account deleted: its envelopes in every school go with it. */
export async function forgetKeys(store: GatewayStore, name: string): Promise<void> {
  for (const d of await store.list(KEYS_PREFIX))
    if (d.name === name && typeof d._id === 'string') await store.remove(d._id);
}

/**
 * Why the admin's change to an account would lose a school's office key, in words (undefined: it may be made).
 * `after`: the account's schools after the change (undefined: the account deleted). Refused where the account
 * holds an envelope with the office key in a school, would be no registrar or leader there afterwards, and no
 * other member who IS a registrar or leader there now holds one, while other members hold the school's keys
 * (their records' 学籍号 and 身份证件号 would open for nobody, ever). A school whose only key holder goes is
 * being closed: nobody is left to lose anything.
 */
export async function officeKeyLoss(
  store: GatewayStore,
  name: string,
  after: Record<string, SchoolPlace> | undefined,
): Promise<string | undefined> {
  const stillOffice = (schools: Record<string, SchoolPlace> | undefined, school: string) =>
    !!placeOf(schools, school)?.roles.some((r) => OFFICE_ROLES.includes(r));
  for (const d of await store.list(KEYS_PREFIX)) {
    const id = String(d._id);
    const suffix = `:${name}`;
    if (d.name !== name || !id.endsWith(suffix)) continue;
    const school = id.slice(KEYS_PREFIX.length, id.length - suffix.length);
    const own = Envelope.safeParse(d);
    if (!own.success || !holdsOfficeKey(own.data.keyIds) || stillOffice(after, school)) continue;
    const others = (await store.list(`${KEYS_PREFIX}${school}:`)).filter((o) => o.name !== name);
    if (!others.length) continue;
    let kept = false;
    for (const o of others) {
      const env = Envelope.safeParse(o);
      if (!env.success || !holdsOfficeKey(env.data.keyIds)) continue;
      // A holder the server still counts as office staff there (a registrar made teacher is refused their
      // envelope, so it keeps the office key for nobody).
      const acc = AccountDoc.safeParse(await store.get(accountId(String(o.name))));
      if (acc.success && stillOffice(placesOf(acc.data).schools, school)) kept = true;
    }
    if (!kept)
      return `${name} 是学校 ${school} 唯一持有办公室密钥的学籍管理员/校领导，删除或改为教师后，全校学生的学籍号、身份证件号将再也无法解开。请先把另一位成员设为学籍管理员，并请 ${name} 打开 设置 → 成员密钥 为其发放密钥，然后再删除或更改 ${name} (${name} is the only registrar or leader of ${school} holding the office key: make another member registrar and let ${name}'s 成员密钥 page hand them the keys first, or every child's 学籍号 and ID number is lost)`;
  }
  return undefined;
}
