import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import type { StatusChangeCase } from '../records';
import { knownFlags } from '../roll/save';
import { DEFAULT_CALENDAR, lastSchoolDays } from '../time/calendar';
import { todayString } from '../time/day';
import { type DerivePass, type Deriving, startDeriving } from './engine';
import { currentChecks } from './paperwork';

let db: BaoxueDatabase | undefined;
let deriving: Deriving | undefined;
afterEach(async () => {
  deriving?.stop();
  await db?.remove();
  db = deriving = undefined;
});

const open = async () =>
  openDatabase({ name: `derive${Math.random().toString(36).slice(2)}`, storage: getRxStorageDexie() });

/** Whole days away, as another device's marks arrive by replication: plain documents in the store. */
const absences = (studentId: string, days: string[], author = '王老师') =>
  days.map((date, i) => ({
    id: `absence:${studentId}:${date}:${i}`,
    kind: 'absence' as const,
    studentId,
    author,
    at: Date.now(),
    recordedAt: Date.now(),
    data: { date, half: 'day', mark: 'unexcused', reason: '' },
  }));

const aCase = (over: Partial<StatusChangeCase> = {}): StatusChangeCase => ({
  id: 'case-1',
  xjh: 'G1',
  name: '甲',
  grade: '七年级',
  className: '七年级1班',
  changeType: '转出',
  reason: '随父母务工',
  changeDate: '2026-10-12',
  appliedDate: '2026-10-12',
  reviewStatus: '待审核',
  currentUnit: '本校',
  toSchool: '',
  fromSchool: '',
  flags: [],
  source: { host: 'h', pageKind: 'status-change-apply', seenAt: 1 },
  updatedAt: 1,
  ...over,
});

it('puts a child on the 风险名单 with a task when marks arrive, with no page recomputing anything', async () => {
  db = await open();
  await db.students.bulkInsert([
    makeStudent({ id: 'G1', xjh: 'G1', name: '甲' }),
    makeStudent({ id: 'G2', xjh: 'G2', name: '乙' }),
  ]);
  const passes: DerivePass[] = [];
  deriving = startDeriving(db, { delayMs: 10, onPass: (p) => passes.push(p) });
  await deriving.idle();
  expect(await db.risks.count().exec()).toBe(0);

  await db.events.bulkInsert(absences('G1', lastSchoolDays(3, todayString(), DEFAULT_CALENDAR)) as never);
  await deriving.idle();
  const risk = await db.risks.findOne('G1').exec();
  expect(risk?.streakDays).toBe(3);
  expect(risk?.tier).toBeDefined();
  const tasks = await db.tasks.find({ selector: { studentId: 'G1' } }).exec();
  expect(tasks.some((t) => t.kind.startsWith('ladder-') && t.state !== 'done')).toBe(true);
  // Only the child the marks are about was recomputed, not the school.
  expect(passes.at(-1)).toMatchObject({ mode: 'incremental', recomputed: 1 });
});

it('catches up on what changed while the worker slept, from its stored position', async () => {
  db = await open();
  await db.students.insert(makeStudent({ id: 'G1', xjh: 'G1', name: '甲' }));
  deriving = startDeriving(db, { delayMs: 10 });
  await deriving.idle();
  deriving.stop(); // the worker stops after 30 s idle

  // Meanwhile a dashboard page pulls a colleague's marks from the school's server.
  await db.events.bulkInsert(absences('G1', lastSchoolDays(2, todayString(), DEFAULT_CALENDAR)) as never);
  expect(await db.risks.findOne('G1').exec()).toBeNull();

  const passes: DerivePass[] = [];
  deriving = startDeriving(db, { delayMs: 10, onPass: (p) => passes.push(p) }); // woken
  await deriving.idle();
  expect((await db.risks.findOne('G1').exec())?.streakDays).toBe(2);
  expect(passes[0]).toMatchObject({ mode: 'incremental', recomputed: 1 });
});

it('keeps paperwork tasks current as cases and receipts change', async () => {
  db = await open();
  await db.students.insert(makeStudent({ id: 'G1', xjh: 'G1', name: '甲' }));
  deriving = startDeriving(db, { delayMs: 10 });
  await db.cases.insert(aCase()); // an overdue 转出, filed weeks ago with nothing received
  await deriving.idle();
  expect((await db.tasks.find().exec()).map((t) => [t.kind, t.state])).toEqual([['urge-transfer', 'open']]);
  expect((await currentChecks(db)).map((x) => x.c.id)).toEqual(['case-1']);

  // Approved at the receiving end: the 转出 is done and its task closes.
  await db.cases.upsert(aCase({ reviewStatus: '审核通过', updatedAt: 2 }));
  await deriving.idle();
  const [task] = await db.tasks.find().exec();
  expect(task?.state).toBe('done');
});

it('answers the overlay’s badge question without writing anything', async () => {
  db = await open();
  await db.students.insert(makeStudent({ id: 'G1', xjh: 'G1', name: '甲' }));
  await db.cases.insert(aCase());
  const known = await knownFlags(db, ['case-1', 'G1']);
  expect(known.paperwork['case-1']?.known).toBe(true);
  // Before, a badge lookup wrote the paperwork tasks: reads stay reads.
  expect(await db.tasks.count().exec()).toBe(0);
});

it('brings a pull’s batch of many children up to date the same as one child at a time', async () => {
  db = await open();
  const ids = Array.from({ length: 60 }, (_, i) => `G${100 + i}`);
  await db.students.bulkInsert(ids.map((id) => makeStudent({ id, xjh: id, name: id })));
  const passes: DerivePass[] = [];
  deriving = startDeriving(db, { delayMs: 10, onPass: (p) => passes.push(p) });
  await deriving.idle();
  const days = lastSchoolDays(3, todayString(), DEFAULT_CALENDAR);
  // 60 children in one write (more than are read one by one), two of them already back on the third day.
  await db.events.bulkInsert(ids.flatMap((id, i) => absences(id, i < 2 ? days.slice(0, 2) : days)) as never);
  await deriving.idle();
  expect(passes.at(-1)).toMatchObject({ mode: 'incremental', recomputed: 60 });
  const risks = await db.risks.find().exec();
  expect(risks).toHaveLength(60);
  expect(risks.filter((r) => r.streakDays === 3)).toHaveLength(58);
  const openTasks = await db.tasks.find({ selector: { kind: { $regex: '^ladder-' }, state: 'open' } }).exec();
  expect(new Set(openTasks.map((t) => t.studentId)).size).toBe(60);
});
