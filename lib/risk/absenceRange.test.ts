import { describe, expect, it } from 'vitest';
import { say } from '../coded';
import { DEFAULT_CALENDAR, mergeCalendar } from '../time/calendar';
import { rangeMarks } from './absenceRange';

const base = { studentId: 's1', half: 'day' as const, mark: 'unexcused' as const, reason: ' 家中有事 ' };

describe('absences for several days at once', () => {
  it('marks each school day from the first to the last, skipping the weekend', () => {
    // Friday 4 September 2026 to Tuesday 8 September: Fri, Mon, Tue.
    const r = rangeMarks({ ...base, from: '2026-09-04', to: '2026-09-08' }, DEFAULT_CALENDAR);
    expect(r.ok && r.marks.map((m) => m.date)).toEqual(['2026-09-04', '2026-09-07', '2026-09-08']);
    expect(r.ok && r.marks[0]).toEqual({
      studentId: 's1',
      date: '2026-09-04',
      half: 'day',
      mark: 'unexcused',
      reason: '家中有事',
    });
  });

  it("skips the school's own days off and keeps its 调休 working days", () => {
    const cal = mergeCalendar(DEFAULT_CALENDAR, { holidays: ['2026-09-07'], workdays: ['2026-09-05'] });
    const r = rangeMarks({ ...base, half: 'am', from: '2026-09-04', to: '2026-09-08' }, cal);
    expect(r.ok && r.marks.map((m) => `${m.date}:${m.half}`)).toEqual([
      '2026-09-04:am',
      '2026-09-05:am',
      '2026-09-08:am',
    ]);
  });

  it('refuses a range with no school day, backwards, too long or without a student, saying why', () => {
    expect(rangeMarks({ ...base, from: '2026-09-05', to: '2026-09-06' }, DEFAULT_CALENDAR)).toEqual({
      ok: false,
      error: say('absrange_no_school_days', '2026-09-05', '2026-09-06'),
    });
    expect(rangeMarks({ ...base, from: '2026-09-08', to: '2026-09-04' }, DEFAULT_CALENDAR)).toEqual({
      ok: false,
      error: say('absrange_backwards', '2026-09-08', '2026-09-04'),
    });
    expect(rangeMarks({ ...base, from: '2025-09-01', to: '2026-09-04' }, DEFAULT_CALENDAR).ok).toBe(false);
    expect(rangeMarks({ ...base, from: '', to: '2026-09-04' }, DEFAULT_CALENDAR)).toEqual({
      ok: false,
      error: say('absrange_bad_dates'),
    });
    expect(
      rangeMarks({ ...base, studentId: '', from: '2026-09-04', to: '2026-09-04' }, DEFAULT_CALENDAR),
    ).toEqual({
      ok: false,
      error: say('absrange_no_student'),
    });
  });
});
