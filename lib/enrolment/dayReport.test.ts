/**
 * 不过夜 (篇二 §二.2): "要求各班辍学学生名单上报学校不过夜，各班主任每天都要向学校汇报学生情况，学校都要作出详细统计".
 * Reading Baoxue takes: every class reports every school day, with or without absences; a class that has
 * not is listed for the school. School days are the calendar's (weekends, holidays off; 调休 days on).
 */
import { describe, expect, it } from 'vitest';
import { type BaoxueEvent, parseEvent } from '../records';
import type { AbsenceMark } from '../risk/absences';
import { DEFAULT_CALENDAR } from '../time/calendar';
import {
  classDays,
  DAY_REPORT_TYPE,
  type DayReport,
  dayReportFromEvent as readReport,
  reportable,
} from './dayReport';

const students = [
  { id: 'a1', name: '甲', className: '一年级1班', onRoll: true },
  { id: 'a2', name: '乙', className: '一年级1班', onRoll: true },
  { id: 'b1', name: '丙', className: '一年级2班', onRoll: true },
  { id: 'c1', name: '丁', className: '二年级1班', onRoll: true },
  { id: 'x1', name: '戊', className: '三年级1班', onRoll: false }, // left: the class has no one on the roll
];
const MON = '2026-11-23';
const report = (className: string, date = MON, at = 1000, by = '王老师'): DayReport => ({
  className,
  date,
  by,
  at,
});
const mark = (
  studentId: string,
  half: AbsenceMark['half'],
  m: AbsenceMark['mark'],
  at = 500,
  date = MON,
) => ({
  studentId,
  date,
  half,
  mark: m,
  reason: '',
  by: '王老师',
  at,
});
const day = (date: string, reports: DayReport[], marks: AbsenceMark[] = []) =>
  classDays({ date, students, marks, reports, cal: DEFAULT_CALENDAR });

describe('which classes have not reported on a school day', () => {
  it('lists every class on the roll that has not reported today (no report, no closed day)', () => {
    expect(day(MON, [report('一年级1班')]).notReported).toEqual(['一年级2班', '二年级1班']);
  });

  it('a report with no absences still closes the class’s day ("每天都要向学校汇报")', () => {
    const d = day(MON, [report('一年级1班'), report('一年级2班'), report('二年级1班')]);
    expect(d.notReported).toEqual([]);
    expect(d.classes.every((c) => c.unexcused === 0 && c.absentees.length === 0)).toBe(true);
  });

  it('a report for another day does not close this one', () => {
    expect(day(MON, [report('一年级1班', '2026-11-20')]).notReported).toHaveLength(3);
  });

  it('on a Saturday there is nothing to report', () => {
    const d = day('2026-11-28', []);
    expect(d.schoolDay).toBe(false);
    expect(d.notReported).toEqual([]);
  });

  it('on 国庆节 there is nothing to report (国办 2026 holiday notice)', () => {
    expect(day('2026-10-01', []).notReported).toEqual([]);
  });

  it('on a 调休 Saturday the school is open and every class reports (2026-02-28, 国办 2026 notice)', () => {
    expect(day('2026-02-28', []).notReported).toEqual(['一年级1班', '一年级2班', '二年级1班']);
  });

  it('gives each class’s absences that day: 旷课 and 请假 in days, half a day each half, with names', () => {
    const d = day(
      MON,
      [report('一年级1班', MON, 1000)],
      [mark('a1', 'am', 'unexcused'), mark('a2', 'day', 'excused'), mark('c1', 'day', 'unexcused')],
    );
    const one = d.classes.find((c) => c.className === '一年级1班')!;
    expect([one.unexcused, one.excused]).toEqual([0.5, 1]);
    expect(one.absentees.map((a) => [a.name, a.am, a.pm])).toEqual([
      ['甲', 'unexcused', 'present'],
      ['乙', 'excused', 'excused'],
    ]);
    expect(d.classes.find((c) => c.className === '二年级1班')!.unexcused).toBe(1);
  });

  it('a mark corrected back to present leaves no absence', () => {
    const d = day(MON, [], [mark('a1', 'day', 'unexcused', 500), mark('a1', 'day', 'present', 600)]);
    expect(d.classes[0]!.absentees).toEqual([]);
  });

  it('a mark recorded after the class reported is shown to the school as a change after the report', () => {
    const d = day(MON, [report('一年级1班', MON, 1000)], [mark('a1', 'pm', 'unexcused', 2000)]);
    expect(d.classes[0]!.changedAfterReport).toBe(1);
    expect(d.classes[0]!.report?.by).toBe('王老师');
  });

  it('the first report of a day is the one shown; a second click only repeats it', () => {
    const d = day(MON, [report('一年级1班', MON, 3000, '李老师'), report('一年级1班', MON, 1000)]);
    expect(d.classes[0]!.report).toEqual(report('一年级1班', MON, 1000));
  });
});

describe('when a day may be reported', () => {
  it('today and past school days; not a future day, not a weekend or holiday', () => {
    expect(reportable(MON, MON, DEFAULT_CALENDAR)).toBe('ok');
    expect(reportable('2026-11-20', MON, DEFAULT_CALENDAR)).toBe('ok');
    expect(reportable('2026-11-24', MON, DEFAULT_CALENDAR)).toBe('future');
    expect(reportable('2026-11-22', MON, DEFAULT_CALENDAR)).toBe('not-school-day');
    expect(reportable('2026-10-01', MON, DEFAULT_CALENDAR)).toBe('not-school-day');
    expect(reportable('2026-11-31', MON, DEFAULT_CALENDAR)).toBe('bad-date');
  });
});

describe('a report as an event', () => {
  // As stored (any data): a report that does not parse as one is no report.
  const event = (data: Record<string, string>, kind = 'riskNote') =>
    parseEvent({ id: 'e', kind, studentId: '', author: '王老师', at: 5, recordedAt: 7, data });
  const dayReportFromEvent = (e: BaoxueEvent | null) => (e ? readReport(e) : null);
  it('reads a class’s report, in its author’s name', () => {
    expect(dayReportFromEvent(event({ type: DAY_REPORT_TYPE, className: '一年级1班', date: MON }))).toEqual(
      report('一年级1班', MON, 7),
    );
  });
  it('ignores other notes and malformed reports', () => {
    expect(dayReportFromEvent(event({ type: 'key-student', className: '一年级1班', date: MON }))).toBeNull();
    expect(dayReportFromEvent(event({ type: DAY_REPORT_TYPE, className: '', date: MON }))).toBeNull();
    expect(
      dayReportFromEvent(event({ type: DAY_REPORT_TYPE, className: '一年级1班', date: '11/23' })),
    ).toBeNull();
    expect(
      dayReportFromEvent(event({ type: DAY_REPORT_TYPE, className: 'x', date: MON }, 'absence')),
    ).toBeNull();
  });
});
