/**
 * A 帮扶 partner teacher and the cases (转出/休学/劝返 paperwork) of the child they are paired with (issue 16),
 * over HTTP against the real gateway, with a registrar's and teachers' devices (RxDB, the real replication and
 * sealing): the partner (of another class) receives the child's case and its 材料 ticks, no other case of that
 * class; at the designation's end their next sync removes them from their device; what a teacher writes about a
 * case is refused, and a case naming its child other than by the keyed hash is refused in a sealed school.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BaoxueDatabase } from '../lib/db/types';
import type { StatusChangeCase, StoredEvent } from '../lib/records';
import { syncOnce } from '../lib/sync/replicate';
import { databaseName } from '../lib/sync/school';
import { hashId, serverIdOf } from '../lib/sync/sealed';
import { makeStudent } from '../tests/fixtures/records';
import { ADMIN } from '../tests/support/sync-server';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const SCHOOL = 'partnercases';
const C1 = '七年级1班';
const C2 = '七年级2班';
const STAFF = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: [C1] },
  { name: '赵老师', password: 'teacher-pw2', role: 'teacher' as const, classes: [C2] },
  // The 帮扶 partner of a 2班 child (and of a 1班 child), teaching a class with no children here.
  { name: '孙老师', password: 'teacher-pw3', role: 'teacher' as const, classes: ['九年级3班'] },
];
const CASES = databaseName(SCHOOL, 'cases');
const EVENTS = databaseName(SCHOOL, 'events');

const bed = syncTestbed({ school: SCHOOL, staff: STAFF, keys: 'members' });
const { account, call, device } = bed;
let registrar: BaoxueDatabase;

const aCase = (id: string, xjh: string): StatusChangeCase => ({
  id,
  xjh,
  name: '二班学生',
  grade: '七年级',
  className: C2,
  changeType: '转出',
  reason: '随父母外出务工',
  changeDate: '2026-09-01',
  appliedDate: '2026-08-20',
  reviewStatus: '待审核',
  currentUnit: '',
  toSchool: '某市实验中学',
  fromSchool: '',
  flags: [],
  source: { host: '127.0.0.1', pageKind: 'case-list', seenAt: 1 },
  updatedAt: 1,
});
const tick = (id: string, caseId: string): StoredEvent => ({
  id,
  kind: 'documentReceived',
  studentId: '',
  caseId,
  author: '李主任',
  at: 1,
  recordedAt: 1,
  data: { doc: 'transfer-certificate', state: 'received' },
});
const designation = (id: string, studentId: string, type: string, partner: string): StoredEvent => ({
  id,
  kind: 'riskNote',
  studentId,
  author: '李主任',
  at: Date.now(),
  recordedAt: Date.now(),
  data: { type, reason: '', partner },
});
/** The server ids of what a member's feed gives them. */
const feed = async (who: string, db: string) =>
  ((await call(who, 'GET', `${db}/_changes?include_docs=true`)).json.results as { id: string }[])
    .map((r) => r.id)
    .sort();
const sid = (id: string) => serverIdOf(bed.keys, id);

beforeAll(async () => {
  registrar = await device({ kept: true });
  await registrar.students.bulkInsert([
    makeStudent({ id: 'G100', xjh: 'G100', name: '一班甲', className: C1 }),
    makeStudent({ id: 'G200', xjh: 'G200', name: '二班丙', className: C2 }),
    makeStudent({ id: 'G201', xjh: 'G201', name: '二班丁', className: C2 }),
  ]);
  await registrar.cases.bulkInsert([aCase('YD-A', 'G200'), aCase('YD-B', 'G201')]);
  await registrar.events.bulkInsert([
    tick('tick-a', 'YD-A'),
    tick('tick-b', 'YD-B'),
    designation('k-1', 'G200', 'key-student', '孙老师'),
    designation('k-2', 'G100', 'key-student', '孙老师'),
  ]);
  await syncOnce(registrar, account('李主任'));
});
afterEach(bed.dropDevices);

describe('a 帮扶 partner teacher and their child’s cases', () => {
  it('receives the child’s case and its 材料 ticks, no other case of the class; the class’s teacher receives all', async () => {
    const [a, b, tickA, tickB] = await Promise.all([sid('YD-A'), sid('YD-B'), sid('tick-a'), sid('tick-b')]);
    // The case names its child in clear only by the child's server id (the student's own id there).
    const onServer = await call(ADMIN.name, 'GET', `${CASES}/${a}`);
    expect(onServer.json.studentRef).toBe(await hashId(bed.keys, 'G200'));
    expect(JSON.stringify(onServer.json)).not.toContain('G200');

    expect(await feed('孙老师', CASES)).toEqual([a]);
    expect((await call('孙老师', 'GET', `${CASES}/${a}`)).status).toBe(200);
    expect((await call('孙老师', 'GET', `${CASES}/${b}`)).status).toBe(404);
    const events = await feed('孙老师', EVENTS);
    expect(events).toContain(tickA);
    expect(events).not.toContain(tickB);
    expect((await call('孙老师', 'GET', `${EVENTS}/${tickB}`)).status).toBe(404);
    // The 班主任 of 2班 reads both cases and both ticks; a teacher of 1班 neither.
    expect(await feed('赵老师', CASES)).toEqual([a, b].sort());
    expect(await feed('赵老师', EVENTS)).toEqual(expect.arrayContaining([tickA, tickB]));
    expect(await feed('王老师', CASES)).toEqual([]);
    expect(await feed('王老师', EVENTS)).not.toContain(tickA);

    // On the partner's device: the case opens (no clear reference kept), its tick with it.
    const partner = await device();
    await syncOnce(partner, account('孙老师'));
    const held = await partner.cases.find().exec();
    expect(held.map((c) => c.id)).toEqual(['YD-A']);
    expect(held[0]!.toJSON()).toMatchObject({ className: C2, changeType: '转出', xjh: '' });
    expect(JSON.stringify(held[0]!.toJSON())).not.toContain('studentRef');
    const ticks = (await partner.events.find({ selector: { kind: 'documentReceived' } }).exec()).map(
      (e) => e.id,
    );
    expect(ticks).toEqual(['tick-a']);
    // Kept at the next sync while the pairing lasts (the device's purge judges a case of another class).
    await syncOnce(partner, account('孙老师'));
    expect((await partner.cases.find().exec()).map((c) => c.id)).toEqual(['YD-A']);
    expect(await partner.events.findOne('tick-a').exec()).not.toBeNull();
  });

  it('a teacher writes no case and no tick, whatever child it names; a case naming its child by 学籍号 is refused', async () => {
    const [a, other] = await Promise.all([sid('YD-A'), hashId(bed.keys, 'G201')]);
    // A crafted case naming another child as the partner's, in the partner's and in a class teacher's name.
    for (const who of ['孙老师', '赵老师']) {
      const put = await call(who, 'PUT', `${CASES}/h-${'x'.repeat(32)}`, {
        className: C2,
        studentRef: other,
        updatedAt: 1,
        enc: 'k.x.y',
      });
      expect(put.status, who).toBe(403);
    }
    // A tick on the child's case, and another kind of event naming only the case.
    const forged = await call('孙老师', 'POST', `${EVENTS}/_bulk_docs`, {
      docs: [
        {
          _id: 'forged-tick',
          kind: 'documentReceived',
          studentId: '',
          caseId: a,
          author: '孙老师',
          at: 1,
          recordedAt: 1,
          data: { doc: 'x' },
          enc: 'k.x.y',
        },
        {
          _id: 'forged-visit',
          kind: 'homeVisit',
          studentId: '',
          caseId: a,
          author: '孙老师',
          at: 1,
          recordedAt: 1,
          data: { method: 'phone' },
          enc: 'k.x.y',
        },
      ],
    });
    expect((forged.json as unknown as { error?: string }[]).map((r) => r.error)).toEqual([
      'forbidden',
      'forbidden',
    ]);
    // Even the office may not name a case's child in clear by anything but the keyed hash.
    const plain = await call('李主任', 'PUT', `${CASES}/h-${'y'.repeat(32)}`, {
      className: C2,
      studentRef: 'G201',
      updatedAt: 1,
      enc: 'k.x.y',
    });
    expect(plain.status).toBe(403);
    expect(String(plain.json.reason)).toContain('studentRef');
    expect(await feed('孙老师', CASES)).toEqual([a]);
  });

  it('at the designation’s end the next sync removes the case and its ticks from the partner’s device', async () => {
    const partner = await device();
    await syncOnce(partner, account('孙老师'));
    expect((await partner.cases.find().exec()).map((c) => c.id)).toEqual(['YD-A']);

    await registrar.events.insert(designation('k-3', 'G200', 'key-student-end', ''));
    await syncOnce(registrar, account('李主任'));
    expect(await feed('孙老师', CASES)).toEqual([]);

    // Still the 1班 child's partner: the device cannot tell a case's child itself, the server's answer decides.
    await syncOnce(partner, account('孙老师'));
    expect(await partner.cases.count().exec()).toBe(0);
    expect(await partner.cases.storageInstance.findDocumentsById(['YD-A'], true)).toEqual([]);
    expect(await partner.events.findOne('tick-a').exec()).toBeNull();
    expect((await partner.students.find().exec()).map((s) => s.id)).toEqual([await hashId(bed.keys, 'G100')]);
    // Removed on this device only: the server and the office keep the case.
    expect((await call(ADMIN.name, 'GET', `${CASES}/${await sid('YD-A')}`)).status).toBe(200);
  });
});
