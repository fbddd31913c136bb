/**
 * 更换编号密钥 (issue 16) through the real gateway: a school from before the office's id key, whose teachers hold
 * the key that hashes 学籍号s. A teacher's device takes its class and records an absence, a 家访 and a 重点生
 * designation; the registrar's device runs the re-id (lib/sync/reid.ts), twice. Afterwards no live document on
 * the server has a child's old hash as its id or as the child it names; the teacher's device, after its next
 * sync, holds its class under the new ids only (and its records), holds no key that hashes a 学籍号, and can still
 * record; a fresh registrar device finds each child by 学籍号 and each event resolves to its child.
 */
import { describe, expect, it, vi } from 'vitest';
import { grantMember, schoolKeyring } from '../lib/sync/keys';
import { reIdentify } from '../lib/sync/reid';
import { syncOnce } from '../lib/sync/replicate';
import { hashId, NoIdKeyError } from '../lib/sync/sealed';
import { oldSchool } from '../tests/support/old-school';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

const { mine, others, account, device, done, student, liveDocs, teacherRecords } = oldSchool();

describe('更换编号密钥: a school whose teachers hold the id key', () => {
  it('moves every record to ids made with an office-only key; teachers keep their class and records', async () => {
    const registrar = await device();
    await registrar.students.bulkInsert([...mine, ...others].map(student));
    await syncOnce(registrar, account('李主任'));
    const oldKeys = await schoolKeyring(account('李主任'));
    const oldHash = new Map(
      await Promise.all(mine.map(async (s) => [s.grbsm, await hashId(oldKeys, s.grbsm)] as const)),
    );

    // The teacher's device: its class under the old hashes; it records about its first child.
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    expect((await teacher.students.find().exec()).map((s) => s.id).sort()).toEqual(
      [...oldHash.values()].sort(),
    );
    // Today's flaw: the teacher's keyring hashes a 学籍号 to the child's id.
    expect(await hashId(await schoolKeyring(account('王老师')), mine[0]!.grbsm)).toBe(
      oldHash.get(mine[0]!.grbsm),
    );
    const now = Date.now();
    const first0 = mine[0]!.grbsm;
    // The registrar marks the child absent; the teacher's device holds that under the server's id and corrects it.
    const marked = `absence:${first0}:2026-11-21:am`;
    await registrar.events.insert({
      id: marked,
      kind: 'absence',
      studentId: first0,
      author: '李主任',
      at: now,
      recordedAt: now,
      data: { date: '2026-11-21', half: 'am', mark: 'unexcused' },
    });
    await syncOnce(registrar, account('李主任'));
    await syncOnce(teacher, account('王老师'));
    const markedThere = (await teacher.events.find().exec()).find((e) => e.author === '李主任')!;
    expect(markedThere.id).toMatch(/^h-/);
    await teacher.events.bulkInsert([
      ...teacherRecords(oldHash.get(first0)!, 'a', now),
      {
        id: `absence:${oldHash.get(first0)}:2026-11-21:am:fix`,
        kind: 'absence',
        studentId: oldHash.get(first0)!,
        supersedes: markedThere.id,
        author: '王老师',
        at: now,
        recordedAt: now,
        data: { date: '2026-11-21', half: 'am', mark: 'excused' },
      },
    ]);
    await syncOnce(teacher, account('王老师'));
    expect((await readDocs('events')).length).toBe(5);

    // A teacher's device cannot run it (no office key): refused in words, nothing changed.
    await expect(reIdentify(account('王老师'))).rejects.toThrow(/err_reid_no_office/);
    expect(await hashId(await schoolKeyring(account('李主任')), first0)).toBe(oldHash.get(first0));
    // The registrar runs it; a second run finds nothing left to do.
    const first = await reIdentify(account('李主任'));
    expect(first.students.moved).toBe(mine.length + others.length);
    expect(first.events).toMatchObject({ moved: 5, retired: 5, unresolved: 0, refused: 0 });
    const second = await reIdentify(account('李主任'));
    expect(Object.values(second).every((c) => c.moved + c.retired + c.refused === 0)).toBe(true);

    // No live document is under a child's old hash, or names a child by it.
    const live = await liveDocs();
    const text = JSON.stringify(live);
    for (const h of oldHash.values()) expect(text).not.toContain(h);
    const newKeys = await schoolKeyring(account('李主任'));
    const newHash = new Map(
      await Promise.all(mine.map(async (s) => [s.grbsm, await hashId(newKeys, s.grbsm)] as const)),
    );
    expect(live.map((d) => d._id)).toEqual(expect.arrayContaining([...newHash.values()]));

    // The teacher's device after its next sync: the class under the new ids only, its records about the child.
    await syncOnce(teacher, account('王老师'));
    await syncOnce(teacher, account('王老师'));
    expect((await teacher.students.find().exec()).map((s) => s.id).sort()).toEqual(
      [...newHash.values()].sort(),
    );
    const child = newHash.get(mine[0]!.grbsm)!;
    const held = await teacher.events.find().exec();
    expect(held.map((e) => [e.kind, e.studentId]).sort()).toEqual(
      [
        ['absence', child],
        ['absence', child],
        ['absence', child],
        ['homeVisit', child],
        ['riskNote', child],
      ].sort(),
    );
    expect(JSON.stringify(held.map((e) => e.toJSON()))).not.toContain(oldHash.get(mine[0]!.grbsm)!);
    // It holds no key that hashes a 学籍号 any more, and records as before (named by the id it holds).
    const teacherKeys = await schoolKeyring(account('王老师'));
    await expect(hashId(teacherKeys, mine[1]!.grbsm)).rejects.toThrow(NoIdKeyError);
    expect(JSON.stringify(teacherKeys.data)).not.toContain(oldKeys.data.hmac);
    await teacher.events.bulkInsert(teacherRecords(newHash.get(mine[1]!.grbsm)!, 'b', Date.now()));
    await syncOnce(teacher, account('王老师'));
    await done(teacher);

    // A fresh registrar device: each child by 学籍号, each of the teacher's records resolved to its child.
    const fresh = await device();
    await syncOnce(fresh, account('李主任'));
    for (const s of [...mine, ...others])
      expect((await fresh.students.findOne(s.grbsm).exec())?.idNumber).toBe(s.sfzjh);
    const events = await fresh.events.find().exec();
    expect(events.map((e) => e.studentId).sort()).toEqual(
      [...Array(5).fill(first0), ...Array(3).fill(mine[1]!.grbsm)].sort(),
    );
    expect(events.filter((e) => e.author === '王老师')).toHaveLength(7);
    // The teacher's correction still points at the registrar's mark, under its new id.
    expect(events.find((e) => e.id.endsWith(':fix'))?.supersedes).toBe(marked);
    expect(events.find((e) => e.id === marked)?.author).toBe('李主任');
    // A teacher granted keys afterwards gets no id key either.
    await grantMember(account('李主任'), '赵老师', 'teacher2-pw');
    await expect(hashId(await schoolKeyring(account('赵老师')), mine[0]!.grbsm)).rejects.toThrow(
      NoIdKeyError,
    );
    await done(fresh);
    await done(registrar);
  });
});

async function readDocs(c: 'events'): Promise<Record<string, unknown>[]> {
  return (await liveDocs()).filter((d) => typeof d.kind === 'string' && c === 'events');
}
