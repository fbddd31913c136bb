/**
 * The office's id key (it turns a child's 学籍号 into the server's `h-…` id) on the device of a registrar made
 * teacher, or of an office member removed: the keyring turns (their office key is taken back), but the old
 * device still computes every child's server id from a 学籍号. The remaining registrar's keyring remembers who
 * left holding it (lib/sync/keys.ts `idKeyLeftWith`: 成员密钥 says so and offers 更换编号密钥), and 更换编号密钥
 * then replaces it: the school's records move to ids the old device cannot compute. Through the real gateway.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openDatabase } from '../lib/db/database';
import type { BaoxueDatabase } from '../lib/db/types';
import { basicAuth, type SyncAccount } from '../lib/sync/account';
import { grantMember, idKeyLeftWith, removeMember, schoolKeyring } from '../lib/sync/keys';
import { reIdentify } from '../lib/sync/reid';
import { syncOnce } from '../lib/sync/replicate';
import { databaseName } from '../lib/sync/school';
import { hashId, type Keyring } from '../lib/sync/sealed';
import { makeStudent } from '../tests/fixtures/records';
import { ADMIN, type RunningServer, runSyncServer } from '../tests/support/sync-server';
import { setupSchool } from './setup';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
const SCHOOL = 'idleft';
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
const admin = { authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }) };
const XJH = 'G44010620150101123X';
/** 乙's keyring while still a registrar, as their old device may keep it. */
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
      { name: '丙', password: 'teacher-pw-1', role: 'teacher', classes: ['七年级1班'] },
    ],
  });
  await schoolKeyring(registrar());
  await grantMember(registrar(), '乙', 'reg-b-pw-1');
  await grantMember(registrar(), '丁', 'leader-pw-1');
  await grantMember(registrar(), '丙', 'teacher-pw-1');
  before = await schoolKeyring(account('乙', 'reg-b-pw-1', 'registrar'));
  // A child on the server, written by the registrar's device.
  const db = await openDatabase({
    name: `idleft${Date.now()}`,
    multiInstance: false,
    storage: getRxStorageMemory(),
  });
  dbs.push(db);
  await db.students.insert(makeStudent({ id: XJH, xjh: XJH, name: '新同学', className: '七年级1班' }));
  await syncOnce(db, registrar());
});
afterAll(async () => {
  for (const db of dbs) await db.remove();
  await server?.stop();
});

const held = async (serverId: string) =>
  (await fetch(`${url}${databaseName(SCHOOL, 'students')}/${serverId}`, { headers: admin })).status;

it('a registrar made teacher leaves with the id key: the keyring says who, and nobody else is named', async () => {
  expect(idKeyLeftWith((await schoolKeyring(registrar())).data)).toEqual([]);
  const r = await fetch(`${url}_baoxue/accounts/${encodeURIComponent('乙')}`, {
    method: 'PUT',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ school: SCHOOL, roles: ['teacher'], classes: ['七年级1班'] }),
  });
  expect(r.status).toBe(200);
  const now = await schoolKeyring(registrar());
  expect(now.data.office?.current).not.toBe(before.data.office?.current);
  // The office key turned, yet 乙's old device still computes the child's server id from the 学籍号.
  expect(await hashId(before, XJH)).toBe(await hashId(now, XJH));
  expect(await held(await hashId(before, XJH))).toBe(200);
  expect(idKeyLeftWith(now.data)).toEqual(['乙']);
  // A leader removed (成员密钥 移除) leaves with it too; the leader still in office (none left) and teachers never.
  await removeMember(registrar(), '丁');
  expect(idKeyLeftWith((await schoolKeyring(registrar())).data).sort()).toEqual(['丁', '乙'].sort());
  await removeMember(registrar(), '丙');
  expect(idKeyLeftWith((await schoolKeyring(registrar())).data).sort()).toEqual(['丁', '乙'].sort());
  // A teacher's keyring carries no names of colleagues.
  const teacher = await schoolKeyring(account('乙', 'reg-b-pw-1', 'teacher'));
  expect(teacher.data.office).toBeUndefined();
});

it('更换编号密钥 replaces the id key they left with: the child moves to an id the old device cannot compute', async () => {
  const old = await hashId(before, XJH);
  await reIdentify(registrar());
  const after = await schoolKeyring(registrar());
  const moved = await hashId(after, XJH);
  expect(moved).not.toBe(old);
  expect(await held(moved)).toBe(200);
  expect(await held(old)).toBe(404);
  expect(idKeyLeftWith(after.data)).toEqual([]);
  // Run again: nothing more to replace.
  await reIdentify(registrar());
  expect(await hashId(await schoolKeyring(registrar()), XJH)).toBe(moved);
});
