import { addRxPlugin } from 'rxdb';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateZSchemaStorage } from 'rxdb/plugins/validate-z-schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { zh } from '../coded.testing';
import { writeDeviceUser } from '../commands/author';
import { runCommand } from '../commands/run';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import type { Half, Mark } from '../risk/absences';
import { computeRisk } from '../risk/engine';
import { type RiskIndexInputs, refreshRiskIndex, toSummary } from './riskIndex';
import { ladderTasksOf } from './tasks';

addRxPlugin(RxDBDevModePlugin);

let db: BaoxueDatabase;
let n = 0;
beforeEach(async () => {
  db = await openDatabase({
    name: `risk${Date.now()}${n++}`,
    storage: wrappedValidateZSchemaStorage({ storage: getRxStorageDexie() }),
    multiInstance: false,
  });
  await db.students.bulkInsert(
    ['A', 'B', 'C'].map((id, i) => makeStudent({ id, xjh: id, name: `生${i}`, className: '七年级1班' })),
  );
});
afterEach(async () => {
  await db.remove();
});

const on = (today: string, paperwork: RiskIndexInputs['paperwork'] = []): RiskIndexInputs => ({
  paperwork,
  today,
  now: 1_000,
  opts: {},
});
const mark = async (studentId: string, date: string, m: Mark = 'unexcused', half: Half = 'day') => {
  await writeDeviceUser(db, { name: '王老师', role: 'teacher' });
  await runCommand(db, 'absence/record', { marks: [{ studentId, date, half, mark: m }] });
};
const list = async () =>
  (await db.risks.find({ sort: [{ rank: 'asc' }, { id: 'asc' }] }).exec()).map((d) => ({
    id: d.id,
    tier: d.tier,
    reasons: d.reasons.map(zh),
  }));

describe('the stored at-risk list', () => {
  it('holds on a first run what computing every student gives, most urgent first', async () => {
    await mark('B', '2026-11-18');
    await mark('B', '2026-11-19');
    await mark('B', '2026-11-20');
    await mark('A', '2026-11-20');
    expect(await refreshRiskIndex(db, on('2026-11-20'))).toEqual({ mode: 'full', recomputed: 2 });
    const events = (await db.events.find().exec()).map((e) => e.toJSON());
    const students = (await db.students.find().exec()).map((s) => s.toJSON());
    const expected = computeRisk(students as never, events as never, [], '2026-11-20', 1_000);
    const stored = (await db.risks.find({ sort: [{ id: 'asc' }] }).exec()).map((d) => d.toJSON());
    expect(stored).toEqual(expected.map((r) => toSummary(r, 1_000)));
    const tasks = (await db.tasks.find(ladderTasksOf()).exec()).map((d) => d.toJSON());
    expect(tasks).toEqual(expected.flatMap((r) => r.tasks).sort((a, b) => a.id.localeCompare(b.id)));
    expect((await list()).map((r) => [r.id, r.tier])).toEqual([
      ['B', 'urgent'],
      ['A', 'watch'],
    ]);
  });

  it('recomputes only the student a new record names, and nothing when nothing changed', async () => {
    await mark('A', '2026-11-20');
    expect((await refreshRiskIndex(db, on('2026-11-20'))).mode).toBe('full');
    // A full pass takes its position just before it reads (lib/derive/riskIndex.ts), so a record written in
    // that last millisecond is looked at once more by the next run (at most A here); after that, nothing.
    expect((await refreshRiskIndex(db, on('2026-11-20'))).recomputed).toBeLessThanOrEqual(1);
    expect(await refreshRiskIndex(db, on('2026-11-20'))).toEqual({ mode: 'unchanged', recomputed: 0 });
    await mark('C', '2026-11-19');
    await mark('C', '2026-11-20');
    expect(await refreshRiskIndex(db, on('2026-11-20'))).toEqual({ mode: 'incremental', recomputed: 1 });
    expect(await list()).toEqual([
      { id: 'C', tier: 'warning', reasons: expect.arrayContaining(['连续缺课 2 天']) },
      { id: 'A', tier: 'watch', reasons: expect.arrayContaining(['本学期缺课 1 天']) },
    ]);
  });

  it('closes a student’s tasks when a visit is logged, and drops the student when the child is back', async () => {
    await mark('A', '2026-11-20');
    await refreshRiskIndex(db, on('2026-11-20'));
    const contact = async () =>
      (await db.tasks.find(ladderTasksOf('A')).exec()).find((t) => t.kind === 'ladder-report-and-call')
        ?.state;
    expect(await contact()).toBe('open');
    await runCommand(db, 'visit/record', {
      studentId: 'A',
      date: '2026-11-20',
      method: 'phone',
      visitorRole: 'teacher',
      reason: '缺课',
    });
    await refreshRiskIndex(db, on('2026-11-20'));
    expect(await contact()).toBe('done');
    // A correction: the child was at school after all.
    await mark('A', '2026-11-20', 'present');
    await refreshRiskIndex(db, on('2026-11-20'));
    expect(await list()).toEqual([]);
    const open = (await db.tasks.find().exec()).filter((t) => t.state === 'open' || t.state === 'escalated');
    expect(open).toEqual([]);
  });

  it('recomputes everyone on a new school day, when the streak has grown', async () => {
    await mark('A', '2026-11-19');
    await mark('A', '2026-11-20');
    await refreshRiskIndex(db, on('2026-11-20'));
    await mark('A', '2026-11-23');
    expect((await refreshRiskIndex(db, on('2026-11-23'))).mode).toBe('full');
    expect(await list()).toEqual([
      { id: 'A', tier: 'urgent', reasons: expect.arrayContaining(['疑似辍学：连续缺课 3 天']) },
    ]);
  });

  it('follows a roster change and a paperwork consequence for the students they concern', async () => {
    await mark('A', '2026-11-20');
    await refreshRiskIndex(db, on('2026-11-20'));
    await db.students.upsert(makeStudent({ id: 'A', xjh: 'A', name: '新名字', className: '七年级2班' }));
    const overdue = {
      xjh: 'B',
      name: '生1',
      className: '七年级1班',
      reason: 'transfer-overdue' as const,
      caseId: 'k',
      since: '2026-11-10',
    };
    expect(await refreshRiskIndex(db, on('2026-11-20', [overdue]))).toEqual({
      mode: 'incremental',
      recomputed: 2,
    });
    expect((await db.risks.findOne('A').exec())?.student.name).toBe('新名字');
    expect((await db.risks.findOne('B').exec())?.tier).toBe('urgent');
    // The case is completed: the consequence goes, and so does the student.
    await refreshRiskIndex(db, on('2026-11-20', []));
    expect((await list()).map((r) => r.id)).toEqual(['A']);
  });
});
