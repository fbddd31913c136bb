/**
 * The absence escalation ladder (domain.md §5, seeds 篇二 §二.6), as data a school can change: each step
 * says at what length of the current run of absence it starts (half-days in order, lib/risk/absences.ts:
 * 0.5 = the first half-day, 2 = four half-days in a row), who acts, by when (school days), and what
 * record closes it. An overdue step escalates: the next step's task opens at once.
 */

import { say } from '../coded';
import type { MessageKey } from '../i18n';
import type { BaoxueEvent, TaskStudent as StudentRef, Task } from '../records';
import { addWorkingDays, type HolidayCalendar } from '../time/calendar';
import { dayString } from '../time/day';
import type { Streak } from './absences';
import { SEED } from './seeds';

export type Closer = 'contact' | 'homeVisit' | 'leaderVisit' | 'report';

export interface LadderStep {
  code: string;
  atDays: number;
  ownerRole: Task['ownerRole'];
  /** The step's name, as a message key (the settings' table and the task's title say it). */
  title: MessageKey;
  dueWorkingDays: number;
  closedBy: Closer;
  suspectedDropout?: boolean;
  source: string;
}

export const DEFAULT_LADDER: LadderStep[] = [
  {
    code: 'report-and-call',
    atDays: 0.5,
    ownerRole: 'teacher',
    title: 'ladder_step_report_and_call',
    dueWorkingDays: 0,
    closedBy: 'contact',
    source: `${SEED.ladder}; ${SEED.contact}`,
  },
  {
    code: 'teacher-visit',
    atDays: 1,
    ownerRole: 'teacher',
    title: 'ladder_step_teacher_visit',
    dueWorkingDays: 1,
    closedBy: 'homeVisit',
    source: SEED.ladder,
  },
  {
    code: 'leader-visit',
    atDays: 2,
    ownerRole: 'leader',
    title: 'ladder_step_leader_visit',
    dueWorkingDays: 0,
    closedBy: 'leaderVisit',
    source: SEED.ladder,
  },
  {
    code: 'dropout-report',
    atDays: 3,
    ownerRole: 'leader',
    title: 'ladder_step_dropout_report',
    dueWorkingDays: 0,
    closedBy: 'report',
    suspectedDropout: true,
    source: SEED.threshold,
  },
];

/** Does this event close a step of this kind? */
export function closes(closer: Closer, e: BaoxueEvent): boolean {
  if (e.kind === 'homeVisit') {
    const inPerson = e.data.method === 'home';
    if (closer === 'contact') return true; // a visit or a call both reach the family
    if (closer === 'homeVisit') return inPerson;
    if (closer === 'leaderVisit') return inPerson && e.data.visitorRole === 'leader';
  }
  return closer === 'report' && e.kind === 'riskNote' && e.data.type === 'dropout-report';
}

/**
 * The ladder's tasks for one student's current streak, their states derived from the records: done when
 * a closing record exists on or after the day the step was reached, escalated when overdue (which opens
 * the next step's task), else open.
 */
export function ladderTasks(
  student: StudentRef,
  streak: Streak,
  records: BaoxueEvent[],
  ladder: LadderStep[],
  today: string,
  cal: HolidayCalendar,
  now: number,
): Task[] {
  if (!streak.start || streak.days === 0) return [];
  const tasks: Task[] = [];
  let escalateFrom: string | undefined; // the day an overdue step escalated
  const steps = [...ladder].sort((a, b) => a.atDays - b.atDays);
  for (const step of steps) {
    const reached = streak.reached.find((r) => r.days >= step.atDays)?.date ?? escalateFrom;
    if (!reached) break;
    const escalated = !streak.reached.some((r) => r.days >= step.atDays);
    const due = addWorkingDays(reached, step.dueWorkingDays, cal);
    const closer = records
      .filter((e) => closes(step.closedBy, e) && dayString(e.at) >= reached)
      .sort((a, b) => a.at - b.at)[0];
    const overdue = !closer && today > due;
    tasks.push({
      id: `ladder:${student.id}:${streak.start}:${step.code}`,
      kind: `ladder-${step.code}`,
      title: say(
        escalated ? 'task_ladder_escalated' : 'task_ladder',
        say(step.title),
        student.name,
        student.className,
      ),
      studentId: student.id,
      ownerRole: step.ownerRole,
      due,
      state: closer ? 'done' : overdue ? 'escalated' : 'open',
      ...(closer ? { closedBy: closer.id } : {}),
      createdAt: now,
      updatedAt: now,
    });
    escalateFrom = overdue ? today : undefined;
  }
  return tasks;
}

/** A school's changes to the ladder: when each step starts and how long it has, by step code. */
export type LadderOverrides = Record<string, { atDays?: number; dueWorkingDays?: number }>;

export function applyLadder(ladder: LadderOverrides, base: LadderStep[] = DEFAULT_LADDER): LadderStep[] {
  return base.map((s) => ({ ...s, ...ladder[s.code] }));
}

/** The day count at which the ladder calls a child 疑似辍学 (its suspected-dropout step). */
export function suspectedDropoutDays(ladder: LadderStep[]): number {
  return ladder.find((s) => s.suspectedDropout)?.atDays ?? 3;
}

export const MOBILISE_SCHOOL_DAYS = 5;

/**
 * Term start + one week not arrived (seeds 篇一 §五.1): a child absent, unexcused, on every school day of
 * the first week gets a 家访动员 task (village committee / 街道 contacted), closed by a visit in person.
 */
export function mobiliseTask(
  student: StudentRef,
  unexcusedDays: Set<string>,
  termSchoolDays: string[],
  records: BaoxueEvent[],
  today: string,
  now: number,
): Task | undefined {
  const week = termSchoolDays.slice(0, MOBILISE_SCHOOL_DAYS);
  if (week.length < MOBILISE_SCHOOL_DAYS || today <= week.at(-1)! || !week.every((d) => unexcusedDays.has(d)))
    return undefined;
  const due = week.at(-1)!;
  const closer = records.find((e) => closes('homeVisit', e) && dayString(e.at) >= week[0]!);
  return {
    id: `ladder:${student.id}:term:${week[0]}:mobilise`,
    kind: 'ladder-mobilise',
    title: say('task_mobilise', student.name, student.className),
    studentId: student.id,
    ownerRole: 'teacher',
    due,
    state: closer ? 'done' : 'open',
    ...(closer ? { closedBy: closer.id } : {}),
    createdAt: now,
    updatedAt: now,
  };
}
