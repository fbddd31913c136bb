/**
 * 辍学学生情况报告表's 未到校起始日期: the day the child's current stretch away from school began — the first
 * day of the unbroken run of unexcused absence (lib/risk/absences.ts `currentStreak`, the same half-day run
 * the 风险名单 and the absence ladder count), not the child's first absence ever. A child away in September
 * for a day, back for weeks, and away since 11-24 has been away since 11-24.
 *
 * "Current" is as of the report: today for an open case; for a case closed by 返校, the day before the
 * return. The run is the one holding the latest unexcused half-day up to then (teachers may stop marking a
 * child who no longer comes; an unmarked day must not end the stretch the form reports). A 返校 on any of
 * the child's cases is a day at school, as in lib/reports/suspected.ts.
 */
import type { BaoxueEvent } from '../records';
import {
  type AbsenceMark,
  absenceFromEvent,
  currentStreak,
  dayStates,
  type ExcusedHalfDay,
} from '../risk/absences';
import type { PersuasionCase } from '../risk/persuasion';
import { DEFAULT_CALENDAR, type HolidayCalendar } from '../time/calendar';
import { addDaysTo, daysBetween } from '../time/day';

export interface AbsentSinceOptions {
  calendar?: HolidayCalendar;
  excused?: ExcusedHalfDay;
}

/**
 * The first day (YYYY-MM-DD) of the child's current run of unexcused absence, as of the report on case `c`;
 * undefined when no unexcused absence is recorded up to then (the form then leaves the blank to fill in).
 * `events`: the child's events (absence marks and 劝返 steps; others are ignored); `cases`: their 劝返 cases.
 */
export function absentSince(
  events: BaoxueEvent[],
  c: PersuasionCase,
  cases: PersuasionCase[],
  today: string,
  opts: AbsentSinceOptions = {},
): string | undefined {
  const asOf = c.returnedOn ? addDaysTo(c.returnedOn, -1) : today;
  const marks: AbsenceMark[] = events
    .map(absenceFromEvent)
    .filter((m): m is AbsenceMark => m !== null && m.studentId === c.studentId);
  for (const x of cases)
    if (x.studentId === c.studentId && x.returnedOn)
      marks.push({
        studentId: x.studentId,
        date: x.returnedOn,
        half: 'day',
        mark: 'present',
        reason: '返校',
        by: '',
        at: x.steps.at(-1)?.at ?? 0,
      });
  const days = dayStates(marks).get(c.studentId);
  if (!days) return undefined;
  const unexcused = [...days]
    .filter(([date, d]) => date <= asOf && (d.am === 'unexcused' || d.pm === 'unexcused'))
    .map(([date]) => date)
    .sort();
  const latest = unexcused.at(-1);
  if (!latest) return undefined;
  // Look back as far as the oldest unexcused day: a run of months is reported whole.
  const lookback = daysBetween(unexcused[0]!, latest) + 1;
  return currentStreak(days, latest, opts.calendar ?? DEFAULT_CALENDAR, {
    excused: opts.excused ?? 'ends',
    lookback,
  }).start;
}
