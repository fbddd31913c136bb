/**
 * Absences as append-only events: one mark per student, date and half day (上午 / 下午 / 全天), unexcused or
 * excused (事假/病假 with a reason). A correction is a newer mark for the same slot (or a `present` mark);
 * nothing is edited, so two teachers marking at once never overwrite each other.
 */

import { addDays, parseISO } from 'date-fns';
import { dayString, type HolidayCalendar, isWorkingDay, schoolDaysBetween } from '../paperwork/calendar';
import type { BaoxueEvent } from '../records';

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
  const { date, half, mark, reason } = e.data;
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  if (half !== 'am' && half !== 'pm' && half !== 'day') return null;
  if (mark !== 'unexcused' && mark !== 'excused' && mark !== 'present') return null;
  return {
    studentId: e.studentId,
    date,
    half,
    mark,
    reason: typeof reason === 'string' ? reason : '',
    by: e.author,
    at: e.at,
  };
}

/** Per student and date, what each half day finally was (latest mark wins; `day` sets both halves). */
export function dayStates(marks: AbsenceMark[]): Map<string, Map<string, { am: Mark; pm: Mark }>> {
  const out = new Map<string, Map<string, { am: Mark; pm: Mark }>>();
  for (const m of [...marks].sort((a, b) => a.at - b.at)) {
    const days = out.get(m.studentId) ?? new Map<string, { am: Mark; pm: Mark }>();
    out.set(m.studentId, days);
    const d = days.get(m.date) ?? { am: 'present', pm: 'present' };
    if (m.half !== 'pm') d.am = m.mark;
    if (m.half !== 'am') d.pm = m.mark;
    days.set(m.date, d);
  }
  return out;
}

const unexcusedOf = (d: { am: Mark; pm: Mark } | undefined) =>
  d ? (d.am === 'unexcused' ? 0.5 : 0) + (d.pm === 'unexcused' ? 0.5 : 0) : 0;

export interface Streak {
  /** Consecutive unexcused school days up to the latest school day on or before `today` (halves count 0.5). */
  days: number;
  /** The school day the streak began (its first unexcused half). */
  start?: string;
  /** For each whole or half step reached, the school day it was reached on. */
  reached: { days: number; date: string }[];
}

/**
 * The current unexcused streak. Weekends and holidays neither count nor break it; a school day with no
 * unexcused half (present, or excused 事假/病假) breaks it.
 */
export function currentStreak(
  days: Map<string, { am: Mark; pm: Mark }> | undefined,
  today: string,
  cal: HolidayCalendar,
  lookback = 60,
): Streak {
  if (!days) return { days: 0, reached: [] };
  const recent = schoolDaysBetween(dayString(addDays(parseISO(today), -lookback)), today, cal);
  const schoolDays: string[] = [];
  for (let i = recent.length - 1; i >= 0; i--) {
    const s = recent[i]!;
    const u = unexcusedOf(days.get(s));
    // Today may not be marked yet: an unmarked today does not break yesterday's streak.
    if (u === 0 && !(s === today && !days.has(s))) break;
    if (u > 0) schoolDays.push(s);
  }
  schoolDays.reverse();
  let total = 0;
  const reached: Streak['reached'] = [];
  for (const s of schoolDays) {
    const before = total;
    total += unexcusedOf(days.get(s));
    for (let step = Math.floor(before * 2) + 1; step <= total * 2; step++)
      reached.push({ days: step / 2, date: s });
  }
  return { days: total, start: schoolDays[0], reached };
}

/** Unexcused days in a period, and the share of its school days (chronic absence: 10% or more). */
export function absenceRate(
  days: Map<string, { am: Mark; pm: Mark }> | undefined,
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
