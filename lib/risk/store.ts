/**
 * Absences, visits and the ladder against the store: marks and visits are append-only events; ladder
 * tasks are derived from them and kept in step; every student's tier is computed with its reasons.
 */

import { queryPlain, upsertInChunks } from '../db/bulk';
import type { BaoxueDatabase } from '../db/database';
import {
  beijingInstant,
  DEFAULT_CALENDAR,
  type HolidayCalendar,
  schoolDaysBetween,
} from '../paperwork/calendar';
import type { AtRiskEntry } from '../paperwork/consequences';
import type { BaoxueEvent, Student, Task } from '../records';
import {
  type AbsenceMark,
  absenceFromEvent,
  absenceRate,
  currentStreak,
  dayStates,
  type ExcusedHalfDay,
  type Half,
  type Mark,
} from './absences';
import { standing } from './corrections';
import { dropoutFollowUpTasks, keyCheckTasks, noticeOverdue, townshipReportTask } from './followUp';
import { type KeyStudent, keyStudents } from './keyStudents';
import { DEFAULT_LADDER, type LadderStep, ladderTasks, mobiliseTask, suspectedDropoutDays } from './ladder';
import { openCaseOf, type PersuasionCase, type PersuasionStep, persuasionCases } from './persuasion';
import { semesterOf } from './quotas';
import { riskTier, type Tier } from './tiers';

/** The records a student's risk is computed from. */
export const RISK_EVENT_KINDS = ['absence', 'homeVisit', 'riskNote', 'persuasionAttempt'] as const;

const id = (prefix: string, now: number) => `${prefix}:${now}:${Math.random().toString(36).slice(2, 8)}`;

export async function recordAbsence(
  db: BaoxueDatabase,
  a: { studentId: string; date: string; half: Half; mark: Mark; reason: string; by: string },
  now = Date.now(),
): Promise<void> {
  await db.events.insert({
    id: id(`absence:${a.studentId}:${a.date}`, now),
    kind: 'absence',
    studentId: a.studentId,
    author: a.by,
    at: now,
    recordedAt: now,
    data: { date: a.date, half: a.half, mark: a.mark, reason: a.reason },
  });
}

export interface VisitInput {
  studentId: string;
  date: string;
  method: '上门' | '电话' | '微信';
  visitorRole: 'teacher' | 'leader' | 'subjectTeacher';
  by: string;
  reason: string;
  situation: string;
  parentOpinion: string;
  measures: string;
  nextStep: string;
  /** The visit record this one corrects. */
  supersedes?: string;
}

/** A 家访 record (domain.md §5 fields). `at` is the visit's day, so it can close that day's ladder step. */
export async function recordVisit(db: BaoxueDatabase, v: VisitInput, now = Date.now()): Promise<void> {
  const at = beijingInstant(v.date); // noon in Beijing: that day in any device zone
  await db.events.insert({
    id: id(`visit:${v.studentId}`, now),
    kind: 'homeVisit',
    studentId: v.studentId,
    author: v.by,
    at,
    recordedAt: now,
    ...(v.supersedes ? { supersedes: v.supersedes } : {}),
    data: {
      method: v.method,
      visitorRole: v.visitorRole,
      reason: v.reason,
      situation: v.situation,
      parentOpinion: v.parentOpinion,
      measures: v.measures,
      nextStep: v.nextStep,
    },
  });
}

export type StudentRef = Pick<Student, 'id' | 'xjh' | 'name' | 'className' | 'specialGroups'>;

export interface StudentRisk {
  student: StudentRef;
  /** The open 劝返 case, if there is one. */
  persuasion?: PersuasionCase;
  /** The 重点生 designation, if the class named this student one. */
  key?: KeyStudent;
  tier?: Tier;
  reasons: string[];
  streakDays: number;
  tasks: Task[];
}

export type RiskOptions = {
  calendar?: HolidayCalendar;
  ladder?: LadderStep[];
  termStart?: string;
  /** What an excused half-day does to a run of absence (default: ends it). */
  excused?: ExcusedHalfDay;
};

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list) list.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}

/** Everything shared across students, prepared once; then one student's risk at a time. */
function riskComputer(
  students: Student[],
  events: BaoxueEvent[],
  paperwork: AtRiskEntry[],
  today: string,
  now: number,
  opts: RiskOptions,
): { refs: StudentRef[]; riskOf(s: StudentRef): StudentRisk | undefined } {
  const cal = opts.calendar ?? DEFAULT_CALENDAR;
  const ladder = opts.ladder ?? DEFAULT_LADDER;
  // Everything below is per student, from that student's own records, so the work splits into chunks
  // with nothing large prepared up front.
  const eventsOf = groupBy(
    standing(events).filter((e) => e.studentId),
    (e) => e.studentId,
  );
  const paperworkOf = groupBy(paperwork, (p) => p.xjh);
  const { from } = semesterOf(today);
  const termDays = schoolDaysBetween(opts.termStart || from, today, cal);
  // A case can name a student the store has not read a roster row for: still on the list.
  const known = new Set(students.map((s) => s.id));
  const others = new Map<string, StudentRef>();
  for (const p of paperwork)
    if (!known.has(p.xjh)) others.set(p.xjh, { id: p.xjh, xjh: p.xjh, name: p.name, className: p.className });
  // Only a student with a record can have a tier: a school of 3,000 or a county of 50,000 is mostly
  // children with nothing noted, and they cost nothing here.
  const refs = [...students.filter((x) => eventsOf.has(x.id) || paperworkOf.has(x.id)), ...others.values()];
  const riskOf = (student: StudentRef): StudentRisk | undefined => {
    const own = eventsOf.get(student.id) ?? [];
    // Special groups a teacher entered (单亲, 学困 …) join those the 学籍 fields carry: context, never a score.
    const extra = enteredGroups(own).get(student.id);
    const s = extra
      ? { ...student, specialGroups: [...new Set([...(student.specialGroups ?? []), ...extra])] }
      : student;
    const cases = persuasionCases(own);
    const key = keyStudents(own, today).get(s.id);
    // A return (返校) recorded on a 劝返 case is a day at school: it ends the absence streak.
    const returns: AbsenceMark[] = cases
      .filter((c) => c.returnedOn)
      .map((c) => ({
        studentId: c.studentId,
        date: c.returnedOn!,
        half: 'day',
        mark: 'present',
        reason: '返校',
        by: '',
        at: c.steps.at(-1)!.at,
      }));
    const days = dayStates([...own.map(absenceFromEvent).filter((m) => m !== null), ...returns]).get(s.id);
    const absent = currentStreak(days, today, cal, { excused: opts.excused ?? 'ends' });
    // A 劝返 case closed by the child's return ends the streak it was opened for (动态销号).
    const back = cases.some((c) => c.returnedOn && absent.start && c.returnedOn >= absent.start);
    const streak = back ? { days: 0, reached: [] } : absent;
    const records = own.filter((e) => e.kind !== 'absence');
    const tasks = ladderTasks(s, streak, records, ladder, today, cal, now);
    const fullDays = new Set(
      [...(days ?? [])].filter(([, d]) => d.am === 'unexcused' && d.pm === 'unexcused').map(([date]) => date),
    );
    const mobilise = mobiliseTask(s, fullDays, termDays, records, today, now);
    if (mobilise) tasks.push(mobilise);
    const mine = paperworkOf.get(s.id) ?? [];
    const openCase = openCaseOf(cases, s.id);
    // After the ladder: the 乡镇政府 told when a 返校通知书 deadline passed, a dropout followed up twice a
    // semester, a 重点生's file checked monthly (lib/risk/followUp.ts).
    const township = openCase && townshipReportTask(s, openCase, today, cal, now);
    if (township) tasks.push(township);
    if (openCase) tasks.push(...dropoutFollowUpTasks(s, openCase, records, today, now));
    if (key) tasks.push(...keyCheckTasks(s, key, records, today, now));
    const overdueNotice = noticeOverdue(openCase, today);
    const { tier, reasons } = riskTier({
      streak,
      term: absenceRate(days, from, today, cal),
      escalatedTasks: tasks.filter((t) => t.state === 'escalated').length,
      transferOverdue: mine.find((p) => p.reason === 'transfer-overdue')?.since,
      suspensionExpired: mine.find((p) => p.reason === 'suspension-expired')?.since,
      persuasionOpen: !!openCase,
      ...(overdueNotice
        ? { noticeOverdue: { deadline: overdueNotice, reported: township?.state === 'done' } }
        : {}),
      persuasionOutcome: openCase?.steps.filter((x) => x.outcome).at(-1)?.outcome,
      notArrived: mobilise?.state === 'open',
      suspectedDropoutDays: suspectedDropoutDays(ladder),
      keyStudent: !!key,
      keyVisitOverdue: key?.visitOverdue,
    });
    if (!tier && !tasks.length) return undefined;
    return {
      student: s,
      tier,
      reasons,
      streakDays: streak.days,
      tasks,
      persuasion: openCase,
      key,
    };
  };
  return { refs, riskOf };
}

/** Every student's ladder tasks and tier, from events, paperwork consequences and the calendar. */
export function computeRisk(
  students: Student[],
  events: BaoxueEvent[],
  paperwork: AtRiskEntry[],
  today: string,
  now: number,
  opts: RiskOptions = {},
): StudentRisk[] {
  const { refs, riskOf } = riskComputer(students, events, paperwork, today, now, opts);
  return refs.map(riskOf).filter((r) => r !== undefined);
}

/**
 * The same, a few hundred students per task with the main thread given back between them, so a county's
 * list never freezes the page. `onChunk` reports each chunk's duration (for the bench).
 */
export async function computeRiskInChunks(
  students: Student[],
  events: BaoxueEvent[],
  paperwork: AtRiskEntry[],
  today: string,
  now: number,
  opts: RiskOptions = {},
  chunk = 250,
  onChunk?: (ms: number) => void,
): Promise<StudentRisk[]> {
  let t = performance.now();
  const { refs, riskOf } = riskComputer(students, events, paperwork, today, now, opts);
  const out: StudentRisk[] = [];
  for (let i = 0; i < refs.length; i += chunk) {
    for (const s of refs.slice(i, i + chunk)) {
      const r = riskOf(s);
      if (r) out.push(r);
    }
    onChunk?.(performance.now() - t);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    t = performance.now();
  }
  return out;
}

/** The query for a student's ladder and follow-up tasks (by the studentId index), or every student's. */
export function ladderTasksOf(studentId?: string) {
  const ladder = { $regex: '^(ladder|followup)-' };
  return { selector: studentId ? { studentId, kind: ladder } : { kind: ladder } };
}

/**
 * Keeps stored ladder tasks in step with the computed ones: new or changed tasks are written; an open
 * task of a streak that has ended (the child is back) is closed as such. With `scope`, only those
 * students' risks were computed, and only their tasks are touched.
 */
export async function syncLadderTasks(
  db: BaoxueDatabase,
  risks: StudentRisk[],
  now = Date.now(),
  scope?: Set<string>,
): Promise<void> {
  const computed = new Map(risks.flatMap((r) => r.tasks).map((t) => [t.id, t]));
  const stored = scope
    ? (await Promise.all([...scope].map((sid) => queryPlain(db.tasks, ladderTasksOf(sid))))).flat()
    : await queryPlain(db.tasks, ladderTasksOf());
  const storedById = new Map(stored.map((d) => [d.id, d]));
  const writes: Task[] = [];
  for (const t of computed.values()) {
    const s = storedById.get(t.id);
    if (!s) writes.push(t);
    else if (s.state !== t.state || s.due !== t.due || s.closedBy !== t.closedBy)
      writes.push({ ...t, createdAt: s.createdAt, updatedAt: now });
  }
  // An open ladder task of a run that has ended (the child is back) is done as such; an open follow-up no
  // longer asked for (the case closed, the 重点生 designation ended, a new semester) is cancelled.
  for (const s of storedById.values())
    if (!computed.has(s.id) && (s.state === 'open' || s.state === 'escalated'))
      writes.push(
        s.kind.startsWith('followup-')
          ? { ...s, state: 'cancelled', updatedAt: now }
          : { ...s, state: 'done', closedBy: 'returned', updatedAt: now },
      );
  await upsertInChunks(db.tasks, writes);
}

/** One step of a 劝返 case (opening one when `caseId` is not given). Returns the case id. */
export async function recordPersuasion(
  db: BaoxueDatabase,
  p: {
    studentId: string;
    caseId?: string;
    step: PersuasionStep;
    by: string;
    method?: string;
    outcome?: string;
    deadline?: string;
    date?: string;
  },
  now = Date.now(),
): Promise<string> {
  const caseId = p.caseId ?? `persuasion:${p.studentId}:${now}`;
  await db.events.insert({
    id: id(`persuasion:${p.step}`, now),
    kind: 'persuasionAttempt',
    studentId: p.studentId,
    caseId,
    author: p.by,
    at: now,
    recordedAt: now,
    data: {
      step: p.step,
      method: p.method ?? '',
      outcome: p.outcome ?? '',
      deadline: p.deadline ?? '',
      date: p.date ?? '',
    },
  });
  return caseId;
}

/** Printing the 辍学学生情况报告表 is itself a record: it closes the ladder's report step. */
export async function recordDropoutReport(
  db: BaoxueDatabase,
  studentId: string,
  by: string,
  now = Date.now(),
) {
  await db.events.insert({
    id: id(`report:${studentId}`, now),
    kind: 'riskNote',
    studentId,
    author: by,
    at: now,
    recordedAt: now,
    data: { type: 'dropout-report' },
  });
}

/** A school leader's monthly check of a 重点生's 帮扶 records (closes that month's check task). */
export async function recordKeyCheck(db: BaoxueDatabase, studentId: string, by: string, now = Date.now()) {
  await db.events.insert({
    id: id(`keycheck:${studentId}`, now),
    kind: 'riskNote',
    studentId,
    author: by,
    at: now,
    recordedAt: now,
    data: { type: 'key-check' },
  });
}

/** Names a student 重点生 (with the reason and the 帮扶 partner teacher), or ends it. */
export async function designateKeyStudent(
  db: BaoxueDatabase,
  k: { studentId: string; reason: string; partner: string; by: string; end?: boolean },
  now = Date.now(),
): Promise<void> {
  await db.events.insert({
    id: id(`key:${k.studentId}`, now),
    kind: 'riskNote',
    studentId: k.studentId,
    author: k.by,
    at: now,
    recordedAt: now,
    data: { type: k.end ? 'key-student-end' : 'key-student', reason: k.reason, partner: k.partner },
  });
}

/** Many marks at once (an imported file): one bulk write, all or nothing. */
export async function recordAbsences(
  db: BaoxueDatabase,
  marks: { studentId: string; date: string; half: Half; mark: Mark; reason: string }[],
  by: string,
  now = Date.now(),
): Promise<void> {
  const docs = marks.map((a, i) => ({
    id: id(`absence:${a.studentId}:${a.date}:${i}`, now),
    kind: 'absence' as const,
    studentId: a.studentId,
    author: by,
    at: now,
    recordedAt: now,
    data: { date: a.date, half: a.half, mark: a.mark, reason: a.reason },
  }));
  const r = await db.events.bulkInsert(docs);
  if (r.error.length) throw new Error(`${r.error.length} 条写入失败`);
}

/** The latest special groups a teacher entered per student (a riskNote of type special-groups). */
export function enteredGroups(events: BaoxueEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of [...events].sort((a, b) => a.at - b.at))
    if (e.kind === 'riskNote' && e.studentId && e.data.type === 'special-groups')
      out.set(
        e.studentId,
        String(e.data.groups ?? '')
          .split(/[,，、\s]+/)
          .filter(Boolean),
      );
  return out;
}

export async function enterGroups(
  db: BaoxueDatabase,
  studentId: string,
  groups: string[],
  by: string,
  now = Date.now(),
) {
  await db.events.insert({
    id: id(`groups:${studentId}`, now),
    kind: 'riskNote',
    studentId,
    author: by,
    at: now,
    recordedAt: now,
    data: { type: 'special-groups', groups: groups.join('、') },
  });
}
