/**
 * A sealed school over HTTP (review findings 5 and 6): the gateway takes only the fields the device's sealing
 * leaves in clear, each of its shape (server/sealedShape.ts), so nothing of a child's name or phone reaches the
 * server however a write dresses it; and a sealed school stays sealed — after every envelope is gone and the
 * server restarted — while the last envelope holding the office key cannot be deleted at all.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseName, type SyncedCollection } from '../lib/sync/school';
import { ADMIN } from '../tests/support/sync-server';
import { ENC, hid, syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const STAFF = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' as const },
  { name: '赵主任', password: 'registrar-pw2', role: 'registrar' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: ['七年级1班'] },
];
const SEALED = 'sealedstays';
const CHILD = hid('A');
const SECRET = { name: '钱小满', phone: '13800138123' };
const PLAIN_REASON = /未加密的学生个人信息.*服务器不接收明文/;

const bed = syncTestbed({ school: SEALED, staff: STAFF, keys: 'registrar' });
const { call } = bed;
const bulk = (name: string, c: SyncedCollection, docs: unknown[]) =>
  call(name, 'POST', `${databaseName(SEALED, c)}/_bulk_docs`, { docs });
let n = 0;
const hashId = () => `h-${String(++n).padStart(32, 'v')}`;
const visit = (over: Record<string, unknown> = {}) => ({
  _id: hashId(),
  kind: 'homeVisit',
  studentId: CHILD,
  author: '王老师',
  at: 1_700_000_000_000,
  recordedAt: 1_700_000_000_000,
  enc: ENC,
  data: { method: 'home' },
  ...over,
});
const student = (over: Record<string, unknown> = {}) => ({
  _id: hashId(),
  className: '七年级1班',
  grade: '七年级',
  updatedAt: 1,
  enc: ENC,
  ...over,
});

/** Every document of the school's databases, tombstones and all, as the admin reads them. */
async function stored(): Promise<string> {
  let text = '';
  for (const c of ['students', 'events', 'cases', 'changes'] as const)
    text += (
      await call(ADMIN.name, 'GET', `${databaseName(SEALED, c)}/_changes?include_docs=true&style=all_docs`)
    ).text;
  return text;
}

beforeAll(async () => {
  await bed.seedStudents([[CHILD, '七年级1班']]);
});

describe('a sealed school takes only the fields sealing leaves in clear', () => {
  it.each([
    ['an extra top-level field', 'events', '王老师', visit({ note: `${SECRET.name} ${SECRET.phone}` })],
    ['a field named in another case (Data)', 'events', '王老师', visit({ Data: { situation: SECRET.name } })],
    [
      'free text in a clear code (type)',
      'events',
      '王老师',
      visit({ data: { method: 'home', type: `${SECRET.name} ${SECRET.phone}` } }),
    ],
    ['a name as a class in data', 'events', '王老师', visit({ data: { className: SECRET.name } })],
    ['an id carrying a name', 'events', '王老师', visit({ _id: `homeVisit:${SECRET.name}:1` })],
    [
      'an id carrying a 学籍号 with separators',
      'events',
      '王老师',
      visit({ _id: 'absence:G110105-20140101-0099:x' }),
    ],
    ['a caseId holding a 学籍号 with a space', 'events', '王老师', visit({ caseId: 'G1101052014 01010099' })],
    [
      'Name/Phone in other letters',
      'students',
      '李主任',
      student({ Name: SECRET.name, Phone: SECRET.phone }),
    ],
    ['a Chinese field name', 'students', '李主任', student({ 姓名: SECRET.name })],
    [
      'a nested guardian',
      'students',
      '李主任',
      student({ guardian: { name: SECRET.name, phone: SECRET.phone } }),
    ],
    ['a child’s name as the class', 'students', '李主任', student({ className: SECRET.name })],
    [
      'unlisted fields on a case',
      'cases',
      '李主任',
      { _id: hashId(), className: '七年级1班', updatedAt: 1, enc: ENC, studentName: SECRET.name },
    ],
    [
      'a case id that is no hash',
      'cases',
      '李主任',
      { _id: 'case-x1', className: '七年级1班', updatedAt: 1, enc: ENC },
    ],
    [
      'unlisted fields on a change',
      'changes',
      '李主任',
      { _id: hashId(), at: 1, enc: ENC, Summary: SECRET.name },
    ],
    ['a change id that is no hash', 'changes', '李主任', { _id: 'chg-x1', at: 1, enc: ENC }],
  ] as [string, SyncedCollection, string, Record<string, unknown>][])(
    'refuses %s, in words, storing nothing of it',
    async (_label, c, who, doc) => {
      const r = await bulk(who, c, [doc]);
      expect(r.status).toBe(201);
      expect(r.json[0]).toMatchObject({ error: 'forbidden' });
      expect(r.json[0].reason).toMatch(PLAIN_REASON);
    },
  );

  it('after all of them, the server holds neither the name nor the phone; a sealed record is still taken', async () => {
    const ok = await bulk('王老师', 'events', [visit({ data: { method: 'home', visitorRole: 'teacher' } })]);
    expect(ok.json[0]).toMatchObject({ ok: true });
    const text = await stored();
    expect(text).not.toContain(SECRET.name);
    expect(text).not.toContain(SECRET.phone);
  });
});

describe('a sealed school stays sealed', () => {
  const keysOf = (who: string) => call(who, 'GET', `_baoxue/keys/${SEALED}`);

  it('the last envelope holding the office key cannot be deleted; a teacher’s or a second registrar’s can', async () => {
    const own = await call('李主任', 'GET', `_baoxue/keys/${SEALED}/${encodeURIComponent('李主任')}`);
    expect(own.status).toBe(200);
    const last = await call('李主任', 'DELETE', `_baoxue/keys/${SEALED}/${encodeURIComponent('李主任')}`);
    expect(last.status).toBe(409);
    expect(last.json.reason).toContain('不能删除最后一位学籍管理员的密钥');
    // A second registrar handed the keyring (an envelope with the office key ids): then either may go.
    const second = await call('李主任', 'PUT', `_baoxue/keys/${SEALED}/${encodeURIComponent('赵主任')}`, {
      ...own.json,
    });
    expect(second.status).toBe(201);
    const teacher = await call('李主任', 'PUT', `_baoxue/keys/${SEALED}/${encodeURIComponent('王老师')}`, {
      ...own.json,
      keyIds: own.json.keyIds.filter((k: string) => !/^o[A-Za-z0-9_-]{8}$/.test(k)),
    });
    expect(teacher.status).toBe(201);
    const first = await call('李主任', 'DELETE', `_baoxue/keys/${SEALED}/${encodeURIComponent('赵主任')}`);
    expect(first.status).toBe(200);
    // The teacher's envelope holds no office key: deleting it is a member removed, as before.
    expect(
      (await call('李主任', 'DELETE', `_baoxue/keys/${SEALED}/${encodeURIComponent('王老师')}`)).status,
    ).toBe(200);
    const again = await call('李主任', 'DELETE', `_baoxue/keys/${SEALED}/${encodeURIComponent('李主任')}`);
    expect(again.status).toBe(409);
    expect((await keysOf('李主任')).json.exists).toBe(true);
  });

  it('with every envelope gone (the registrar’s account deleted) and the server restarted, plain text is still refused', async () => {
    const gone = await call(ADMIN.name, 'DELETE', `_baoxue/accounts/${encodeURIComponent('李主任')}`);
    expect(gone.status).toBe(200);
    expect((await keysOf('王老师')).json.exists).toBe(false);
    await bed.server.stop();
    await bed.start();
    const plain = await bulk('王老师', 'events', [
      { ...visit({ enc: undefined }), data: { method: 'home', situation: `${SECRET.name} ${SECRET.phone}` } },
    ]);
    expect(plain.json[0]).toMatchObject({ error: 'forbidden' });
    expect(plain.json[0].reason).toMatch(PLAIN_REASON);
    expect(await stored()).not.toContain(SECRET.phone);
  });
});
