/**
 * Review 16, finding B, over HTTP against the real gateway: logging out (`DELETE /_session`) ends that session.
 * Before, the cookie was stateless and went on working for its whole life (7 days) after the user logged out:
 * anyone who had copied it (a shared computer, a proxy log) kept the account. Now its seal is kept as revoked in
 * the gateway's store until it would have expired, so it is refused — after a restart too — while the user's
 * other sessions (another device, another login) go on.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseName } from '../lib/sync/school';
import { ADMIN, type RunningServer, runSyncServer } from '../tests/support/sync-server';
import { setupSchool } from './setup';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const SCHOOL = 'logout';
const TEACHER = { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: ['七年级1班'] };
const DB = databaseName(SCHOOL, 'events');

let server: RunningServer;

async function login(): Promise<string> {
  const r = await fetch(`${server.url}_session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: TEACHER.name, password: TEACHER.password }),
  });
  expect(r.status).toBe(200);
  const cookie = /AuthSession=[^;]+/.exec(r.headers.get('set-cookie') ?? '')?.[0];
  expect(cookie).toBeDefined();
  return cookie!;
}
const withCookie = (cookie: string, method: string, path: string) =>
  fetch(`${server.url}${path}`, { method, headers: { cookie } });
/** What a device does with its session: read the school's events. */
const reads = async (cookie: string) => (await withCookie(cookie, 'GET', `${DB}/_changes`)).status;
const who = async (cookie: string) =>
  ((await (await withCookie(cookie, 'GET', '_session')).json()) as { userCtx: { name: string | null } })
    .userCtx.name;

beforeAll(async () => {
  server = await runSyncServer();
  await setupSchool({ url: server.url, school: SCHOOL, admin: ADMIN, staff: [TEACHER] });
});
afterAll(async () => server?.stop());

describe('logging out ends the session (review 16, finding B)', () => {
  it('the logged-out cookie gets 401, the same user’s other sessions keep working, after a restart too', async () => {
    const laptop = await login();
    const phone = await login();
    expect(laptop).not.toBe(phone);
    // Both work, and the laptop's is in the gateway's cache when it logs out.
    expect(await reads(laptop)).toBe(200);
    expect(await reads(phone)).toBe(200);

    const out = await withCookie(laptop, 'DELETE', '_session');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/AuthSession=; .*Max-Age=0/);

    expect(await reads(laptop)).toBe(401);
    expect(await who(laptop)).toBeNull();
    expect(await reads(phone)).toBe(200);
    expect(await who(phone)).toBe(TEACHER.name);

    // Kept in the gateway's store, not its memory: a restarted gateway (or another of the county) refuses it too.
    const dir = server.dir;
    await server.stop();
    server = await runSyncServer({ dir });
    expect(await reads(laptop)).toBe(401);
    expect(await reads(phone)).toBe(200);
    // A new login after logging out works as any other.
    expect(await reads(await login())).toBe(200);
  });
});
