import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  DEFAULT_CALENDAR,
  isIsoDate,
  isWorkingDay,
  lastSchoolDays,
  mergeCalendar,
  workingDaysBetween,
} from './calendar';

const cal = DEFAULT_CALENDAR;

describe('working days', () => {
  it('skips weekends', () => {
    expect(addWorkingDays('2026-11-20', 1, cal)).toBe('2026-11-23'); // Friday → Monday
    expect(addWorkingDays('2026-11-16', 10, cal)).toBe('2026-11-30');
  });

  it('skips the 国庆 holiday and counts the 调休 Saturday 10月10日 as a working day', () => {
    expect(isWorkingDay('2026-10-05', cal)).toBe(false); // a Monday in the holiday
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday, 调休上班
    // From Tue 29 Sep: Wed 30 Sep is day 1; 1–7 Oct off; Thu 8, Fri 9, Sat 10 (调休), Mon 12 …
    expect(addWorkingDays('2026-09-29', 1, cal)).toBe('2026-09-30');
    expect(addWorkingDays('2026-09-29', 2, cal)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-29', 4, cal)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-29', 10, cal)).toBe('2026-10-19'); // … Fri 16 is day 9, Mon 19 day 10
    expect(workingDaysBetween('2026-09-29', '2026-10-19', cal)).toBe(10);
  });

  it('counts 春节 off and both 调休 Saturdays on', () => {
    expect(isWorkingDay('2026-02-14', cal)).toBe(true);
    expect(isWorkingDay('2026-02-18', cal)).toBe(false);
    expect(addWorkingDays('2026-02-13', 1, cal)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-14', 1, cal)).toBe('2026-02-24');
  });

  it('knows a real date from a date-shaped string', () => {
    expect(isIsoDate('2026-10-10')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026/10/10')).toBe(false);
  });

  it('takes a school’s own days off and make-up days', () => {
    const local = mergeCalendar(cal, { holidays: ['2026-11-23'], workdays: ['2026-11-22'] });
    expect(addWorkingDays('2026-11-20', 1, local)).toBe('2026-11-22');
    expect(addWorkingDays('2026-11-20', 2, local)).toBe('2026-11-24');
  });
});

describe('the last school days', () => {
  it('counts back over a Sunday and the 国庆 holiday, and counts the 调休 Saturday, oldest first', () => {
    expect(lastSchoolDays(3, '2026-10-12', DEFAULT_CALENDAR)).toEqual([
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
    ]);
    expect(lastSchoolDays(2, '2026-10-08', DEFAULT_CALENDAR)).toEqual(['2026-09-30', '2026-10-08']);
  });
});
