/**
 * Logging out across a county's gateways (review 16, finding B): two gateways share one store, as a county's do.
 * A cookie logged out on one ends on the other too (at its next recheck of a cached credential, 30 s), the
 * admin's as well; the revocation is kept only until the cookie would have expired, then removed at a logout.
 * The clock is injected; hashes use fewer iterations here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { basicAuth } from '../../lib/sync/account';
import { authHarness } from './harness';
import { createAuth } from './index';
import { memoryStore } from './memoryStore';
import { REVOKED_PREFIX } from './session';

const ADMIN = { name: 'admin', password: 'admin-pass-1' };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function county(sessionHours = 8) {
  let t = Date.parse('2026-03-02T08:00:00Z');
  const clock = {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
  const store = memoryStore();
  const gateway = async () => {
    const auth = await createAuth(
      { store, admin: ADMIN, sessionHours, secureCookies: false },
      { now: clock.now, iterations: 1000 },
    );
    const h = await authHarness(auth);
    closers.push(h.close);
    return async (
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
      return { status: r.status, headers: r.headers, json: (await r.json()) as Record<string, unknown> };
    };
  };
  const [a, b] = [await gateway(), await gateway()];
  const admin = basicAuth({ user: ADMIN.name, password: ADMIN.password });
  await a('PUT', `/_baoxue/accounts/${encodeURIComponent('王老师')}`, {
    auth: admin,
    body: { roles: ['baoxue-demo', 'teacher'], password: 'teacher-pw' },
  });
  const login = async (name = '王老师', password = 'teacher-pw') =>
    /AuthSession=[^;]+/.exec(
      (await a('POST', '/_session', { body: { name, password } })).headers.get('set-cookie') ?? '',
    )![0];
  return { a, b, clock, store, login };
}

const user = (r: { json: Record<string, unknown> }) => (r.json.user as { name?: string } | undefined)?.name;

describe('logging out on one gateway of a county', () => {
  it('ends that session on the others too (a cached one at its next recheck); the user’s other sessions go on', async () => {
    const c = await county();
    const laptop = await c.login();
    const phone = await c.login();
    // Both in gateway b's cache before the laptop logs out on gateway a.
    expect(user(await c.b('GET', '/x', { cookie: laptop }))).toBe('王老师');
    expect(user(await c.b('GET', '/x', { cookie: phone }))).toBe('王老师');
    expect((await c.a('DELETE', '/_session', { cookie: laptop })).status).toBe(200);
    expect((await c.a('GET', '/_session', { cookie: laptop })).json.userCtx).toEqual({
      name: null,
      roles: [],
    });
    c.clock.advance(31_000);
    expect(user(await c.b('GET', '/x', { cookie: laptop }))).toBeUndefined();
    expect(user(await c.b('GET', '/x', { cookie: phone }))).toBe('王老师');
    expect(user(await c.a('GET', '/x', { cookie: phone }))).toBe('王老师');
  });

  it('ends the admin’s cookie session too', async () => {
    const c = await county();
    const cookie = await c.login(ADMIN.name, ADMIN.password);
    expect(user(await c.b('GET', '/x', { cookie }))).toBe(ADMIN.name);
    await c.a('DELETE', '/_session', { cookie });
    c.clock.advance(31_000);
    expect(user(await c.b('GET', '/x', { cookie }))).toBeUndefined();
  });

  it('keeps a revocation only until the cookie would have expired', async () => {
    const c = await county(2);
    const first = await c.login();
    await c.a('DELETE', '/_session', { cookie: first });
    const revoked = () => [...c.store.docs.keys()].filter((k) => k.startsWith(REVOKED_PREFIX)).length;
    expect(revoked()).toBe(1);
    c.clock.advance(2 * 3600_000 + 1000);
    const second = await c.login();
    await c.a('DELETE', '/_session', { cookie: second });
    // The first is past its expiry (refused by its date anyway) and gone; the second is kept.
    expect(revoked()).toBe(1);
    expect(user(await c.a('GET', '/x', { cookie: second }))).toBeUndefined();
  });
});
