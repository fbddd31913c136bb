/**
 * Baoxue's accounts, in front of every request the gateway forwards (see server/contracts.ts):
 * - `identify`: who sent a request, from a Basic authorization (Baoxue's client sends one with every request)
 *   or an `AuthSession` cookie. Verified credentials are cached under an HMAC of the header while in use
 *   (gone after 10 idle minutes, hashed again after 12 hours; rechecked against the store every 30 s, so a
 *   password changed on another gateway ends them too): a syncing device costs one hash, not one per request.
 * - Failed logins are throttled per account and per client address (Basic failures count the same as
 *   `POST /_session`), charged before the hash is computed so parallel guesses cannot slip past the count.
 *   The same wrong credential sent again (a second device still holding an old password) is answered from a
 *   cache and not counted again, so it cannot lock its owner out.
 * - Unknown names and wrong passwords get the same answer after the same work (a dummy hash).
 * - `handle`: `/_session` (GET, POST, DELETE, as CouchDB answers them, with each school's roles beside),
 *   `POST /_baoxue/password` (a user's own password), `/_baoxue/accounts[/<name>]` (the admin's account
 *   management: an account's roles and classes are held per school, server/auth/accounts.ts).
 *
 * The GatewayStore holds `account:<name>` documents, `auth:secret` (the session secret) and `auth:revoked:<seal>`
 * (a logged-out session, until it would have expired: server/auth/session.ts); the admin is never
 * stored: it exists only as this start's `opts.admin`, so a new admin password ends the old one.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { cpus } from 'node:os';
import type { Auth, AuthOptions, GatewayStore, Identified, UserCtx } from '../contracts';
import {
  ACCOUNT_PREFIX,
  AccountDoc,
  AccountName,
  accountId,
  flatRoles,
  Login,
  PasswordChange,
  placesOf,
  publicAccount,
  SECRET_ID,
  updatedPlaces,
  withPlaces,
} from './accounts';
import {
  HashGate,
  hashPassword,
  ITERATIONS,
  MIN_ITERATIONS,
  needsRehash,
  normalise,
  verifyPassword,
} from './hash';
import { forgetKeys, keysRoute, officeKeyLoss } from './keys';
import { schoolStaffRoute } from './schoolStaff';
import {
  REVOKED_PREFIX,
  readSession,
  revokedId,
  sessionCookie,
  sessionValid,
  setCookie,
  signSession,
} from './session';
import { ACCOUNT_POLICY, ADDRESS_POLICY, Throttle, type ThrottlePolicy } from './throttle';

/** For tests and the bench: a clock, a cheaper hash, other throttle figures. */
export interface AuthTuning {
  now?: () => number;
  iterations?: number;
  accountPolicy?: ThrottlePolicy;
  addressPolicy?: ThrottlePolicy;
}

/** A verified credential is checked against the store again after this (its account unchanged?) … */
const RECHECK_MS = 30_000;
/** … leaves the cache when unused this long … */
const IDLE_MS = 10 * 60_000;
/**
 * … and has its password hashed again after this, used or not. While in use it stays: a syncing device is
 * not locked out by someone guessing its password elsewhere (the throttle only meets unverified logins).
 */
const VERIFIED_MS = 12 * 3600_000;
const CACHE_MAX = 10_000;

export const WRONG = '用户名或密码不对 (Name or password is incorrect.)';
const TOO_MANY = '登录失败次数过多，请稍后再试 (too many failed logins; try again later)';
const ADMIN_ONLY = '仅限服务器管理员 (server admins only)';

type Checked = { ok: true; user: UserCtx; stamp: string } | Extract<Identified, { ok: false }>;

interface Verified {
  user: UserCtx;
  /** What the credential was checked against: the account's hash (the admin's stamp). */
  stamp: string;
  verifiedAt: number;
  checkedAt: number;
  usedAt: number;
  expiresAt: number;
  /** A cookie's: the store id its logout writes (server/auth/session.ts), looked for at each recheck. */
  revoked?: string;
}

/**
 * Who an account is to the gateway: its name, its school memberships (`roles`, no staff role among them) and
 * its place in each school (roles and a teacher's classes there, server/contracts.ts). An old flat account is
 * read as `placesOf` says (fail closed where its schools cannot be told apart).
 */
const userOf = (a: AccountDoc): UserCtx => {
  const { schools } = placesOf(a);
  return { name: a.name, roles: Object.keys(schools).map((code) => `baoxue-${code}`), schools };
};

/**
 * The user as `/_session` and a login answer them, CouchDB's shape: `roles` the flat view (every membership,
 * and the staff roles held in all of the account's schools: a one-school member's roles as before, for older
 * devices), and beside it each school's place (a device reads the school it syncs with).
 */
const sessionUser = (user: UserCtx | null) =>
  !user
    ? { name: null, roles: [] }
    : user.roles.includes('_admin')
      ? { name: user.name, roles: user.roles }
      : { name: user.name, roles: flatRoles(user.schools ?? {}), schools: user.schools ?? {} };

export async function createAuth(opts: AuthOptions, tuning: AuthTuning = {}): Promise<Auth> {
  const now = tuning.now ?? Date.now;
  const iterations = tuning.iterations ?? ITERATIONS;
  const minIterations = Math.min(MIN_ITERATIONS, iterations);
  const store = opts.store;
  const admin = { name: AccountName.parse(opts.admin.name), password: opts.admin.password };
  if (!admin.password) throw new Error('服务器管理员需要密码 (the admin needs a password)');
  if (!(opts.sessionHours > 0)) throw new Error(`sessionHours must be positive: ${opts.sessionHours}`);

  const secret = await loadSecret(store);
  // Deterministic for one admin password (admin sessions survive a restart), changed by a new one.
  const adminStamp = createHmac('sha256', secret)
    .update(`admin\n${admin.name}\n${admin.password}`)
    .digest('base64');
  const adminHash = await hashPassword(admin.password, iterations);
  const dummyHash = await hashPassword(randomBytes(16).toString('hex'), iterations);
  const gate = new HashGate(Math.max(1, cpus().length - 1));
  const byAccount = new Throttle(tuning.accountPolicy ?? ACCOUNT_POLICY, now);
  const byAddress = new Throttle(tuning.addressPolicy ?? ADDRESS_POLICY, now);
  const cacheSalt = randomBytes(32);
  const verified = new Map<string, Verified>();
  /** Credentials known wrong (name → when), answered without hashing and without counting again. */
  const wrong = new Map<string, { name: string; at: number }>();

  const cacheKey = (kind: string, value: string) =>
    createHmac('sha256', cacheSalt).update(`${kind}\n${value}`).digest('base64');

  async function loadAccount(name: string): Promise<AccountDoc | undefined> {
    const parsed = AccountDoc.safeParse(await store.get(accountId(name)));
    return parsed.success && parsed.data.name === name ? parsed.data : undefined;
  }

  function remember<V>(map: Map<string, V>, key: string, value: V) {
    map.delete(key);
    map.set(key, value);
    if (map.size > CACHE_MAX) map.delete(map.keys().next().value!);
  }

  /** Ends every cached credential of this user (a password, roles or the account changed). */
  function forget(name: string) {
    for (const [k, v] of verified) if (v.user.name === name) verified.delete(k);
    for (const [k, v] of wrong) if (v.name === name) wrong.delete(k);
  }

  async function fromCache(key: string): Promise<UserCtx | undefined> {
    const e = verified.get(key);
    if (!e) return undefined;
    const t = now();
    if (t - e.usedAt > IDLE_MS || t - e.verifiedAt > VERIFIED_MS || t >= e.expiresAt) {
      verified.delete(key);
      return undefined;
    }
    if (t - e.checkedAt > RECHECK_MS) {
      // Logged out on another gateway of the county: that session has ended here too.
      if (e.revoked && (await store.get(e.revoked))) {
        verified.delete(key);
        return undefined;
      }
      if (e.stamp !== adminStamp) {
        const a = await loadAccount(e.user.name);
        if (!a || a.hash !== e.stamp) {
          verified.delete(key);
          return undefined;
        }
        e.user = userOf(a);
      }
      e.checkedAt = t;
    }
    e.usedAt = t;
    return e.user;
  }

  const tooMany = (ms: number): Checked => ({
    ok: false,
    status: 429,
    reason: TOO_MANY,
    retryAfter: Math.max(1, Math.ceil(ms / 1000)),
  });

  /** A name and password, throttled: the whole of a login, whichever way it arrives. */
  async function check(rawName: string, password: string, ip: string): Promise<Checked> {
    const name = normalise(rawName);
    const address = addressKey(ip);
    const wait = Math.max(byAccount.wait(name), byAddress.wait(address));
    if (wait > 0) return tooMany(wait);
    if (gate.full) return tooMany(1000);
    // Charged now and refunded on success: guesses sent in parallel are counted before any is answered.
    byAccount.fail(name);
    byAddress.fail(address);
    const isAdmin = name === admin.name;
    let account: AccountDoc | undefined;
    let good: boolean;
    try {
      // Looked up for the admin's name too (and ignored), so the admin's answer takes as long as anyone's.
      const found = await loadAccount(name);
      account = isAdmin ? undefined : found;
      const stored = isAdmin ? adminHash : (account?.hash ?? dummyHash);
      good =
        (await gate.run(() => verifyPassword(password, stored, minIterations))) && (isAdmin || !!account);
    } catch (e) {
      // The store could not answer (the engine is down): not the user's failure.
      byAccount.refund(name);
      byAddress.refund(address);
      throw e;
    }
    if (!good) return { ok: false, status: 401, reason: WRONG };
    byAccount.succeed(name);
    byAddress.refund(address);
    if (isAdmin) return { ok: true, user: { name, roles: ['_admin'] }, stamp: adminStamp };
    let hash = account!.hash;
    if (needsRehash(hash, iterations)) {
      hash = await gate.run(() => hashPassword(password, iterations));
      await store.put({ ...account!, hash });
      forget(name);
    }
    return { ok: true, user: userOf(account!), stamp: hash };
  }

  async function identifyBasic(header: string, ip: string): Promise<Identified> {
    const key = cacheKey('basic', header);
    const hit = await fromCache(key);
    if (hit) return { ok: true, user: hit };
    const known = wrong.get(key);
    if (known && now() - known.at < IDLE_MS) return { ok: false, status: 401, reason: WRONG };
    const creds = parseBasic(header);
    if (!creds) {
      byAddress.fail(addressKey(ip));
      return { ok: false, status: 401, reason: WRONG };
    }
    const r = await check(creds.name, creds.password, ip);
    if (r.ok) {
      const t = now();
      remember(verified, key, {
        user: r.user,
        stamp: r.stamp,
        verifiedAt: t,
        checkedAt: t,
        usedAt: t,
        expiresAt: Infinity,
      });
      return { ok: true, user: r.user };
    }
    if (r.status === 401) remember(wrong, key, { name: normalise(creds.name), at: now() });
    return r;
  }

  async function identifyCookie(value: string): Promise<UserCtx | null> {
    const key = cacheKey('cookie', value);
    const hit = await fromCache(key);
    if (hit) return hit;
    const claimed = readSession(secret, value, now());
    if (!claimed) return null;
    const isAdmin = claimed.name === admin.name;
    const account = isAdmin ? undefined : await loadAccount(claimed.name);
    const stamp = isAdmin ? adminStamp : account?.hash;
    if (!stamp || !sessionValid(secret, stamp, value)) return null;
    const revoked = revokedId(claimed.seal);
    if (await store.get(revoked)) return null; // logged out
    const user = isAdmin ? { name: admin.name, roles: ['_admin'] } : userOf(account!);
    const t = now();
    remember(verified, key, {
      user,
      stamp,
      verifiedAt: t,
      checkedAt: t,
      usedAt: t,
      expiresAt: claimed.expiresAtMs,
      revoked,
    });
    return user;
  }

  /**
   * Logging out: the request's own session (its cookie) ends on every gateway of the county, kept as revoked in
   * the store until it would have expired; revocations past that are removed. Other sessions of the user go on.
   */
  async function logout(req: IncomingMessage) {
    const value = sessionCookie(req.headers.cookie);
    const t = now();
    const claimed = value ? readSession(secret, value, t) : undefined;
    if (value && claimed) {
      await store.put({ _id: revokedId(claimed.seal), until: claimed.expiresAtMs });
      verified.delete(cacheKey('cookie', value));
    }
    for (const d of await store.list(REVOKED_PREFIX))
      if (typeof d.until !== 'number' || d.until <= t) await store.remove(String(d._id));
  }

  const sessionSeconds = Math.round(opts.sessionHours * 3600);
  const newSession = (name: string, stamp: string) =>
    setCookie(
      signSession(secret, stamp, name, now() + sessionSeconds * 1000),
      sessionSeconds,
      opts.secureCookies,
    );
  const endSession = setCookie('', 0, opts.secureCookies);

  async function login(res: ServerResponse, req: IncomingMessage, body: Buffer | undefined, ip: string) {
    const parsed = Login.safeParse(parseBody(req, body));
    if (!parsed.success)
      return send(res, 400, {
        error: 'bad_request',
        reason: '需要 name 和 password (name and password required)',
      });
    const r = await check(parsed.data.name, parsed.data.password, ip);
    if (!r.ok) return refuse(res, r);
    send(res, 200, { ok: true, ...sessionUser(r.user) }, { 'set-cookie': newSession(r.user.name, r.stamp) });
  }

  async function changePassword(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: { ip: string; body: Buffer | undefined; user: UserCtx | null },
  ) {
    if (!ctx.user) return send(res, 401, { error: 'unauthorized', reason: '请先登录 (login required)' });
    if (ctx.user.roles.includes('_admin'))
      return send(res, 403, {
        error: 'forbidden',
        reason:
          '管理员密码只能用 --admin 或 BAOXUE_ADMIN 在启动时设定 (the admin password is set at start: --admin or BAOXUE_ADMIN)',
      });
    const parsed = PasswordChange.safeParse(parseBody(req, ctx.body));
    if (!parsed.success) return send(res, 400, { error: 'bad_request', reason: firstIssue(parsed.error) });
    const { oldPassword, newPassword } = parsed.data;
    if (normalise(oldPassword) === normalise(newPassword))
      return send(res, 400, {
        error: 'bad_request',
        reason: '新密码不能与原密码相同 (the new password must differ)',
      });
    const r = await check(ctx.user.name, oldPassword, ctx.ip);
    if (!r.ok)
      return r.status === 429
        ? refuse(res, r)
        : send(res, 403, { error: 'forbidden', reason: '原密码不对 (the current password is wrong)' });
    const account = await loadAccount(r.user.name);
    if (!account) return send(res, 404, { error: 'not_found', reason: '没有这个账号 (no such account)' });
    const hash = await gate.run(() => hashPassword(newPassword, iterations));
    await store.put({ ...account, hash, temporary: false, changedAt: now() });
    forget(account.name);
    // A cookie login carries on with a fresh session; every other session of this user has ended.
    const headers: Record<string, string> = sessionCookie(req.headers.cookie)
      ? { 'set-cookie': newSession(account.name, hash) }
      : {};
    send(res, 200, { ok: true }, headers);
  }

  async function accounts(
    req: IncomingMessage,
    res: ServerResponse,
    rest: string,
    ctx: { body: Buffer | undefined; user: UserCtx | null },
  ) {
    if (!ctx.user) return send(res, 401, { error: 'unauthorized', reason: '请先登录 (login required)' });
    if (!ctx.user.roles.includes('_admin')) return send(res, 403, { error: 'forbidden', reason: ADMIN_ONLY });
    if (rest === '' || rest === '/') {
      if (req.method !== 'GET') return notAllowed(res, 'GET');
      const all = (await store.list(ACCOUNT_PREFIX)).flatMap((d) => {
        const p = AccountDoc.safeParse(d);
        return p.success ? [publicAccount(p.data)] : [];
      });
      return send(res, 200, { accounts: all.sort((a, b) => a.name.localeCompare(b.name)) });
    }
    let rawName: string;
    try {
      rawName = decodeURIComponent(rest.slice(1));
    } catch {
      return send(res, 400, { error: 'bad_request', reason: '账号名编码不对 (bad name encoding)' });
    }
    const named = AccountName.safeParse(rawName);
    if (!named.success) return send(res, 400, { error: 'bad_request', reason: firstIssue(named.error) });
    const name = named.data;
    if (name === admin.name)
      return send(res, 409, {
        error: 'conflict',
        reason: '这是服务器管理员的名字 (that is the server admin’s name)',
      });
    const existing = await loadAccount(name);
    if (req.method === 'GET')
      return existing
        ? send(res, 200, publicAccount(existing))
        : send(res, 404, { error: 'not_found', reason: '没有这个账号 (no such account)' });
    if (req.method === 'DELETE') {
      if (!existing) return send(res, 404, { error: 'not_found', reason: '没有这个账号 (no such account)' });
      // Deny by default: never the last office-key holder of a school whose other members hold its keys.
      const loss = await officeKeyLoss(store, name, undefined);
      if (loss) return send(res, 409, { error: 'conflict', reason: loss });
      await store.remove(accountId(name));
      await forgetKeys(store, name);
      forget(name);
      return send(res, 200, { ok: true });
    }
    if (req.method !== 'PUT') return notAllowed(res, 'GET, PUT, DELETE');
    const parsed = updatedPlaces(existing && placesOf(existing).schools, parseBody(req, ctx.body));
    if (!parsed.ok) return send(res, 400, { error: 'bad_request', reason: parsed.reason });
    const { schools, password } = parsed;
    // Nor made teacher (or taken out of a school) while the office key lives only in their envelope there.
    const loss = existing ? await officeKeyLoss(store, name, schools) : undefined;
    if (loss) return send(res, 409, { error: 'conflict', reason: loss });
    if (!existing && password === undefined)
      return send(res, 400, {
        error: 'bad_request',
        reason: '新账号需要密码 (a new account needs a password)',
      });
    const hash =
      password === undefined ? existing!.hash : await gate.run(() => hashPassword(password, iterations));
    const doc = withPlaces(
      {
        _id: accountId(name),
        name,
        hash,
        temporary: password === undefined ? existing!.temporary : true,
        changedAt: now(),
      },
      schools,
    );
    await store.put(doc);
    forget(name);
    byAccount.succeed(name);
    send(res, existing ? 200 : 201, { ok: true, ...publicAccount(doc) });
  }

  return {
    async identify(req, ip) {
      const header = req.headers.authorization;
      if (header !== undefined) return identifyBasic(header, ip);
      const cookie = sessionCookie(req.headers.cookie);
      return { ok: true, user: cookie ? await identifyCookie(cookie) : null };
    },

    async handle(req, res, ctx) {
      const path = (req.url ?? '/').split('?')[0]!;
      const accountPath = /^\/_baoxue\/accounts(\/.*)?$/.exec(path);
      const keysPath = /^\/_baoxue\/keys(\/.*)$/.exec(path);
      const schoolPath = /^\/_baoxue\/school(\/.*)$/.exec(path);
      if (path === '/_session') await session(req, res, ctx);
      else if (schoolPath)
        await schoolStaffRoute(
          store,
          req,
          res,
          schoolPath[1]!,
          { user: ctx.user, body: parseBody(req, ctx.body) },
          send,
          forget,
        );
      else if (keysPath)
        await keysRoute(
          store,
          req,
          res,
          keysPath[1]!,
          { user: ctx.user, body: parseBody(req, ctx.body) },
          send,
        );
      else if (path === '/_baoxue/password')
        await (req.method === 'POST' ? changePassword(req, res, ctx) : notAllowed(res, 'POST'));
      else if (accountPath) await accounts(req, res, accountPath[1] ?? '', ctx);
      else return false;
      return true;
    },
  };

  async function session(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: { ip: string; body: Buffer | undefined; user: UserCtx | null },
  ) {
    if (req.method === 'GET' || req.method === 'HEAD') {
      // Beside CouchDB's answer: whether this user still has the one-time password the admin gave them
      // (Baoxue's 设置 then asks them to choose their own).
      const own =
        ctx.user && !ctx.user.roles.includes('_admin') ? await loadAccount(ctx.user.name) : undefined;
      return send(res, 200, {
        ok: true,
        userCtx: sessionUser(ctx.user),
        info: {
          authentication_handlers: ['cookie', 'default'],
          ...(own?.temporary ? { temporary_password: true } : {}),
        },
      });
    }
    if (req.method === 'POST') return login(res, req, ctx.body, ctx.ip);
    if (req.method === 'DELETE') {
      await logout(req);
      return send(res, 200, { ok: true }, { 'set-cookie': endSession });
    }
    notAllowed(res, 'GET, POST, DELETE');
  }
}

/** The session secret, made once and kept in the store (every gateway sharing the store uses it). */
async function loadSecret(store: GatewayStore): Promise<string> {
  const existing = await store.get(SECRET_ID);
  if (typeof existing?.secret === 'string' && existing.secret.length >= 32) return existing.secret;
  await store.put({ _id: SECRET_ID, secret: randomBytes(32).toString('hex') });
  // Read back: two gateways starting at once both write; whichever stored last is the one both use.
  const stored = await store.get(SECRET_ID);
  if (typeof stored?.secret !== 'string')
    throw new Error('could not keep the session secret in the gateway store');
  return stored.secret;
}

/** `Basic base64(name:password)` in UTF-8, as Baoxue's client and browsers send it. */
export function parseBasic(header: string): { name: string; password: string } | undefined {
  const m = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (!m) return undefined;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 1 || i > 256) return undefined;
  return { name: text.slice(0, i), password: text.slice(i + 1) };
}

/** One key per IPv4 address; an IPv6 client by its /64 (one household or school holds a whole /64). */
export function addressKey(ip: string): string {
  if (ip.startsWith('::ffff:') && ip.includes('.')) return ip.slice(7);
  if (!isIPv6(ip)) return ip;
  const [head = '', tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const full = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return `${full
    .slice(0, 4)
    .map((x) => x.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

function parseBody(req: IncomingMessage, body: Buffer | undefined): unknown {
  if (!body?.length) return undefined;
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type === 'application/x-www-form-urlencoded')
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const firstIssue = (e: { issues: { message: string }[] }) =>
  e.issues[0]?.message ?? '请求格式不对 (bad request)';

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function refuse(res: ServerResponse, r: Extract<Identified, { ok: false }>) {
  send(
    res,
    r.status,
    { error: r.status === 429 ? 'too_many_requests' : 'unauthorized', reason: r.reason },
    r.retryAfter ? { 'retry-after': r.retryAfter } : {},
  );
}

const notAllowed = (res: ServerResponse, allow: string) =>
  send(res, 405, { error: 'method_not_allowed', reason: `只接受 ${allow} (only ${allow})` }, { allow });
