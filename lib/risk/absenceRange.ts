/**
 * 考勤 for several days at once (issue 15: "absences for several days at once"): a child off school from
 * one day to another is one entry, not a click per day. Each school day in the range (the shipped calendar
 * with the school's own days off and 调休 days: weekends and holidays are not absences) becomes one mark of
 * the same half and kind, recorded together by `absence/record` (all or nothing).
 */
import { type Coded, say } from '../coded';
import { type HolidayCalendar, schoolDaysBetween } from '../time/calendar';
import { daysBetween, isIsoDate } from '../time/day';
import type { Half, Mark } from './absences';

/** A term at most: a longer range is a typing slip (2026 for 2025), not an absence to record. */
export const MAX_RANGE_DAYS = 150;

export interface AbsenceRange {
  studentId: string;
  from: string;
  to: string;
  half: Half;
  mark: Exclude<Mark, 'present'>;
  reason: string;
}

export function rangeMarks(
  r: AbsenceRange,
  cal: HolidayCalendar,
):
  | { ok: true; marks: (Omit<AbsenceRange, 'from' | 'to'> & { date: string })[] }
  | { ok: false; error: Coded } {
  if (!r.studentId) return { ok: false, error: say('absrange_no_student') };
  if (!isIsoDate(r.from) || !isIsoDate(r.to)) return { ok: false, error: say('absrange_bad_dates') };
  if (r.to < r.from) return { ok: false, error: say('absrange_backwards', r.from, r.to) };
  if (daysBetween(r.from, r.to) > MAX_RANGE_DAYS)
    return { ok: false, error: say('absrange_too_long', MAX_RANGE_DAYS) };
  const days = schoolDaysBetween(r.from, r.to, cal);
  if (!days.length) return { ok: false, error: say('absrange_no_school_days', r.from, r.to) };
  const { studentId, half, mark, reason } = r;
  return { ok: true, marks: days.map((date) => ({ studentId, date, half, mark, reason: reason.trim() })) };
}
