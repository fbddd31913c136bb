/**
 * 未上传的记录 end to end over HTTP (issue 16, items 2–4): a teacher's device (RxDB, the real replication
 * handlers) against the real school server. A 家访 written offline about a child of a class the teacher then
 * leaves is listed with the child and why (你已不教该班); discarded, it leaves the device and no deletion
 * reaches the server; a record held back and later taken by the server leaves the list and the count; a
 * designation the server would refuse is never sent.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { adminAuth as admin, syncTestbed } from '../../tests/support/sync-testbed';
import { runCommand } from '../commands/run';
import { openDatabase } from '../db/database';
import { writeSetting } from '../db/settingValue';
import { ACCOUNT_SETTING_ID } from './account';
import { heldReason } from './held';
import { syncOnce } from './replicate';
import { databaseName } from './school';
import { hashId } from './sealed';
import { readStatus } from './status';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const SCHOOL = 'held';
const C1 = '七年级1班';
const C2 = '七年级2班';
const STAFF = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: [C1] },
];
const bed = syncTestbed({ school: SCHOOL, staff: STAFF, keys: 'members' });
const { account } = bed;
const device = async () => {
  const db = await bed.device();
  // Signed in as 王老师 (what the commands stamp as author).
  await writeSetting(db, ACCOUNT_SETTING_ID, {
    url: bed.url,
    school: SCHOOL,
    user: '王老师',
    roles: [`baoxue-${SCHOOL}`, 'teacher'],
    sealedPassword: 'unused here',
  });
  return db;
};
const setClasses = (classes: string[]) => bed.setClasses('王老师', classes);
const serverEvents = async () =>
  (
    (await (
      await fetch(`${bed.url}${databaseName(SCHOOL, 'events')}/_all_docs`, {
        headers: { authorization: admin },
      })
    ).json()) as { rows: { id: string }[] }
  ).rows.filter((r) => !r.id.startsWith('_design/'));
const audit = async () =>
  (await fetch(`${bed.url}_baoxue/audit`, { headers: { authorization: admin } })).text();
const visitOf = (id: string, studentId: string) => ({
  id,
  kind: 'homeVisit' as const,
  studentId,
  author: '王老师',
  at: 2,
  recordedAt: 2,
  data: { method: 'phone', visitorRole: 'teacher', reason: '缺课' },
});

let h: (id: string) => Promise<string>;
beforeAll(async () => {
  h = (id) => hashId(bed.keys, id);
  const registrar = await openDatabase({
    name: 'held-registrar',
    multiInstance: false,
    storage: getRxStorageMemory(),
  });
  await registrar.students.bulkInsert([
    makeStudent({ id: 'G101', xjh: 'G101', name: '一班乙', className: C1 }),
    makeStudent({ id: 'G200', xjh: 'G200', name: '二班丙', className: C2 }),
  ]);
  await syncOnce(registrar, account('李主任'));
  await registrar.remove();
});
afterEach(bed.dropDevices);

describe('records held back on a teacher’s device', () => {
  it('a 家访 about a child of a class left: listed with the child and why; discarded, gone and never sent', async () => {
    await setClasses([C1]);
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    const child = await h('G101');
    await teacher.events.insert(visitOf('v-left', child));
    await setClasses([C2]);
    await syncOnce(teacher, account('王老师'));
    const status = await readStatus(teacher);
    // The server's refusal rides with it (未上传的记录 shows it): what matters here is whose and why.
    expect(status.held).toEqual([
      expect.objectContaining({
        collection: 'events',
        id: 'v-left',
        why: 'left-class',
        name: '一班乙',
        className: C1,
      }),
    ]);
    expect(status.heldBack).toBe(1);

    const before = await serverEvents();
    await runCommand(teacher, 'held/discard', { collection: 'events', id: 'v-left' });
    expect(await teacher.events.storageInstance.findDocumentsById(['v-left'], true)).toEqual([]);
    expect((await readStatus(teacher)).held).toEqual([]);
    // The next syncs send nothing about it (no deletion), and nothing is held back again.
    await syncOnce(teacher, account('王老师'));
    await setClasses([C1]);
    await syncOnce(teacher, account('王老师'));
    expect(await serverEvents()).toEqual(before);
    expect(await audit()).not.toContain('"deleted"');
    const after = await readStatus(teacher);
    expect(after.held ?? []).toEqual([]);
    expect(after.heldBack ?? 0).toBe(0);
  });

  it('a held-back record the server later takes leaves the list and the count', async () => {
    await setClasses([C1]);
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    // About a child of 2班, not (yet) the teacher's: the server refuses it.
    await teacher.events.insert(visitOf('v-early', await h('G200')));
    await syncOnce(teacher, account('王老师'));
    expect((await readStatus(teacher)).held).toContainEqual(
      expect.objectContaining({ collection: 'events', id: 'v-early' }),
    );
    // Refused for whose child it is (scope, by its code): 未上传的记录 explains the roles, with the server's words
    // beside (without the code).
    const early = (await readStatus(teacher)).held?.find((x) => x.id === 'v-early');
    expect(early?.refused).toMatch(/^not-in-your-classes: /);
    expect(heldReason(early!)).toEqual({
      role: true,
      refused: '这个学生不在你的班级范围内 (this child is not in your classes)',
    });
    const count = (await serverEvents()).length;
    // Given 2班 as well, the device sends it again and the server takes it.
    await setClasses([C1, C2]);
    await syncOnce(teacher, account('王老师'));
    expect(await serverEvents()).toHaveLength(count + 1);
    const status = await readStatus(teacher);
    expect(status.held ?? []).toEqual([]);
    expect(status.heldBack ?? 0).toBe(0);
  });

  it('a designation naming a colleague, written past the command, is never sent: held back on the device', async () => {
    await setClasses([C1]);
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    const count = (await serverEvents()).length;
    await teacher.events.insert({
      id: 'key-other',
      kind: 'riskNote',
      studentId: await h('G101'),
      author: '王老师',
      at: Date.now(),
      recordedAt: Date.now(),
      data: { type: 'key-student', reason: '学习困难', partner: '李主任' },
    });
    await syncOnce(teacher, account('王老师'));
    expect(await serverEvents()).toHaveLength(count);
    expect((await readStatus(teacher)).held).toContainEqual({ collection: 'events', id: 'key-other' });
    // The command path refuses the same up front.
    await expect(
      runCommand(teacher, 'key/name', { studentId: await h('G101'), reason: '学习困难', partner: '李主任' }),
    ).rejects.toThrow();
  });
});
