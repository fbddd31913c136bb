/**
 * The risk engine: every student's tier, reasons and ladder and follow-up tasks, computed from that
 * student's own records, the paperwork consequences and the calendar. Pure; lib/derive stores the result.
 */

import type { Coded } from '../coded';
import type { AtRiskEntry } from '../paperwork/consequences';
import type { BaoxueEvent, Student, Task } from '../records';
import { DEFAULT_CALENDAR, type HolidayCalendar, schoolDaysBetween } from '../time/calendar';
import { semesterOf } from '../time/schoolYear';
import {
  type AbsenceMark,
  absenceFromEvent,
  absenceRate,
  currentStreak,
  dayStates,
  type ExcusedHalfDay,
} from './absences';
import { standing } from './corrections';
import { dropoutFollowUpTasks, keyCheckTasks, noticeOverdue, townshipReportTask } from './followUp';
import { type KeyStudent, keyStudents } from './keyStudents';
import { DEFAULT_LADDER, type LadderStep, ladderTasks, mobiliseTask, suspectedDropoutDays } from './ladder';
import { openCaseOf, type PersuasionCase, persuasionCases } from './persuasion';
import { riskTier, type Tier } from './tiers';

/** The records a student's risk is computed from. */
export const RISK_EVENT_KINDS = ['absence', 'homeVisit', 'riskNote', 'persuasionAttempt'] as const;

export type StudentRef = import('../records').StudentRef;

export interface StudentRisk {
  student: StudentRef;
  /** The open 劝返 case, if there is one. */
  persuasion?: PersuasionCase;
  /** The 重点生 designation, if the class named this student one. */
  key?: KeyStudent;
  tier?: Tier;
  reasons: Coded[];
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

/** The latest special groups a teacher entered per student (a riskNote of type special-groups). */
export function enteredGroups(events: BaoxueEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of [...events].sort((a, b) => a.at - b.at))
    if (e.kind === 'riskNote' && e.studentId && e.data.type === 'special-groups')
      out.set(e.studentId, e.data.groups.split(/[,，、\s]+/).filter(Boolean));
  return out;
}
