/**
 * A registrar made teacher (the admin's account PUT) loses the office key (学籍号, 身份证件号), through the real
 * gateway: the server no longer serves them an envelope holding it (server/auth/keys.ts), and when a registrar's
 * device next opens the keys it takes it back as on a removal (lib/sync/keys.ts `settleOfficeKey`): the keyring
 * turns, they get it without the office part, and a child written afterwards has identity they cannot open,
 * not even with the keys they held before. (What they opened before cannot be taken back.)
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openDatabase } from '../lib/db/database';
import type { BaoxueDatabase } from '../lib/db/types';
import { basicAuth, type SyncAccount } from '../lib/sync/account';
import { grantMember, KeyAccessError, schoolKeyring, whenOfficeTaken } from '../lib/sync/keys';
import { syncOnce } from '../lib/sync/replicate';
import { databaseName } from '../lib/sync/school';
import { hashId, type Keyring, openRecord } from '../lib/sync/sealed';
import { makeStudent } from '../tests/fixtures/records';
import { ADMIN, type RunningServer, runSyncServer } from '../tests/support/sync-server';
import { setupSchool } from './setup';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const SCHOOL = 'demote';
let server: RunningServer;
let url: string;
const dbs: BaoxueDatabase[] = [];
const account = (user: string, password: string, role: string): SyncAccount => ({
  url,
  school: SCHOOL,
  user,
  password,
  roles: [`baoxue-${SCHOOL}`, role],
});
const registrar = () => account('甲', 'reg-a-pw-1', 'registrar');
const demoted = () => account('乙', 'reg-b-pw-1', 'teacher');
const leader = () => account('丁', 'leader-pw-1', 'leader');
const admin = { authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }) };
/** 乙's keyring while still a registrar: what their device may have kept. */
let before: Keyring;

beforeAll(async () => {
  server = await runSyncServer();
  url = server.url.endsWith('/') ? server.url : `${server.url}/`;
  await setupSchool({
    url: server.url,
    school: SCHOOL,
    admin: ADMIN,
    staff: [
      { name: '甲', password: 'reg-a-pw-1', role: 'registrar' },
      { name: '乙', password: 'reg-b-pw-1', role: 'registrar' },
      { name: '丁', password: 'leader-pw-1', role: 'leader' },
    ],
  });
  await schoolKeyring(registrar());
  expect(await grantMember(registrar(), '乙', 'reg-b-pw-1')).toEqual({ office: true });
  expect(await grantMember(registrar(), '丁', 'leader-pw-1')).toEqual({ office: true });
  before = await schoolKeyring(account('乙', 'reg-b-pw-1', 'registrar'));
  expect(before.office).toBeDefined();
  expect(before.person).toBeDefined();
  // The admin makes 乙 a teacher of one class.
  const r = await fetch(`${url}_baoxue/accounts/${encodeURIComponent('乙')}`, {
    method: 'PUT',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ school: SCHOOL, roles: ['teacher'], classes: ['七年级1班'] }),
  });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  for (const db of dbs) await db.remove();
  await server?.stop();
});

it('a registrar made teacher is refused their envelope while it holds the office key, in words', async () => {
  const r = await fetch(`${url}_baoxue/keys/${SCHOOL}/${encodeURIComponent('乙')}`, {
    headers: { authorization: basicAuth(demoted()) },
  });
  expect(r.status).toBe(403);
  const body = (await r.json()) as Record<string, unknown>;
  expect(body).not.toHaveProperty('keyring');
  expect(String(body.reason)).toContain('请学籍管理员');
  expect(String(body.reason)).toContain('重新发放密钥');
  // Their device hears the same (and holds no keys from the server).
  const refused = await schoolKeyring(demoted()).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(KeyAccessError);
  expect((refused as KeyAccessError).problem).toBe('refused');
  expect((refused as Error).message).toContain('重新发放密钥');
  // A registrar and a leader still get theirs (the registrar's as the server serves it: its device opening the
  // keys would take 乙's office key back, the next test).
  const own = await fetch(`${url}_baoxue/keys/${SCHOOL}/${encodeURIComponent('甲')}`, {
    headers: { authorization: basicAuth(registrar()) },
  });
  expect(own.status).toBe(200);
  expect((await schoolKeyring(leader())).office).toBeDefined();
});

it("the registrar's device takes the office key back: a child written afterwards does not open to them", async () => {
  const taken: string[][] = [];
  const stop = whenOfficeTaken((names) => taken.push(names));
  // Two opens side by side (a sync and the 成员密钥 page): the keyring turns once, both get the new one.
  const [current, also] = await Promise.all([schoolKeyring(registrar()), schoolKeyring(registrar())]);
  expect(taken).toEqual([['乙']]);
  expect(also.data.current).toBe(current.data.current);
  expect(current.data.current).not.toBe(before.data.current);
  expect(current.data.office?.current).not.toBe(before.data.office?.current);
  // Opened again: nothing more to take back.
  await schoolKeyring(registrar());
  expect(taken).toHaveLength(1);
  stop();

  // 乙's keys now open, without the office key and without the office's id key.
  const now = await schoolKeyring(demoted());
  expect(now.office).toBeUndefined();
  expect(now.person).toBeUndefined();
  expect(now.data.office).toBeUndefined();
  expect(now.data.current).toBe(current.data.current);
  // The leader got the new office key.
  expect((await schoolKeyring(leader())).data.office?.current).toBe(current.data.office?.current);

  // The registrar's device writes a child of 乙's class.
  const db = await openDatabase({
    name: `demote${Date.now()}`,
    multiInstance: false,
    storage: getRxStorageMemory(),
  });
  dbs.push(db);
  const child = makeStudent({
    id: 'G44010620150101123X',
    xjh: 'G44010620150101123X',
    idNumber: '44010620150101123X',
    name: '新同学',
    className: '七年级1班',
  });
  await db.students.insert(child);
  await syncOnce(db, registrar());
  const serverId = await hashId(current, child.id);
  const held = (await (
    await fetch(`${url}${databaseName(SCHOOL, 'students')}/${serverId}`, { headers: admin })
  ).json()) as Record<string, unknown>;
  expect(typeof held.idn).toBe('string');
  // Its identity part is sealed with an office key 乙 never held, whatever route the record took to them.
  expect(before.office?.has(String(held.idn).split('.')[0] ?? '')).toBe(false);
  await expect(openRecord(before, 'students', '_id', held)).rejects.toThrow(/does not have/);
  // What the gateway gives 乙 now opens with their keys to the child, never to the 学籍号 or ID number.
  const theirs = await fetch(`${url}${databaseName(SCHOOL, 'students')}/${serverId}`, {
    headers: { authorization: basicAuth(demoted()) },
  });
  expect(theirs.status).toBe(200);
  const opened = await openRecord(now, 'students', '_id', (await theirs.json()) as Record<string, unknown>);
  expect(opened.name).toBe('新同学');
  expect(JSON.stringify(opened)).not.toContain('44010620150101123X');
  // The registrar still reads them.
  expect(await openRecord(current, 'students', '_id', held)).toMatchObject({
    xjh: child.xjh,
    idNumber: child.idNumber,
  });
});
