/**
 * Lost permissions end to end over HTTP (issue 16, item 1): a registrar's and a teacher's devices (RxDB,
 * the real replication handlers) against the real school server. When the admin moves the teacher to
 * another class, their device removes the first class's records at its next sync, sends no deletion (the
 * server and the registrar keep everything), and receives the new class; moved back, it receives the first
 * class again; with no classes it holds none of the school and its status says so.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BaoxueDatabase } from '../lib/db/types';
import { schoolKeyring } from '../lib/sync/keys';
import { syncOnce } from '../lib/sync/replicate';
import { databaseName } from '../lib/sync/school';
import { hashId, serverIdOf } from '../lib/sync/sealed';
import { readStatus } from '../lib/sync/status';
import { makeStudent } from '../tests/fixtures/records';
import { adminAuth as admin, syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const SCHOOL = 'purge';
const C1 = '七年级1班';
const C2 = '七年级2班';
const STAFF = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: [C1] },
];
const bed = syncTestbed({ school: SCHOOL, staff: STAFF, keys: 'members' });
const { account, device } = bed;
const setClasses = (classes: string[]) => bed.setClasses('王老师', classes);
const serverRows = async (c: 'students' | 'events') =>
  (
    (await (
      await fetch(`${bed.url}${databaseName(SCHOOL, c)}/_all_docs`, { headers: { authorization: admin } })
    ).json()) as { rows: { id: string }[] }
  ).rows.filter((r) => !r.id.startsWith('_design/'));

let registrar: BaoxueDatabase;
let h: (id: string) => Promise<string>;

beforeAll(async () => {
  h = (id) => hashId(bed.keys, id);
  registrar = await device({ kept: true });
  await registrar.students.bulkInsert([
    makeStudent({ id: 'G100', xjh: 'G100', idNumber: '110105201401010011', name: '一班甲', className: C1 }),
    makeStudent({ id: 'G101', xjh: 'G101', name: '一班乙', className: C1 }),
    makeStudent({ id: 'G200', xjh: 'G200', name: '二班丙', className: C2 }),
  ]);
  const visit = (id: string, studentId: string) => ({
    id,
    kind: 'homeVisit' as const,
    studentId,
    author: '李主任',
    at: 1,
    recordedAt: 1,
    data: { method: 'phone', visitorRole: 'teacher' },
  });
  await registrar.events.bulkInsert([visit('v-1', 'G100'), visit('v-2', 'G200')]);
  await syncOnce(registrar, account('李主任'));
});
afterEach(bed.dropDevices);

describe('a teacher moved to another class', () => {
  it('drops the first class at the next sync, sends no deletion, receives the new class; moved back, gets it again', async () => {
    await setClasses([C1]);
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    const one = [await h('G100'), await h('G101')].sort();
    expect((await teacher.students.find().exec()).map((s) => s.id).sort()).toEqual(one);
    expect((await teacher.events.find().exec()).map((e) => e.id)).toEqual(['v-1']);

    await setClasses([C2]);
    await syncOnce(teacher, account('王老师'));
    expect((await teacher.students.find().exec()).map((s) => s.id)).toEqual([await h('G200')]);
    expect((await teacher.events.find().exec()).map((e) => e.id)).toEqual(['v-2']);
    // Not even a deleted copy is left in the store.
    expect(await teacher.students.storageInstance.findDocumentsById(one, true)).toEqual([]);
    expect(await teacher.events.storageInstance.findDocumentsById(['v-1'], true)).toEqual([]);
    expect((await readStatus(teacher)).state).toBe('ok');
    expect((await readStatus(teacher)).heldBack ?? 0).toBe(0);

    // The server and the registrar keep everything; no deletion reached the server.
    expect(await serverRows('students')).toHaveLength(3);
    expect(await serverRows('events')).toHaveLength(2);
    const audit = await (
      await fetch(`${bed.url}_baoxue/audit`, { headers: { authorization: admin } })
    ).text();
    expect(audit).not.toContain('"deleted"');
    await syncOnce(registrar, account('李主任'));
    expect((await registrar.students.findOne('G100').exec())?.name).toBe('一班甲');
    expect(
      (await registrar.students.find({ selector: { idNumber: '110105201401010011' } }).exec()).map(
        (s) => s.id,
      ),
    ).toEqual(['G100']);

    // Moved back: the first class arrives again (the records were skipped by the server's filter before).
    await setClasses([C1]);
    await syncOnce(teacher, account('王老师'));
    expect((await teacher.students.find().exec()).map((s) => s.id).sort()).toEqual(one);
    expect((await teacher.events.find().exec()).map((e) => e.id)).toEqual(['v-1']);
  });

  it('holds back (and counts) a removal of their own the rules forbid; only the purge’s removals pass silently', async () => {
    await setClasses([C1]);
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    const child = await h('G101');
    await (await teacher.events.findOne('v-1').exec())!.remove();
    await (await teacher.students.findOne(child).exec())!.remove();
    await syncOnce(teacher, account('王老师'));
    const status = await readStatus(teacher);
    expect(status).toMatchObject({ state: 'ok', heldBack: 2 });
    expect(status.held).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ collection: 'events', id: 'v-1' }),
        expect.objectContaining({ collection: 'students', id: child }),
      ]),
    );
    expect(await serverRows('students')).toHaveLength(3);
    expect(await serverRows('events')).toHaveLength(2);
    const audit = await (
      await fetch(`${bed.url}_baoxue/audit`, { headers: { authorization: admin } })
    ).text();
    expect(audit).not.toContain('"deleted"');
  });

  it('never loses a 家访 recorded offline before the class change: kept, sent, and listed as held back', async () => {
    await setClasses([C1]);
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    const child = await h('G101');
    // Offline: the teacher records a 家访 about a child of 1班; then the admin moves them to 2班.
    await teacher.events.insert({
      id: 'v-offline',
      kind: 'homeVisit',
      studentId: child,
      author: '王老师',
      at: 2,
      recordedAt: 2,
      data: { method: 'phone', visitorRole: 'teacher' },
    });
    await setClasses([C2]);
    await syncOnce(teacher, account('王老师'));
    // The rest of 1班 is gone; the teacher's own unsent record is not, and the status lists it.
    expect((await teacher.students.find().exec()).map((s) => s.id)).toEqual([await h('G200')]);
    expect((await teacher.events.findOne('v-offline').exec())?.studentId).toBe(child);
    const status = await readStatus(teacher);
    // Named by the child and class it is about (no longer on this device), and why it waits.
    expect(status.held).toContainEqual(
      expect.objectContaining({
        collection: 'events',
        id: 'v-offline',
        why: 'left-class',
        name: '一班乙',
        className: C1,
      }),
    );
    // A later sync in 2班 still keeps it.
    await syncOnce(teacher, account('王老师'));
    expect(await teacher.events.findOne('v-offline').exec()).not.toBeNull();
    // Given 1班 again, the device sends it: it reaches the server.
    await setClasses([C1]);
    await syncOnce(teacher, account('王老师'));
    const keys = await schoolKeyring(account('李主任'));
    expect((await serverRows('events')).map((r) => r.id)).toContain(await serverIdOf(keys, 'v-offline'));
    // Taken by the server: no longer listed as held back, and not counted.
    const after = await readStatus(teacher);
    expect(after.held ?? []).not.toContainEqual(expect.objectContaining({ id: 'v-offline' }));
    expect(after.heldBack ?? 0).toBe(0);
  });

  it('with no classes left holds none of the school, and its status says so', async () => {
    await setClasses([C1]);
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    expect(await teacher.students.count().exec()).toBe(2);
    expect((await readStatus(teacher)).noClasses).toBe(false);
    await setClasses([]);
    await syncOnce(teacher, account('王老师'));
    expect(await teacher.students.count().exec()).toBe(0);
    expect(await teacher.events.count().exec()).toBe(0);
    expect(await readStatus(teacher)).toMatchObject({ state: 'ok', noClasses: true });
    expect(await serverRows('students')).toHaveLength(3);
  });
  it('drops a child the office deleted, and one moved to another class, with their events, at the next sync', async () => {
    await setClasses([C1]);
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    const moved = await h('G100');
    const deleted = await h('G101');
    expect((await teacher.students.find().exec()).map((s) => s.id).sort()).toEqual([moved, deleted].sort());
    expect((await teacher.events.find().exec()).map((e) => e.id)).toContain('v-1');
    const at = (id: string) => `${bed.url}${databaseName(SCHOOL, 'students')}/${encodeURIComponent(id)}`;
    const doc = async (id: string) =>
      (await (await fetch(at(id), { headers: { authorization: admin } })).json()) as Record<string, unknown>;
    const put = async (id: string, body: Record<string, unknown>) =>
      expect(
        (
          await fetch(at(id), {
            method: 'PUT',
            headers: { authorization: admin, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).status,
      ).toBe(201);
    await put(moved, { ...(await doc(moved)), className: C2 });
    await put(deleted, { _rev: (await doc(deleted))._rev, _deleted: true });
    const before = await serverRows('events');

    await syncOnce(teacher, account('王老师'));
    expect(await teacher.students.count().exec()).toBe(0);
    expect(await teacher.events.findOne('v-1').exec()).toBeNull();
    expect(await teacher.students.storageInstance.findDocumentsById([moved, deleted], true)).toEqual([]);
    // Removed on this device only: no deletion sent, nothing held back.
    expect(await serverRows('events')).toEqual(before);
    expect((await readStatus(teacher)).heldBack ?? 0).toBe(0);
  });
});
