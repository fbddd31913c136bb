/**
 * The real server (`server/main.ts serve`, child process) across restarts: it refuses to start without an
 * admin, takes the admin from BAOXUE_ADMIN as from --admin, a new admin password ends the old one, and staff
 * sessions outlive the restart.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { basicAuth } from '../../lib/sync/account';

vi.setConfig({ testTimeout: 60_000 });

const running: { kill(): boolean; exitCode: number | null }[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill();
});

/** Starts `serve` and resolves with its URL, or with its exit code and output if it stops instead. */
function serve(dir: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', 'serve', '--dir', dir, '--port', '0', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BAOXUE_ADMIN: '', ...env },
    },
  );
  running.push(child);
  return new Promise<{ url?: string; code?: number | null; out: string; stop: () => Promise<void> }>(
    (resolve) => {
      let out = '';
      const stop = () =>
        new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        });
      const read = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve({ url: m[1]!, out, stop });
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('exit', (code) => resolve({ code, out, stop }));
    },
  );
}

const get = async (url: string, init: { auth?: string; cookie?: string } = {}) => {
  const headers: Record<string, string> = {};
  if (init.auth) headers.authorization = init.auth;
  if (init.cookie) headers.cookie = init.cookie;
  const r = await fetch(url, { headers });
  return {
    status: r.status,
    json: (await r.json()) as { userCtx?: { name: string | null; roles: string[] } },
  };
};

describe('the server’s admin across restarts', () => {
  it('refuses to start without an admin, saying how to give one', async () => {
    const r = await serve(await mkdtemp(join(tmpdir(), 'baoxue-noadmin-')), []);
    expect(r.url).toBeUndefined();
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/--admin name:password, or BAOXUE_ADMIN=name:password/);
  });

  it('takes a new admin password at each start: the old one stops working, staff sessions carry on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baoxue-rotate-'));
    const first = await serve(dir, [], { BAOXUE_ADMIN: 'admin:first-password' });
    const oldAdmin = basicAuth({ user: 'admin', password: 'first-password' });
    expect((await get(`${first.url}_session`, { auth: oldAdmin })).json.userCtx?.roles).toEqual(['_admin']);
    const put = await fetch(`${first.url}_baoxue/accounts/${encodeURIComponent('王老师')}`, {
      method: 'PUT',
      headers: { authorization: oldAdmin, 'content-type': 'application/json' },
      body: JSON.stringify({ roles: ['baoxue-demo', 'teacher'], password: 'teacher-pw' }),
    });
    expect(put.status).toBe(201);
    const login = await fetch(`${first.url}_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '王老师', password: 'teacher-pw' }),
    });
    const cookie = /AuthSession=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    await first.stop();

    const second = await serve(dir, ['--admin', 'admin:second-password']);
    expect((await get(`${second.url}_session`, { auth: oldAdmin })).status).toBe(401);
    const newAdmin = basicAuth({ user: 'admin', password: 'second-password' });
    expect((await get(`${second.url}_session`, { auth: newAdmin })).json.userCtx?.roles).toEqual(['_admin']);
    expect((await get(`${second.url}_session`, { cookie })).json.userCtx?.name).toBe('王老师');
    expect(
      (await get(`${second.url}_session`, { auth: basicAuth({ user: '王老师', password: 'teacher-pw' }) }))
        .json.userCtx?.name,
    ).toBe('王老师');
    await second.stop();
  });
});

describe('logins through the gateway', () => {
  it('throttles a guessed password with 429 and Retry-After, answers unknown names alike, and honours the cookie flags', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baoxue-logins-'));
    const s = await serve(dir, ['--secure-cookies', '--session-hours', '2'], {
      BAOXUE_ADMIN: 'admin:admin-password',
    });
    const admin = basicAuth({ user: 'admin', password: 'admin-password' });
    await fetch(`${s.url}_baoxue/accounts/${encodeURIComponent('王老师')}`, {
      method: 'PUT',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ roles: ['baoxue-demo', 'teacher'], password: 'teacher-pw' }),
    });
    const guess = (user: string, password: string) =>
      fetch(`${s.url}baoxue-demo-events`, { headers: { authorization: basicAuth({ user, password }) } });
    const wrong = await guess('王老师', 'guess-0');
    const unknown = await guess('nobody', 'guess-0');
    expect([wrong.status, await wrong.text()]).toEqual([unknown.status, await unknown.text()]);
    for (let i = 1; i < 5; i++) expect((await guess('王老师', `guess-${i}`)).status).toBe(401);
    const locked = await guess('王老师', 'teacher-pw');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(14);

    const login = await fetch(`${s.url}_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'admin', password: 'admin-password' }),
    });
    expect(login.headers.get('set-cookie')).toMatch(
      /^AuthSession=[^;]+; Path=\/; Max-Age=7200; HttpOnly; SameSite=Strict; Secure$/,
    );
    await s.stop();
  });
});
