/**
 * Accounts over HTTP through a small node:http front (server/auth/harness.ts) doing what the gateway does:
 * logins by Basic and by cookie, the throttle, sessions, password changes, the admin and its accounts API.
 * The clock is injected; hashes use fewer iterations here (hash.test.ts checks the real figure).
 */
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { basicAuth } from '../../lib/sync/account';
import type { AuthOptions } from '../contracts';
import { accountId } from './accounts';
import { authHarness } from './harness';
import { type AuthTuning, addressKey, createAuth, parseBasic } from './index';
import { memoryStore } from './memoryStore';
import { ACCOUNT_POLICY } from './throttle';

const ADMIN = { name: 'admin', password: 'admin-pass-1' };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function gateway(opts: Partial<AuthOptions> & { tuning?: AuthTuning; ip?: () => string } = {}) {
  let t = Date.parse('2026-03-02T08:00:00Z');
  const clock = {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
  const store = opts.store ?? memoryStore();
  const auth = await createAuth(
    {
      store,
      admin: opts.admin ?? ADMIN,
      sessionHours: opts.sessionHours ?? 8,
      secureCookies: opts.secureCookies ?? false,
    },
    { now: clock.now, iterations: 1000, ...opts.tuning },
  );
  const h = await authHarness(auth, { ip: opts.ip });
  closers.push(h.close);
  const call = async (
    method: string,
    path: string,
    init: { auth?: string; cookie?: string; body?: unknown } = {},
  ) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.auth) headers.authorization = init.auth;
    if (init.cookie) headers.cookie = init.cookie;
    const r = await fetch(`${h.url}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a test reads the server's JSON loosely
    return { status: r.status, headers: r.headers, json: (await r.json()) as Record<string, any> };
  };
  const admin = basicAuth({ user: ADMIN.name, password: ADMIN.password });
  const createAccount = (name: string, password: string, roles = ['baoxue-demo', 'teacher']) =>
    call('PUT', `/_baoxue/accounts/${encodeURIComponent(name)}`, { auth: admin, body: { roles, password } });
  return { store, clock, call, admin, createAccount, auth };
}

const as = (user: string, password: string) => basicAuth({ user, password });
const cookieOf = (headers: Headers) => /AuthSession=[^;]*/.exec(headers.get('set-cookie') ?? '')?.[0];

describe('logging in', () => {
  it('by Basic auth: the right password passes with the account’s roles, a wrong one is refused', async () => {
    const g = await gateway();
    expect((await g.createAccount('王老师', 'teacher-pw')).status).toBe(201);
    expect(
      (await g.call('GET', '/baoxue-demo-events', { auth: as('王老师', 'teacher-pw') })).json.user,
    ).toEqual({
      name: '王老师',
      // Memberships only; what the account is in each school is held per school (issue 16).
      roles: ['baoxue-demo'],
      schools: { demo: { roles: ['teacher'] } },
    });
    expect((await g.call('GET', '/_session', { auth: as('王老师', 'teacher-pw') })).json).toMatchObject({
      ok: true,
      userCtx: { name: '王老师', roles: ['baoxue-demo', 'teacher'] },
    });
    expect((await g.call('GET', '/x', { auth: as('王老师', 'wrong-pw') })).status).toBe(401);
    // Anonymous: no user (the gateway refuses it everywhere but the login).
    expect((await g.call('GET', '/_session')).json.userCtx).toEqual({ name: null, roles: [] });
  });

  it('gives the same answer for an unknown name as for a wrong password', async () => {
    const g = await gateway();
    await g.createAccount('王老师', 'teacher-pw');
    const wrong = await g.call('GET', '/x', { auth: as('王老师', 'not-it-1') });
    const unknown = await g.call('GET', '/x', { auth: as('没有这人', 'not-it-1') });
    expect([wrong.status, wrong.json]).toEqual([unknown.status, unknown.json]);
    const wrongLogin = await g.call('POST', '/_session', { body: { name: '王老师', password: 'not-it-1' } });
    const unknownLogin = await g.call('POST', '/_session', {
      body: { name: '没有这人', password: 'not-it-1' },
    });
    expect(wrongLogin.status).toBe(401);
    expect([wrongLogin.status, wrongLogin.json]).toEqual([unknownLogin.status, unknownLogin.json]);
  });

  it('by POST /_session: an HttpOnly, SameSite=Strict cookie for the configured hours that identifies the user', async () => {
    const g = await gateway({ sessionHours: 2 });
    await g.createAccount('李主任', 'registrar-pw', ['baoxue-demo', 'registrar']);
    const r = await g.call('POST', '/_session', { body: { name: '李主任', password: 'registrar-pw' } });
    expect(r.json).toEqual({
      ok: true,
      name: '李主任',
      roles: ['baoxue-demo', 'registrar'],
      schools: { demo: { roles: ['registrar'] } },
    });
    const set = r.headers.get('set-cookie')!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Max-Age=7200/);
    expect(set).not.toMatch(/Secure/);
    const cookie = cookieOf(r.headers)!;
    expect((await g.call('GET', '/_session', { cookie })).json.userCtx.name).toBe('李主任');
    // Two hours later the session is over.
    g.clock.advance(2 * 3600_000 + 1000);
    expect((await g.call('GET', '/_session', { cookie })).json.userCtx.name).toBeNull();
  });

  it('marks cookies Secure when the gateway is reached over HTTPS, and DELETE /_session ends the cookie', async () => {
    const g = await gateway({ secureCookies: true });
    const r = await g.call('POST', '/_session', { body: { name: ADMIN.name, password: ADMIN.password } });
    expect(r.headers.get('set-cookie')).toMatch(/; Secure/);
    const out = await g.call('DELETE', '/_session', { cookie: cookieOf(r.headers) });
    expect(out.headers.get('set-cookie')).toMatch(/AuthSession=; .*Max-Age=0/);
  });

  it('refuses a forged or altered cookie (the session is anonymous)', async () => {
    const g = await gateway();
    await g.createAccount('王老师', 'teacher-pw');
    const cookie = cookieOf(
      (await g.call('POST', '/_session', { body: { name: '王老师', password: 'teacher-pw' } })).headers,
    )!;
    const [name, expiry, seal, stampSeal] = cookie.slice('AuthSession='.length).split('.');
    const later = (Math.floor(g.clock.now() / 1000) + 10 ** 8).toString(36);
    const longer = `AuthSession=${name}.${later}.${seal}.${stampSeal}`;
    const otherName = `AuthSession=${Buffer.from('admin').toString('base64url')}.${expiry}.${seal}.${stampSeal}`;
    const noStamp = `AuthSession=${name}.${expiry}.${seal}.${seal}`;
    // Forged cookies: refused before the store is even asked (only the stamp seal needs the account).
    const get = g.store.get;
    let reads = 0;
    g.store.get = (id) => {
      reads++;
      return get(id);
    };
    for (const c of [longer, otherName, 'AuthSession=garbage', `${cookie}x`])
      expect((await g.call('GET', '/_session', { cookie: c })).json.userCtx.name).toBeNull();
    expect(reads).toBe(0);
    expect((await g.call('GET', '/_session', { cookie: noStamp })).json.userCtx.name).toBeNull();
  });

  it('keeps sessions over a restart (the secret is in the store), not over a store another server made', async () => {
    const store = memoryStore();
    const g = await gateway({ store });
    await g.createAccount('王老师', 'teacher-pw');
    const cookie = cookieOf(
      (await g.call('POST', '/_session', { body: { name: '王老师', password: 'teacher-pw' } })).headers,
    )!;
    const again = await gateway({ store });
    expect((await again.call('GET', '/_session', { cookie })).json.userCtx.name).toBe('王老师');
    const other = memoryStore();
    other.docs.set(accountId('王老师'), store.docs.get(accountId('王老师'))!);
    const elsewhere = await gateway({ store: other });
    expect((await elsewhere.call('GET', '/_session', { cookie })).json.userCtx.name).toBeNull();
  });
});

describe('throttling failed logins', () => {
  it('answers 429 with Retry-After after 5 wrong passwords for one account, even with the right one, until the wait is over', async () => {
    const g = await gateway();
    await g.createAccount('王老师', 'teacher-pw');
    for (let i = 0; i < 5; i++)
      expect((await g.call('GET', '/x', { auth: as('王老师', `guess-${i}`) })).status).toBe(401);
    const locked = await g.call('GET', '/x', { auth: as('王老师', 'teacher-pw') });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('15');
    // By cookie login too, and from another address.
    expect(
      (await g.call('POST', '/_session', { body: { name: '王老师', password: 'teacher-pw' } })).status,
    ).toBe(429);
    g.clock.advance(15_000);
    expect((await g.call('GET', '/x', { auth: as('王老师', 'teacher-pw') })).status).toBe(200);
  });

  it('counts guesses sent all at once before answering any of them', async () => {
    const g = await gateway();
    await g.createAccount('王老师', 'teacher-pw');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => g.call('GET', '/x', { auth: as('王老师', `guess-${i}`) })),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(ACCOUNT_POLICY.free);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(30 - ACCOUNT_POLICY.free);
  });

  it('throttles one address guessing across many accounts (unknown names included)', async () => {
    const g = await gateway();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push((await g.call('GET', '/x', { auth: as(`user${i}`, 'guess-guess') })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it('does not count the same old password again (a second device still syncing with it cannot lock its owner out)', async () => {
    const g = await gateway();
    await g.createAccount('王老师', 'teacher-pw');
    for (let i = 0; i < 50; i++)
      expect((await g.call('GET', '/x', { auth: as('王老师', 'old-password') })).status).toBe(401);
    expect((await g.call('GET', '/x', { auth: as('王老师', 'teacher-pw') })).status).toBe(200);
  });

  it('keeps a device that is syncing working through an hour of someone guessing its password; an idle one must wait', async () => {
    const g = await gateway();
    await g.createAccount('王老师', 'teacher-pw');
    const own = as('王老师', 'teacher-pw');
    expect((await g.call('GET', '/x', { auth: own })).status).toBe(200);
    for (let minute = 0; minute < 60; minute++) {
      await g.call('GET', '/x', { auth: as('王老师', `guess-${minute}`) });
      g.clock.advance(60_000);
      expect((await g.call('GET', '/x', { auth: own })).status).toBe(200);
    }
    // A device that has not synced for 11 minutes logs in again, and meets the throttle like anyone.
    g.clock.advance(11 * 60_000);
    await g.call('GET', '/x', { auth: as('王老师', 'guess-more') });
    expect((await g.call('GET', '/x', { auth: own })).status).toBe(429);
  });
});

describe('when the store cannot answer', () => {
  it('refuses the login with an error and does not count it as a failed guess', async () => {
    const store = memoryStore();
    const auth = await createAuth(
      { store, admin: ADMIN, sessionHours: 1, secureCookies: false },
      { iterations: 1000 },
    );
    const hash = (await import('./hash')).hashPassword;
    await store.put({
      _id: accountId('王老师'),
      name: '王老师',
      roles: ['teacher'],
      hash: await hash('teacher-pw', 1000),
      temporary: false,
      changedAt: 0,
    });
    const get = store.get;
    store.get = async () => {
      throw new Error('engine down');
    };
    const req = (password: string) =>
      ({ headers: { authorization: as('王老师', password) } }) as unknown as IncomingMessage;
    for (let i = 0; i < 10; i++)
      await expect(auth.identify(req(`guess-${i}`), '10.0.0.1')).rejects.toThrow('engine down');
    store.get = get;
    // (An old flat account of no school: a member of none, whatever role word it carries.)
    expect(await auth.identify(req('teacher-pw'), '10.0.0.1')).toEqual({
      ok: true,
      user: { name: '王老师', roles: [], schools: {} },
    });
  });
});

describe('a user’s own password', () => {
  it('changes with the old one; the old password, old sessions and cached logins stop working', async () => {
    const g = await gateway();
    await g.createAccount('王老师', 'teacher-pw');
    const oldAuth = as('王老师', 'teacher-pw');
    expect((await g.call('GET', '/x', { auth: oldAuth })).status).toBe(200); // now cached
    const cookie = cookieOf(
      (await g.call('POST', '/_session', { body: { name: '王老师', password: 'teacher-pw' } })).headers,
    )!;
    // The admin's password is a one-time one: GET /_session says so until the user has chosen their own.
    expect((await g.call('GET', '/_session', { auth: oldAuth })).json.info.temporary_password).toBe(true);
    const r = await g.call('POST', '/_baoxue/password', {
      auth: oldAuth,
      body: { oldPassword: 'teacher-pw', newPassword: 'a-new-one-2026' },
    });
    expect(r.status).toBe(200);
    expect(
      (await g.call('GET', '/_session', { auth: as('王老师', 'a-new-one-2026') })).json.info
        .temporary_password,
    ).toBeUndefined();
    expect((await g.call('GET', '/x', { auth: oldAuth })).status).toBe(401);
    expect((await g.call('GET', '/_session', { cookie })).json.userCtx.name).toBeNull();
    expect((await g.call('GET', '/x', { auth: as('王老师', 'a-new-one-2026') })).status).toBe(200);
  });

  it('refuses a wrong old password, a short new one, and the admin (whose password comes from the start flag)', async () => {
    const g = await gateway();
    await g.createAccount('王老师', 'teacher-pw');
    const auth = as('王老师', 'teacher-pw');
    const wrongOld = await g.call('POST', '/_baoxue/password', {
      auth,
      body: { oldPassword: 'nope-nope', newPassword: 'long-enough-1' },
    });
    expect(wrongOld.status).toBe(403);
    const short = await g.call('POST', '/_baoxue/password', {
      auth,
      body: { oldPassword: 'teacher-pw', newPassword: 'short' },
    });
    expect([short.status, short.json.reason]).toEqual([400, expect.stringContaining('8')]);
    expect(
      (
        await g.call('POST', '/_baoxue/password', {
          body: { oldPassword: 'teacher-pw', newPassword: 'long-enough-1' },
        })
      ).status,
    ).toBe(401);
    const admin = await g.call('POST', '/_baoxue/password', {
      auth: g.admin,
      body: { oldPassword: ADMIN.password, newPassword: 'long-enough-1' },
    });
    expect(admin.status).toBe(403);
    expect((await g.call('GET', '/x', { auth })).status).toBe(200);
  });

  it('on another gateway sharing the store, ends cached logins within 30 seconds', async () => {
    const store = memoryStore();
    const a = await gateway({ store });
    const b = await gateway({ store });
    await a.createAccount('王老师', 'teacher-pw');
    const oldAuth = as('王老师', 'teacher-pw');
    expect((await b.call('GET', '/x', { auth: oldAuth })).status).toBe(200);
    await a.call('POST', '/_baoxue/password', {
      auth: oldAuth,
      body: { oldPassword: 'teacher-pw', newPassword: 'a-new-one-2026' },
    });
    b.clock.advance(31_000);
    expect((await b.call('GET', '/x', { auth: oldAuth })).status).toBe(401);
  });
});

describe('the admin', () => {
  it('is this start’s --admin only: a restart with a new password ends the old one and its sessions', async () => {
    const store = memoryStore();
    const first = await gateway({ store });
    const cookie = cookieOf((await first.call('POST', '/_session', { body: ADMIN })).headers)!;
    expect((await first.call('GET', '/_session', { cookie })).json.userCtx.roles).toEqual(['_admin']);
    const rotated = { name: 'admin', password: 'rotated-pass-2' };
    const second = await gateway({ store, admin: rotated });
    expect((await second.call('GET', '/x', { auth: first.admin })).status).toBe(401);
    expect((await second.call('GET', '/_session', { cookie })).json.userCtx.name).toBeNull();
    expect(
      (await second.call('GET', '/x', { auth: as(rotated.name, rotated.password) })).json.user.roles,
    ).toEqual(['_admin']);
    // Nothing of the admin is kept in the store.
    expect(JSON.stringify([...store.docs.values()])).not.toContain('admin-pass');
  });

  it('creates, updates, lists (without hashes) and removes accounts; nobody else may', async () => {
    const g = await gateway();
    expect((await g.createAccount('王老师', 'teacher-pw')).status).toBe(201);
    const teacher = as('王老师', 'teacher-pw');
    expect((await g.call('GET', '/_baoxue/accounts', { auth: teacher })).status).toBe(403);
    expect(
      (
        await g.call('PUT', '/_baoxue/accounts/x', {
          auth: teacher,
          body: { roles: [], password: 'whatever-1' },
        })
      ).status,
    ).toBe(403);
    expect((await g.call('GET', '/_baoxue/accounts')).status).toBe(401);

    const list = await g.call('GET', '/_baoxue/accounts', { auth: g.admin });
    expect(list.json.accounts).toEqual([
      {
        name: '王老师',
        roles: ['baoxue-demo', 'teacher'],
        schools: { demo: { roles: ['teacher'] } },
        temporary: true,
        changedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(list.json)).not.toMatch(/hash|pbkdf2/);

    // New roles take effect on the next request (cached logins are dropped), the password is kept.
    const up = await g.call('PUT', '/_baoxue/accounts/%E7%8E%8B%E8%80%81%E5%B8%88', {
      auth: g.admin,
      body: { roles: ['baoxue-demo', 'registrar'] },
    });
    expect(up.status).toBe(200);
    expect((await g.call('GET', '/x', { auth: teacher })).json.user.schools).toEqual({
      demo: { roles: ['registrar'] },
    });

    expect((await g.call('DELETE', '/_baoxue/accounts/王老师', { auth: g.admin })).status).toBe(200);
    expect((await g.call('GET', '/x', { auth: teacher })).status).toBe(401);
    expect((await g.call('GET', '/_baoxue/accounts/王老师', { auth: g.admin })).status).toBe(404);
  });

  it('refuses an account with _admin or any odd role, a name with ":", the admin’s own name, or no password', async () => {
    const g = await gateway();
    const put = (name: string, body: unknown) =>
      g.call('PUT', `/_baoxue/accounts/${encodeURIComponent(name)}`, { auth: g.admin, body });
    expect((await put('x', { roles: ['_admin'], password: 'long-enough-1' })).status).toBe(400);
    expect((await put('x', { roles: ['Registrar '], password: 'long-enough-1' })).status).toBe(400);
    expect((await put('a:b', { roles: [], password: 'long-enough-1' })).status).toBe(400);
    expect((await put('_x', { roles: [], password: 'long-enough-1' })).status).toBe(400);
    expect((await put('admin', { roles: [], password: 'long-enough-1' })).status).toBe(409);
    expect((await put('x', { roles: [] })).status).toBe(400);
    expect((await put('x', { roles: [], password: 'short' })).status).toBe(400);
    expect((await put('x', { roles: [], password: 'long-enough-1', hash: 'x' })).status).toBe(400);
    expect((await g.call('GET', '/_baoxue/accounts', { auth: g.admin })).json.accounts).toEqual([]);
  });
});

describe('parsing', () => {
  it('reads Basic credentials in UTF-8 and refuses other schemes', () => {
    expect(parseBasic(as('王老师', 'pw:with:colons'))).toEqual({
      name: '王老师',
      password: 'pw:with:colons',
    });
    expect(parseBasic('Bearer abc')).toBeUndefined();
    expect(parseBasic(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBeUndefined();
  });

  it('throttles an IPv6 client by its /64 and an IPv4-mapped one by its IPv4 address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:0db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(addressKey('::ffff:10.0.0.9')).toBe('10.0.0.9');
    expect(addressKey('10.0.0.9')).toBe('10.0.0.9');
  });
});
