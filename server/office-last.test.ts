/**
 * The last holder of a school's office key (学籍号, 身份证件号: registrars and leaders only) is never deleted or made
 * teacher by the server admin while other members hold the school's keys: the office key lives only in the
 * envelopes of those who hold it (server/auth/keys.ts), so every child's identity part would be lost for good.
 * The admin is told, in words, who must be made registrar (and handed the keys) first. Through the real gateway.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { basicAuth, type SyncAccount } from '../lib/sync/account';
import { grantMember, KeyAccessError, removeMember, schoolKeyring } from '../lib/sync/keys';
import { ADMIN, type RunningServer, runSyncServer } from '../tests/support/sync-server';
import { setupSchool } from './setup';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const SCHOOL = 'lastkey';
let server: RunningServer;
let url: string;
const account = (user: string, password: string, role: string): SyncAccount => ({
  url,
  school: SCHOOL,
  user,
  password,
  roles: [`baoxue-${SCHOOL}`, role],
});
const admin = { authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }) };
const accounts = (name: string, method: string, body?: unknown) =>
  fetch(`${url}_baoxue/accounts/${encodeURIComponent(name)}`, {
    method,
    headers: { ...admin, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
const holders = async () =>
  (
    (await (
      await fetch(`${url}_baoxue/keys/${SCHOOL}`, {
        headers: { authorization: basicAuth(account('甲', 'reg-a-pw-1', 'registrar')) },
      })
    ).json()) as { members: { name: string }[] }
  ).members
    .map((m) => m.name)
    .sort();

beforeAll(async () => {
  server = await runSyncServer();
  url = server.url.endsWith('/') ? server.url : `${server.url}/`;
  await setupSchool({
    url: server.url,
    school: SCHOOL,
    admin: ADMIN,
    staff: [
      { name: '甲', password: 'reg-a-pw-1', role: 'registrar' },
      { name: '丙', password: 'teacher-pw-1', role: 'teacher', classes: ['七年级1班'] },
      { name: '丁', password: 'teacher-pw-2', role: 'teacher', classes: ['七年级2班'] },
    ],
  });
  const reg = account('甲', 'reg-a-pw-1', 'registrar');
  expect((await schoolKeyring(reg)).data.office).toBeDefined();
  await grantMember(reg, '丙', 'teacher-pw-1');
  await grantMember(reg, '丁', 'teacher-pw-2');
});
afterAll(async () => server?.stop());

it('refuses to delete the only registrar holding the office key while teachers hold the school keys, in words', async () => {
  const r = await accounts('甲', 'DELETE');
  expect(r.status).toBe(409);
  const reason = String(r.json.reason);
  expect(reason).toContain('甲');
  expect(reason).toContain('学籍号');
  expect(reason).toContain('请先把另一位成员设为学籍管理员');
  // server:setup, the admin's tool, says the same words.
  await expect(
    setupSchool({
      url: server.url,
      school: SCHOOL,
      admin: ADMIN,
      staff: [{ name: '甲', password: 'reg-a-pw-1', role: 'teacher', classes: ['七年级1班'] }],
    }),
  ).rejects.toThrow('请先把另一位成员设为学籍管理员');
  // 成员密钥 on the registrar's own device: the keys' own rule refuses too, as a problem the page words.
  const own = await removeMember(account('甲', 'reg-a-pw-1', 'registrar'), '甲').catch((e: unknown) => e);
  expect(own).toBeInstanceOf(KeyAccessError);
  expect((own as KeyAccessError).problem).toBe('last-office');
  // Nothing was removed: the account still signs in and every envelope is still there.
  expect((await accounts('甲', 'GET')).status).toBe(200);
  expect(await holders()).toEqual(['丁', '丙', '甲'].sort());
});

it('refuses to make them teacher, or to take them out of the school, the same way', async () => {
  const teacher = await accounts('甲', 'PUT', { school: SCHOOL, roles: ['teacher'], classes: ['七年级1班'] });
  expect(teacher.status).toBe(409);
  expect(String(teacher.json.reason)).toContain('请先把另一位成员设为学籍管理员');
  const gone = await accounts('甲', 'PUT', { schools: {} });
  expect(gone.status).toBe(409);
  expect(
    ((await accounts('甲', 'GET')).json.schools as Record<string, { roles: string[] }>)[SCHOOL]?.roles,
  ).toEqual(['registrar']);
  // A teacher holding no office key is deleted as before.
  expect((await accounts('丁', 'DELETE')).status).toBe(200);
  expect(await holders()).toEqual(['丙', '甲'].sort());
});

it('lets the first registrar go once another registrar holds the office key', async () => {
  // 丙 made registrar on the server: not enough while 丙's envelope still lacks the office key.
  expect((await accounts('丙', 'PUT', { school: SCHOOL, roles: ['registrar'] })).status).toBe(200);
  expect((await accounts('甲', 'DELETE')).status).toBe(409);
  // 甲's device, opening the keys, hands the office key to the new registrar (lib/sync/keys.ts).
  await schoolKeyring(account('甲', 'reg-a-pw-1', 'registrar'));
  expect((await schoolKeyring(account('丙', 'teacher-pw-1', 'registrar'))).data.office).toBeDefined();
  expect((await accounts('甲', 'PUT', { school: SCHOOL, roles: ['teacher'], classes: [] })).status).toBe(200);
  // Now 丙 is the last registrar holding it (甲's envelope still lists it, but 甲 is a teacher: the server
  // serves it to nobody), and 甲 still holds the school's keys.
  const last = await accounts('丙', 'DELETE');
  expect(last.status).toBe(409);
  expect(String(last.json.reason)).toContain('丙');
  expect((await accounts('甲', 'DELETE')).status).toBe(200);
  // 丙 alone holds keys now: the school is being closed, nobody is left to lose them.
  expect((await accounts('丙', 'DELETE')).status).toBe(200);
});
