/**
 * `/_baoxue/keys/<school>[/<name>]`: each staff member's envelope of the school keyring (lib/sync/keys.ts),
 * kept in the GatewayStore as `keys:<school>:<name>`. The server stores and serves them; it cannot open
 * them (the keyring is encrypted to each member's key pair, whose private half is wrapped with a key
 * derived from that member's password). Rules, deny by default:
 * "Registrar" and "member" are what the account is in THAT school (its place there, server/contracts.ts).
 * - GET  …/<school>        a member of the school: whether the school has keys; a registrar also gets each
 *                           holder's name, public key and key ids (to hand them a rotated keyring).
 * - GET  …/<school>/<name> the member themselves only.
 * - PUT  …/<school>/<name> the member, only `privateKey`, `salt`, `iterations` of their existing envelope (re-wrap
 *                           after a password change); a registrar of the school any of it (a new member, a reset,
 *                           a rotation); the first envelope of a school only a registrar's own.
 * - DELETE                  a registrar (a member removed).
 * The server admin reads nothing here (not a member); deleting an account removes its envelopes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Envelope } from '../../lib/sync/envelope';
import { type GatewayStore, placeIn, type UserCtx } from '../contracts';
import { AccountName } from './accounts';

export const KEYS_PREFIX = 'keys:';
const keyId = (school: string, name: string) => `${KEYS_PREFIX}${school}:${name}`;
const School = /^[a-z0-9][a-z0-9_-]{0,40}$/;
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
    if (req.method !== 'GET') return send(res, 405, { error: 'method_not_allowed', reason: 'GET' });
    const members = await all();
    return send(res, 200, {
      exists: members.length > 0,
      ...(registrar
        ? { members: members.map((m) => ({ name: m.name, publicKey: m.publicKey, keyIds: m.keyIds })) }
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
    return p.success
      ? send(res, 200, p.data)
      : send(res, 404, { error: 'not_found', reason: '还没有密钥 (no keys yet)' });
  }
  if (req.method === 'DELETE') {
    if (!registrar) return forbidden();
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
  if (new URL(req.url ?? '/', 'http://x').searchParams.get('create') === '1' && !none)
    return send(res, 409, { error: 'conflict', reason: '学校已有密钥 (the school already has keys)' });
  await store.put({ _id: id, name, ...merged.data });
  send(res, existing.success ? 200 : 201, { ok: true });
}

/** An account deleted: its envelopes in every school go with it. */
export async function forgetKeys(store: GatewayStore, name: string): Promise<void> {
  for (const d of await store.list(KEYS_PREFIX))
    if (d.name === name && typeof d._id === 'string') await store.remove(d._id);
}
