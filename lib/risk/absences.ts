/**
 * Absences as append-only events: one mark per student, date and half day (上午 / 下午 / 全天), unexcused or
 * excused (事假/病假 with a reason). A correction is a newer mark for the same slot (or a `present` mark);
 * nothing is edited, so two teachers marking at once never overwrite each other.
 */

import type { BaoxueEvent } from '../records';
import { type HolidayCalendar, isWorkingDay, schoolDaysBetween } from '../time/calendar';
import { addDaysTo } from '../time/day';

export type Half = 'am' | 'pm' | 'day';
export type Mark = 'unexcused' | 'excused' | 'present';

export interface AbsenceMark {
  studentId: string;
  date: string; // YYYY-MM-DD
  half: Half;
  mark: Mark;
  reason: string;
  by: string;
  at: number;
}

export function absenceFromEvent(e: BaoxueEvent): AbsenceMark | null {
  if (e.kind !== 'absence' || !e.studentId) return null;
  const { date, half, mark, reason } = e.data; // checked by the event's type (lib/records AbsenceData)
  return {
    studentId: e.studentId,
    date,
    half,
    mark,
    reason,
    by: e.author,
    at: e.at,
  };
}

/** What one school day's two halves finally were, and which halves someone marked. */
export interface DayState {
  am: Mark;
  pm: Mark;
  /** A half nobody marked reads as present; on today it is not known yet (see `currentStreak`). */
  marked: { am: boolean; pm: boolean };
}

/** Per student and date, what each half day finally was (latest mark wins; `day` sets both halves). */
export function dayStates(marks: AbsenceMark[]): Map<string, Map<string, DayState>> {
  const out = new Map<string, Map<string, DayState>>();
  for (const m of [...marks].sort((a, b) => a.at - b.at)) {
    const days = out.get(m.studentId) ?? new Map<string, DayState>();
    out.set(m.studentId, days);
    const d = days.get(m.date) ?? { am: 'present', pm: 'present', marked: { am: false, pm: false } };
    if (m.half !== 'pm') {
      d.am = m.mark;
      d.marked.am = true;
    }
    if (m.half !== 'am') {
      d.pm = m.mark;
      d.marked.pm = true;
    }
    days.set(m.date, d);
  }
  return out;
}

const unexcusedOf = (d: DayState | undefined) =>
  d ? (d.am === 'unexcused' ? 0.5 : 0) + (d.pm === 'unexcused' ? 0.5 : 0) : 0;

/**
 * What an excused half-day (事假/病假) does to a run of unexcused absence: by default it ends the run (the
 * child was accounted for); a school may set it to pause the run instead, neither counting nor ending it
 * (domain.md §5; 设置 → 缺课处置).
 */
export type ExcusedHalfDay = 'ends' | 'pauses';

export interface Streak {
  /** The run's length in days: its unexcused half-days ÷ 2. */
  days: number;
  /** Unexcused half-days in the run. */
  halves?: number;
  /** The school day the run began (its first unexcused half). */
  start?: string;
  /** The half it began with. */
  startHalf?: 'am' | 'pm';
  /** For each half-day step reached (0.5, 1, 1.5 …), the school day it was reached on. */
  reached: { days: number; date: string }[];
}

/**
 * The current run of unexcused absence: time away from school without a break, counted in half-days in
 * order (am, pm, the next school day's am …) back from the latest known half-day (domain.md §5; seeds
 * 篇二 §二.6 "半天未上学 … 无故一天未上学 … 第二天未上学"). A half-day at school ends the run; an excused
 * half-day ends it too unless the school set `excused` to 'pauses'. Weekends and holidays are not school
 * days: they neither count nor end it. Today's halves nobody has marked yet are not known and are
 * skipped (a morning before a marked afternoon has passed, and unmarked means present).
 */
export function currentStreak(
  days: Map<string, DayState> | undefined,
  today: string,
  cal: HolidayCalendar,
  opts: { excused?: ExcusedHalfDay; lookback?: number } = {},
): Streak {
  if (!days) return { days: 0, reached: [] };
  const pauses = opts.excused === 'pauses';
  const recent = schoolDaysBetween(addDaysTo(today, -(opts.lookback ?? 60)), today, cal);
  const run: { date: string; half: 'am' | 'pm' }[] = []; // newest first
  walk: for (let i = recent.length - 1; i >= 0; i--) {
    const date = recent[i]!;
    const d = days.get(date);
    for (const half of ['pm', 'am'] as const) {
      const mark: Mark = d?.[half] ?? 'present';
      if (date === today && !d?.marked[half] && !(half === 'am' && d?.marked.pm)) continue; // not known yet
      if (mark === 'unexcused') run.push({ date, half });
      else if (mark === 'excused' && pauses) continue;
      else break walk;
    }
  }
  run.reverse();
  const reached = run.map((h, k) => ({ days: (k + 1) / 2, date: h.date }));
  return {
    days: run.length / 2,
    halves: run.length,
    ...(run[0] ? { start: run[0].date, startHalf: run[0].half } : {}),
    reached,
  };
}

/** Unexcused days in a period, and the share of its school days (chronic absence: 10% or more). */
export function absenceRate(
  days: Map<string, DayState> | undefined,
  from: string,
  to: string,
  cal: HolidayCalendar,
): { unexcused: number; schoolDays: number; rate: number } {
  const schoolDays = schoolDaysBetween(from, to, cal).length;
  let unexcused = 0;
  // A student's own marked days, not every day of the term: most children have none.
  for (const [date, state] of days ?? [])
    if (date >= from && date <= to && isWorkingDay(date, cal)) unexcused += unexcusedOf(state);
  return { unexcused, schoolDays, rate: schoolDays ? unexcused / schoolDays : 0 };
}
