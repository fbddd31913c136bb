/**
 * Tasks that follow a case after the absence ladder, each with an owner, a due date and the record that
 * closes it (derived from the records, like the ladder's):
 * - 返校通知书 deadline passed and the child not back → report to the 乡镇政府 (SEED.notice), closed by the
 *   case's 报告乡镇政府 step made on or after the deadline;
 * - a dropout (a case reported to the 乡镇政府/县) followed up twice a semester (SEED.followUp) from the day it
 *   was reported, closed by a 家访 or a 劝返 attempt in that half of the semester.
 * A report counts from the day the registrar gave in its confirmation (`date` on the step), not from when it
 * was typed: a report made on Friday and entered on Monday was made on Friday. Steps from before that
 * confirmation carry no date; they count from when they were typed.

 * - a 重点生's file checked by a school leader every month (SEED.followUp), closed by the check's record.
 */

import { say } from '../coded';
import type { BaoxueEvent, TaskStudent as StudentRef, Task } from '../records';
import { addWorkingDays, type HolidayCalendar } from '../time/calendar';
import { addDaysTo, dayString, daysBetween, monthEnd } from '../time/day';
import { semesterOf } from '../time/schoolYear';
import type { KeyStudent } from './keyStudents';
import type { PersuasionCase } from './persuasion';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The day a 劝返 step happened: the day the user gave (a report, a return), else the day it was typed. */
export const stepDay = (s: { at: number; date?: string }) =>
  s.date && ISO_DAY.test(s.date) ? s.date : dayString(s.at);

const state = (closed: boolean, today: string, due: string): Task['state'] =>
  closed ? 'done' : today > due ? 'escalated' : 'open';

/** The day a 返校通知书's deadline passed with the child not back, if it did (the case still open). */
export function noticeOverdue(c: PersuasionCase | undefined, today: string): string | undefined {
  return c && c.state === 'open' && c.deadline && today > c.deadline ? c.deadline : undefined;
}

/** When the 返校通知书 deadline has passed and the child is not back: report to the 乡镇政府 (篇四). */
export function townshipReportTask(
  student: StudentRef,
  c: PersuasionCase,
  today: string,
  cal: HolidayCalendar,
  now: number,
): Task | undefined {
  const deadline = noticeOverdue(c, today);
  if (!deadline) return undefined;
  // "及时报告": by the first school day after the deadline.
  const due = addWorkingDays(deadline, 1, cal);
  const report = c.steps.find((s) => s.step === 'report' && stepDay(s) >= deadline);
  return {
    id: `followup:${student.id}:${c.id}:township`,
    kind: 'followup-township-report',
    title: say('task_township_report', deadline, student.name, student.className),
    studentId: student.id,
    caseId: c.id,
    ownerRole: 'leader',
    due,
    state: state(!!report, today, due),
    ...(report ? { closedBy: report.id } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The two halves of a semester a dropout is followed up in: Baoxue's reading of "每学期进行两次跟踪调查" is
 * one follow-up in each half (split at the semester's middle day), each due on its half's last day.
 */
export function semesterHalves(today: string): { from: string; to: string }[] {
  const { from, to } = semesterOf(today);
  const mid = addDaysTo(from, Math.floor(daysBetween(from, to) / 2));
  return [
    { from, to: mid },
    { from: addDaysTo(mid, 1), to },
  ];
}

/** A dropout's follow-ups this semester (篇三), from the day the case was reported as a dropout. */
export function dropoutFollowUpTasks(
  student: StudentRef,
  c: PersuasionCase,
  records: BaoxueEvent[],
  today: string,
  now: number,
): Task[] {
  const reported = c.steps.find((s) => s.step === 'report');
  if (c.state !== 'open' || !reported) return [];
  const since = stepDay(reported);
  const tasks: Task[] = [];
  semesterHalves(today).forEach((half, i) => {
    if (half.from > today || half.to < since) return;
    const from = since > half.from ? since : half.from;
    const inHalf = (at: number) => dayString(at) >= from && dayString(at) <= half.to;
    const closer =
      records.find((e) => e.kind === 'homeVisit' && inHalf(e.at))?.id ??
      c.steps.find((s) => s.step === 'attempt' && inHalf(s.at))?.id;
    tasks.push({
      id: `followup:${student.id}:${c.id}:dropout:${half.from}`,
      kind: 'followup-dropout',
      title: say('task_dropout_follow_up', i + 1, half.from, half.to, student.name, student.className),
      studentId: student.id,
      caseId: c.id,
      ownerRole: 'teacher',
      due: half.to,
      state: state(!!closer, today, half.to),
      ...(closer ? { closedBy: closer } : {}),
      createdAt: now,
      updatedAt: now,
    });
  });
  return tasks;
}

/** The record of a leader's monthly check of a 重点生's 帮扶 file. */
export const isKeyCheck = (e: BaoxueEvent) => e.kind === 'riskNote' && e.data.type === 'key-check';

/**
 * A 重点生's monthly check by a school leader (篇三 "包级部领导每月检查一次帮“重点生”记录"): one task per month of
 * this semester since the designation, due the month's last day, closed by a check recorded that month.
 */
export function keyCheckTasks(
  student: StudentRef,
  key: KeyStudent,
  records: BaoxueEvent[],
  today: string,
  now: number,
): Task[] {
  const { from } = semesterOf(today);
  const tasks: Task[] = [];
  const first = (key.since > from ? key.since : from).slice(0, 7);
  for (let month = first; month <= today.slice(0, 7); month = addDaysTo(monthEnd(month), 1).slice(0, 7)) {
    const start = `${month}-01`;
    const due = monthEnd(month);
    const closer = records.find(
      (e) =>
        isKeyCheck(e) && dayString(e.at) >= start && dayString(e.at) <= due && dayString(e.at) >= key.since,
    );
    tasks.push({
      id: `followup:${student.id}:key-check:${month}`,
      kind: 'followup-key-check',
      title: say('task_key_check', month, student.name, student.className),
      studentId: student.id,
      ownerRole: 'leader',
      due,
      state: state(!!closer, today, due),
      ...(closer ? { closedBy: closer.id } : {}),
      createdAt: now,
      updatedAt: now,
    });
  }
  return tasks;
}
