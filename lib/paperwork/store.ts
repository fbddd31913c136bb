/**
 * Paperwork against the store: the school's settings, every case's checklist from its receipts (append-
 * only `documentReceived` events), the tasks that follow, and ticking a document. Used by the background
 * (for the overlay) and by extension pages.
 */
import type { BaoxueDatabase } from '../db/database';
import { writeSetting } from '../db/settingValue';
import type { ChecklistResult } from '../messaging';
import type { BaoxueEvent, StatusChangeCase, Student, Task } from '../records';
import { dayString } from './calendar';
import { type Checklist, checkCase, latestReceipts } from './checklist';
import { paperworkConsequences } from './consequences';
import { DESTINATION_CODE, type DestinationKind } from './destination';
import { contextFrom, type PaperworkSettings, parseSettings, SETTINGS_ID } from './settings';

export const todayString = (now = new Date()) => dayString(now);

export async function readSettings(db: BaoxueDatabase): Promise<PaperworkSettings> {
  return parseSettings((await db.settings.findOne(SETTINGS_ID).exec())?.value);
}

export async function writeSettings(db: BaoxueDatabase, settings: PaperworkSettings): Promise<void> {
  await writeSetting(db, SETTINGS_ID, settings);
}

export interface CaseCheck {
  c: StatusChangeCase;
  list: Checklist;
}

/**
 * Every case's checklist (a case's rules may look at the student's other cases, and at the student's
 * record: the roll's grade, the 学籍卡's 休学 term and 处分).
 */
export function checkAll(
  cases: StatusChangeCase[],
  events: BaoxueEvent[],
  settings: PaperworkSettings,
  today: string,
  students: Student[] = [],
): CaseCheck[] {
  const ctx = contextFrom(settings);
  const receiptEvents = events.filter((e) => e.kind === 'documentReceived');
  const byId = new Map(students.map((s) => [s.id, s]));
  return cases.map((c) => ({
    c,
    list: checkCase(c, {
      ...ctx,
      today,
      receipts: latestReceipts(receiptEvents, c.id),
      allCases: cases,
      students: byId,
    }),
  }));
}

/** The students some cases are about (only those: a county's roll can be 50,000). */
export async function studentsOf(db: BaoxueDatabase, cases: StatusChangeCase[]): Promise<Student[]> {
  const ids = [...new Set(cases.map((c) => c.xjh).filter(Boolean))];
  if (!ids.length) return [];
  return [...(await db.students.findByIds(ids).exec()).values()].map((d) => d.toJSON() as Student);
}

export async function loadChecks(db: BaoxueDatabase, today = todayString()): Promise<CaseCheck[]> {
  const [cases, events, settings] = await Promise.all([
    db.cases.find().exec(),
    db.events.find({ selector: { kind: 'documentReceived' } }).exec(),
    readSettings(db),
  ]);
  const plain = cases.map((d) => d.toJSON() as StatusChangeCase);
  return checkAll(
    plain,
    events.map((e) => e.toJSON() as BaoxueEvent),
    settings,
    today,
    await studentsOf(db, plain),
  );
}

/**
 * Brings the paperwork tasks in line with the checklists: a new consequence opens a task (once), one that
 * no longer holds (documents arrived, 复学 filed) closes its open task.
 */
export async function syncPaperworkTasks(
  db: BaoxueDatabase,
  checks: CaseCheck[],
  now = Date.now(),
): Promise<void> {
  const { tasks } = paperworkConsequences(checks, now);
  const existing = await db.tasks
    .find({ selector: { kind: { $in: ['urge-transfer', 'suspension-expired'] } } })
    .exec();
  const byId = new Map(existing.map((d) => [d.id, d.toJSON() as Task]));
  const wanted = new Set(tasks.map((t) => t.id));
  const writes: Task[] = tasks.filter((t) => !byId.has(t.id));
  for (const t of byId.values())
    if (t.state === 'open' && !wanted.has(t.id))
      writes.push({ ...t, state: 'done', closedBy: 'paperwork', updatedAt: now });
  if (writes.length) await db.tasks.bulkUpsert(writes);
}

export async function tickDocument(
  db: BaoxueDatabase,
  input: {
    caseId: string;
    doc: string;
    state: 'received' | 'withdrawn';
    by: string;
    note: string;
    /** On the `destination` entry: where the child went (学生流出去向). */
    destination?: { kind: DestinationKind; place: string };
  },
  now = Date.now(),
): Promise<void> {
  const dest: Record<string, string> =
    input.doc === DESTINATION_CODE && input.destination
      ? { destKind: input.destination.kind, dest: input.destination.place }
      : {};
  await db.events.insert({
    id: `doc:${input.caseId}:${input.doc}:${now}:${Math.random().toString(36).slice(2, 8)}`,
    kind: 'documentReceived',
    studentId: '', // about the case, not a student
    caseId: input.caseId,
    author: input.by,
    at: now,
    recordedAt: now,
    data: { doc: input.doc, state: input.state, note: input.note, ...dest },
  });
}

/** One case with its checklist, for the overlay panel and the printed 清单. */
export async function caseChecklist(db: BaoxueDatabase, caseId: string): Promise<ChecklistResult> {
  const settings = await readSettings(db);
  const found = (await loadChecks(db)).find((x) => x.c.id === caseId);
  return {
    case: found?.c ?? null,
    checklist: found?.list ?? null,
    verifier: settings.verifier,
    schoolName: settings.schoolName,
  };
}
