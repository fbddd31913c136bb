/**
 * 更换编号密钥 (lib/sync/reid.ts) and a teacher's records written offline before it, through the real gateway
 * (from the security review's scratch test): an absence, a 家访 and a 重点生 designation naming the child by the
 * old hash, not yet synced when the registrar runs the re-id. They are taken at the teacher's next sync (judged
 * by the child the old hash moved to: server/reidMoved.ts), nothing held back; the next re-id run moves them to
 * the new id; the teacher's device then holds them under the new id only. A teacher of another class is still
 * refused an event naming that retired hash.
 */
import { describe, expect, it, vi } from 'vitest';
import { schoolKeyring } from '../lib/sync/keys';
import { reIdentify } from '../lib/sync/reid';
import { syncOnce } from '../lib/sync/replicate';
import { hashId, oldHashId } from '../lib/sync/sealed';
import { readStatus } from '../lib/sync/status';
import { oldSchool } from '../tests/support/old-school';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

const { mine, others, account, device, done, student, liveDocs, teacherRecords } = oldSchool();

describe('更换编号密钥: a teacher record written offline before the re-id', () => {
  it('is taken at the next sync, moved by the next run, and held under the new id on the device', async () => {
    const registrar = await device();
    await registrar.students.bulkInsert([...mine, ...others].map(student));
    await syncOnce(registrar, account('李主任'));
    const oldKeys = await schoolKeyring(account('李主任'));
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    const child = mine[0]!.grbsm;
    const old = await hashId(oldKeys, child);
    // Written offline: not synced before the registrar runs the re-id.
    await teacher.events.bulkInsert(teacherRecords(old, 'off', Date.now()));
    const first = await reIdentify(account('李主任'));
    expect(first.students.retired).toBe(mine.length + others.length);
    const newKeys = await schoolKeyring(account('李主任'));
    const now = await hashId(newKeys, child);
    expect(now).not.toBe(old);

    await syncOnce(teacher, account('王老师'));
    expect((await readStatus(teacher)).heldBack ?? 0).toBe(0);
    const taken = (await liveDocs()).filter((d) => d.author === '王老师');
    expect(taken.map((d) => d.kind).sort()).toEqual(['absence', 'homeVisit', 'riskNote']);
    expect(taken.every((d) => d.studentId === old)).toBe(true);

    // The next run moves them: nothing live names the old hash any more.
    const second = await reIdentify(account('李主任'));
    expect(second.events.moved).toBe(3);
    expect(second.events.unresolved).toBe(0);
    const live = await liveDocs();
    expect(JSON.stringify(live)).not.toContain(old);
    expect(live.filter((d) => d.author === '王老师' && d.studentId === now)).toHaveLength(3);

    // The teacher's device pulls them under the new id and drops the old copies the server retired.
    await syncOnce(teacher, account('王老师'));
    await syncOnce(teacher, account('王老师'));
    const local = await teacher.events.find({ selector: { author: '王老师' } }).exec();
    expect(local.map((e) => [e.kind, e.studentId]).sort()).toEqual([
      ['absence', now],
      ['homeVisit', now],
      ['riskNote', now],
    ]);
    expect((await readStatus(teacher)).heldBack ?? 0).toBe(0);
    await done(teacher);
    await done(registrar);
  });

  it('is still refused to a teacher of another class', async () => {
    const oldKeys = await schoolKeyring(account('李主任'));
    // The keyring keeps the retired id key for the office (`was`): the old hash of a child of 王老师's class.
    expect(oldKeys.data.office?.was).toBeTruthy();
    const old = (await oldHashId(oldKeys, mine[1]!.grbsm))!;
    const zhao = await device();
    await syncOnce(zhao, account('赵老师'));
    const at = Date.now();
    await zhao.events.bulkInsert([
      {
        id: `homeVisit:${at}:zhao`,
        kind: 'homeVisit',
        studentId: old,
        author: '赵老师',
        at,
        recordedAt: at,
        data: { method: 'phone', visitorRole: 'teacher' },
      },
    ]);
    await syncOnce(zhao, account('赵老师'));
    expect((await readStatus(zhao)).heldBack).toBe(1);
    expect((await liveDocs()).filter((d) => d.author === '赵老师')).toHaveLength(0);
  });
});
