/**
 * `/_baoxue/keys`: each member reads only their own envelope of the school keyring; registrars hand them out;
 * the server admin and everyone else get nothing. Through the real gateway.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { basicAuth } from '../../lib/sync/account';
import { makeEnvelope } from '../../lib/sync/keys';
import { newKeyringData } from '../../lib/sync/sealed';
import {
  ADMIN,
  type RunningServer,
  runSyncServer,
  STAFF,
  setupDemoSchool,
} from '../../tests/support/sync-server';
import { setupSchool } from '../setup';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let server: RunningServer;
beforeAll(async () => {
  server = await runSyncServer();
  await setupDemoSchool(server.url); // 李主任 made the keyring and handed it to the others
  await setupSchool({
    url: server.url,
    school: 'other',
    admin: ADMIN,
    staff: [{ name: '外校老师', password: 'other-teacher-pw', role: 'registrar' }],
  });
  await setupSchool({
    url: server.url,
    school: 'fourth',
    admin: ADMIN,
    staff: [{ name: '四校主任', password: 'fourth-reg-pw', role: 'registrar' }],
  });
  await setupSchool({
    url: server.url,
    school: 'third',
    admin: ADMIN,
    staff: [{ name: '三校老师', password: 'third-teacher-pw', role: 'teacher' }],
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const as = (name: string) => {
  if (name === ADMIN.name) return basicAuth({ user: ADMIN.name, password: ADMIN.password });
  if (name === '外校老师') return basicAuth({ user: name, password: 'other-teacher-pw' });
  if (name === '三校老师') return basicAuth({ user: name, password: 'third-teacher-pw' });
  if (name === '四校主任') return basicAuth({ user: name, password: 'fourth-reg-pw' });
  const s = STAFF.find((x) => x.name === name)!;
  return basicAuth({ user: s.name, password: s.password });
};
const keys = (path: string, who: string | null, init: RequestInit = {}) =>
  fetch(`${server.url}_baoxue/keys/${path}`, {
    ...init,
    headers: {
      ...(who ? { authorization: as(who) } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
const u = encodeURIComponent;

describe('the school keyring’s envelopes on the server', () => {
  it('gives a member their own envelope and nobody else’s', async () => {
    const own = await keys(`demo/${u('王老师')}`, '王老师');
    expect(own.status).toBe(200);
    expect(Object.keys(await own.json()).sort()).toEqual(
      ['iterations', 'keyIds', 'keyring', 'privateKey', 'publicKey', 'salt'].sort(),
    );
    expect((await keys(`demo/${u('赵老师')}`, '王老师')).status).toBe(403);
    // Not even a registrar reads another member's wrapped key (it would let them guess the password offline).
    expect((await keys(`demo/${u('王老师')}`, '李主任')).status).toBe(403);
    // The server admin is no member of the school; another school's staff neither; anonymous is asked to log in.
    expect((await keys(`demo/${u('李主任')}`, ADMIN.name)).status).toBe(403);
    expect((await keys('demo', ADMIN.name)).status).toBe(403);
    expect((await keys(`demo/${u('李主任')}`, '外校老师')).status).toBe(403);
    expect((await keys(`demo/${u('李主任')}`, null)).status).toBe(401);
  });

  it('lists holders with public keys to a registrar only, and only whether keys exist to a teacher', async () => {
    const reg = (await (await keys('demo', '李主任')).json()) as { exists: boolean; members: object[] };
    expect(reg.exists).toBe(true);
    expect(reg.members.length).toBe(STAFF.length);
    for (const m of reg.members) expect(Object.keys(m).sort()).toEqual(['keyIds', 'name', 'publicKey']);
    expect(await (await keys('demo', '王老师')).json()).toEqual({ exists: true });
  });

  it('lets a teacher write only their own envelope, refuses a second keyring and malformed ones', async () => {
    const envelope = await makeEnvelope(newKeyringData(), 'whatever-pw', 100_000);
    const put = (path: string, who: string, body: unknown) =>
      keys(path, who, { method: 'PUT', body: JSON.stringify(body) });
    expect((await put(`demo/${u('赵老师')}`, '王老师', envelope)).status).toBe(403);
    expect((await keys(`demo/${u('赵老师')}`, '王老师', { method: 'DELETE' })).status).toBe(403);
    // A school with keys gets no second keyring from a device racing to make the first.
    expect((await put(`demo/${u('李主任')}?create=1`, '李主任', envelope)).status).toBe(409);
    expect((await put(`demo/${u('王老师')}`, '王老师', { ...envelope, extra: 1 })).status).toBe(400);
    expect((await put(`demo/${u('王老师')}`, '王老师', { salt: 5 })).status).toBe(400);
    // A registrar of another school with no keys yet: the first envelope only for themselves.
    expect((await put(`other/${u('别人')}`, '外校老师', envelope)).status).toBe(403);
    expect((await put(`other/${u('外校老师')}?create=1`, '外校老师', envelope)).status).toBe(201);
  });

  it('lets only a registrar make a school’s first keyring, not a teacher', async () => {
    const envelope = await makeEnvelope(newKeyringData(), 'whatever-pw', 100_000);
    const first = await keys(`third/${u('三校老师')}?create=1`, '三校老师', {
      method: 'PUT',
      body: JSON.stringify(envelope),
    });
    expect(first.status).toBe(403);
    expect(await (await keys('third', '三校老师')).json()).toEqual({ exists: false });
  });

  it('counts as the office key every id the device counts so (lib/sync/envelope.ts isOfficeKeyId), deny by default', async () => {
    // An id starting `o` that is no school key id (8 characters) is an office id to the device: the server's rule
    // keeping the last office envelope judges it by the same function, not a pattern of its own.
    const envelope = await makeEnvelope(newKeyringData(), 'whatever-pw', 100_000);
    const odd = { ...envelope, keyIds: ['k1234567', 'o12345678901'] };
    const put = await keys(`fourth/${u('四校主任')}?create=1`, '四校主任', {
      method: 'PUT',
      body: JSON.stringify(odd),
    });
    expect(put.status).toBe(201);
    const del = await keys(`fourth/${u('四校主任')}`, '四校主任', { method: 'DELETE' });
    expect(del.status).toBe(409);
    expect(((await del.json()) as { reason: string }).reason).toContain('不能删除最后一位学籍管理员的密钥');
  });

  it('drops an account’s envelopes when the admin deletes the account', async () => {
    const del = await fetch(`${server.url}_baoxue/accounts/${u('赵老师')}`, {
      method: 'DELETE',
      headers: { authorization: as(ADMIN.name) },
    });
    expect(del.status).toBe(200);
    const reg = (await (await keys('demo', '李主任')).json()) as { members: { name: string }[] };
    expect(reg.members.map((m) => m.name)).not.toContain('赵老师');
  });
});
