/**
 * A case sealed before cases named their child to the gateway (no `studentRef`) reaches the child's 帮扶 partner
 * once a registrar's device has synced (lib/sync/caseRefs.ts, run by lib/sync/replicate.ts): over HTTP against
 * the real gateway, with a registrar's and a partner teacher's devices (RxDB, the real replication and sealing).
 * The set-up follows server/scope-cases.test.ts.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { removeSetting } from '../lib/db/settingValue';
import type { BaoxueDatabase } from '../lib/db/types';
import type { StatusChangeCase, StoredEvent } from '../lib/records';
import { caseRefsSetting, nameCasesChildren } from '../lib/sync/caseRefs';
import { syncOnce } from '../lib/sync/replicate';
import { databaseName } from '../lib/sync/school';
import { hashId, serverIdOf } from '../lib/sync/sealed';
import { makeStudent } from '../tests/fixtures/records';
import { ADMIN } from '../tests/support/sync-server';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const SCHOOL = 'oldcases';
const C2 = '七年级2班';
const STAFF = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' as const },
  { name: '赵老师', password: 'teacher-pw2', role: 'teacher' as const, classes: [C2] },
  // The 帮扶 partner of a 2班 child, teaching a class with no children here.
  { name: '孙老师', password: 'teacher-pw3', role: 'teacher' as const, classes: ['九年级3班'] },
];
const CASES = databaseName(SCHOOL, 'cases');

const bed = syncTestbed({ school: SCHOOL, staff: STAFF, keys: 'members' });
const { account, call, device, done } = bed;
let registrar: BaoxueDatabase;

const partnerFeed = async () =>
  ((await call('孙老师', 'GET', `${CASES}/_changes?include_docs=true`)).json.results as { id: string }[]).map(
    (r) => r.id,
  );

const aCase = (id: string, xjh: string): StatusChangeCase => ({
  id,
  xjh,
  name: '二班学生',
  grade: '七年级',
  className: C2,
  changeType: '休学',
  reason: '因病休学',
  changeDate: '2026-09-01',
  appliedDate: '2026-08-20',
  reviewStatus: '待审核',
  currentUnit: '',
  toSchool: '',
  fromSchool: '',
  flags: [],
  source: { host: '127.0.0.1', pageKind: 'case-list', seenAt: 1 },
  updatedAt: 1,
});
const designation = (id: string, studentId: string, partner: string): StoredEvent => ({
  id,
  kind: 'riskNote',
  studentId,
  author: '李主任',
  at: Date.now(),
  recordedAt: Date.now(),
  data: { type: 'key-student', reason: '', partner },
});

/** The case as a device from before `studentRef` left it on the server: the same, without the reference. */
async function makeOld(serverId: string, xjh: string) {
  const { json: doc } = await call(ADMIN.name, 'GET', `${CASES}/${serverId}`);
  expect(doc.studentRef, JSON.stringify(doc)).toBe(await hashId(bed.keys, xjh));
  const { studentRef: _ref, ...old } = doc;
  expect((await call(ADMIN.name, 'PUT', `${CASES}/${serverId}`, old)).status).toBe(201);
}

beforeAll(async () => {
  registrar = await device();
  await registrar.students.bulkInsert([
    makeStudent({ id: 'G200', xjh: 'G200', name: '二班丙', className: C2 }),
    makeStudent({ id: 'G201', xjh: 'G201', name: '二班丁', className: C2 }),
  ]);
  await registrar.cases.bulkInsert([aCase('YD-A', 'G200'), aCase('YD-B', 'G201')]);
  await registrar.events.insert(designation('k-1', 'G200', '孙老师'));
  await syncOnce(registrar, account('李主任'));
});

describe('cases from before cases named their child', () => {
  it('reach the child’s 帮扶 partner after a registrar’s device syncs, unchanged, and only once', async () => {
    const [a, b] = await Promise.all([serverIdOf(bed.keys, 'YD-A'), serverIdOf(bed.keys, 'YD-B')]);
    await makeOld(a, 'G200');
    // Before: the partner is not given the old case (it names no child to the gateway).
    expect(await partnerFeed()).toEqual([]);

    // The registrar's device syncs (nothing changed on it): the old case is sealed again, naming its child.
    await syncOnce(registrar, account('李主任'));
    const named = (await call(ADMIN.name, 'GET', `${CASES}/${a}`)).json;
    expect(named.studentRef).toBe(await hashId(bed.keys, 'G200'));
    expect(JSON.stringify(named)).not.toContain('G200');
    expect(await partnerFeed()).toEqual([a]);
    expect((await call('孙老师', 'GET', `${CASES}/${b}`)).status).toBe(404);

    // On the partner's device: the case as the office recorded it (no 学籍号, no clear reference kept).
    const partner = await device();
    try {
      await syncOnce(partner, account('孙老师'));
      const held = await partner.cases.find().exec();
      expect(held.map((c) => c.id)).toEqual(['YD-A']);
      const { xjh: _x, ...kept } = aCase('YD-A', 'G200');
      expect(held[0]!.toJSON()).toMatchObject({ ...kept, xjh: '' });
      expect(JSON.stringify(held[0]!.toJSON())).not.toContain('studentRef');
    } finally {
      await done(partner);
    }

    // Once: the next sync, and a run reading the whole school again, write nothing.
    const rev = named._rev;
    await syncOnce(registrar, account('李主任'));
    await removeSetting(registrar, caseRefsSetting(account('李主任')));
    expect(await nameCasesChildren(registrar, account('李主任'))).toEqual({ named: 0, left: 0, skipped: 0 });
    expect((await call(ADMIN.name, 'GET', `${CASES}/${a}`)).json._rev).toBe(rev);
    // The registrar's own device still holds the case with its 学籍号.
    expect((await registrar.cases.findOne('YD-A').exec())?.xjh).toBe('G200');
  });

  it('a teacher’s device (no office key) names no child and writes nothing', async () => {
    const b = await serverIdOf(bed.keys, 'YD-B');
    await makeOld(b, 'G201');
    const before = (await call(ADMIN.name, 'GET', `${CASES}/${b}`)).json._rev;
    const teacher = await device();
    try {
      expect(await nameCasesChildren(teacher, account('赵老师'))).toEqual({ named: 0, left: 0, skipped: 0 });
    } finally {
      await done(teacher);
    }
    expect((await call(ADMIN.name, 'GET', `${CASES}/${b}`)).json._rev).toBe(before);
    // The office's next sync names it.
    await syncOnce(registrar, account('李主任'));
    expect((await call(ADMIN.name, 'GET', `${CASES}/${b}`)).json.studentRef).toBe(
      await hashId(bed.keys, 'G201'),
    );
  });
});
