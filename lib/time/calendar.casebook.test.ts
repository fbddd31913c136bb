/**
 * Casebook: school days and the local day (calendar rules). Each case is a situation a registrar knows,
 * what goes in, what Baoxue must answer, and the source it follows. Run it in any device time zone
 * (`TZ=UTC`, `TZ=America/New_York`, `TZ=Asia/Tokyo`): the answers are Beijing days and must not move.
 */
import { describe, expect, it } from 'vitest';
import { english, zh } from '../coded.testing';
import { dateTimeText } from '../format';
import { BaoxueEvent } from '../records';
import { weekEnds } from '../reports/charts';
import { keyStudents } from '../risk/keyStudents';
import { semesterOf, visitQuotas } from '../risk/quotas';
import {
  addWorkingDays,
  DEFAULT_CALENDAR,
  isWorkingDay,
  lastSchoolDays,
  mergeCalendar,
  workingDaysBetween,
} from './calendar';
import { addDaysTo, beijingInstant, dayOfDateOnly, dayString, isIsoDate, monthEnd } from './day';

const cal = DEFAULT_CALENDAR;
/** Each case titled by its situation (情形). */
const named = <T extends { 情形: string }>(cases: T[]) => cases.map((c) => [c.情形, c] as [string, T]);
const NOTICE_2026 = '国务院办公厅关于2026年部分节假日安排的通知（DEFAULT_CALENDAR 2026 年）';
const ONE_DAY =
  'docs/guide "Dates: one local-day function (Asia/Shanghai); never slice an ISO string in UTC"; issue 13 "a visit at 07:30 Beijing time lands on the day before"';
/** A Beijing wall-clock moment as an instant (UTC+8), independent of the device's zone. */
const beijing = (day: string, time: string) => Date.parse(`${day}T${time}+08:00`);

interface WorkingDayCase {
  情形: string;
  date: string;
  上课: boolean;
  source: string;
}
const workingDays: WorkingDayCase[] = [
  { 情形: '国庆假期中的周一不上课', date: '2026-10-05', 上课: false, source: NOTICE_2026 },
  { 情形: '国庆后调休的周六上课', date: '2026-10-10', 上课: true, source: NOTICE_2026 },
  { 情形: '国庆前调休的周日上课', date: '2026-09-20', 上课: true, source: NOTICE_2026 },
  { 情形: '春节前调休的周六上课', date: '2026-02-14', 上课: true, source: NOTICE_2026 },
  { 情形: '春节后调休的周六上课', date: '2026-02-28', 上课: true, source: NOTICE_2026 },
  { 情形: '春节假期中的周三不上课', date: '2026-02-18', 上课: false, source: NOTICE_2026 },
  { 情形: '元旦后调休的周日上课', date: '2026-01-04', 上课: true, source: NOTICE_2026 },
  { 情形: '劳动节后调休的周六上课', date: '2026-05-09', 上课: true, source: NOTICE_2026 },
  { 情形: '端午节的周五不上课', date: '2026-06-19', 上课: false, source: NOTICE_2026 },
  { 情形: '中秋节的周五不上课', date: '2026-09-25', 上课: false, source: NOTICE_2026 },
  {
    情形: '平常的周六不上课',
    date: '2026-11-21',
    上课: false,
    source: '双休日（国务院关于职工工作时间的规定）',
  },
  {
    情形: '平常的周一上课',
    date: '2026-11-23',
    上课: true,
    source: '双休日（国务院关于职工工作时间的规定）',
  },
];

describe('casebook: which days are school days', () => {
  it.each(named(workingDays))('%s', (_, { date, 上课 }) => {
    expect(isWorkingDay(date, cal)).toBe(上课);
  });
});

interface CountCase {
  情形: string;
  from: string;
  n: number;
  calendar?: Parameters<typeof mergeCalendar>[1];
  expected: string;
  source: string;
}
const counts: CountCase[] = [
  {
    情形: '周五之后的第 1 个教学日是下周一',
    from: '2026-11-20',
    n: 1,
    expected: '2026-11-23',
    source: '双休日不计（domain.md §5 "by when (school days)"）',
  },
  {
    情形: '9月29日后第 2 个教学日跨过国庆假期落在10月8日',
    from: '2026-09-29',
    n: 2,
    expected: '2026-10-08',
    source: NOTICE_2026,
  },
  {
    情形: '9月29日后第 4 个教学日是调休上课的10月10日（周六）',
    from: '2026-09-29',
    n: 4,
    expected: '2026-10-10',
    source: NOTICE_2026,
  },
  {
    情形: '2月13日后第 1 个教学日是调休的2月14日',
    from: '2026-02-13',
    n: 1,
    expected: '2026-02-14',
    source: NOTICE_2026,
  },
  {
    情形: '2月14日后第 1 个教学日跨过春节落在2月24日',
    from: '2026-02-14',
    n: 1,
    expected: '2026-02-24',
    source: NOTICE_2026,
  },
  {
    情形: '县里自定的放假日和补课日（设置 → 节假日）也算',
    from: '2026-11-20',
    n: 1,
    calendar: { holidays: ['2026-11-23'], workdays: ['2026-11-22'] },
    expected: '2026-11-22',
    source: 'lib/time/calendar.ts "extended by a school in the options page (a county\'s own days off …)"',
  },
];

describe('casebook: counting school days', () => {
  it.each(named(counts))('%s', (_, { from, n, calendar, expected }) => {
    expect(addWorkingDays(from, n, calendar ? mergeCalendar(cal, calendar) : cal)).toBe(expected);
  });

  it('9月29日到10月19日之间有 10 个教学日（国庆 7 天不计，10月10日调休计入）', () => {
    // source: NOTICE_2026
    expect(workingDaysBetween('2026-09-29', '2026-10-19', cal)).toBe(10);
  });

  it('10月12日往前数 3 个教学日：10月9日、10月10日（调休）、10月12日', () => {
    // source: NOTICE_2026
    expect(lastSchoolDays(3, '2026-10-12', cal)).toEqual(['2026-10-09', '2026-10-10', '2026-10-12']);
  });
});

interface LocalDayCase {
  情形: string;
  at: number;
  day: string;
  source: string;
}
const localDays: LocalDayCase[] = [
  {
    情形: '北京时间早上 7:30（UTC 前一天 23:30）是当天',
    at: beijing('2026-11-20', '07:30:00'),
    day: '2026-11-20',
    source: ONE_DAY,
  },
  { 情形: '北京时间零点整是当天', at: beijing('2026-11-20', '00:00:00'), day: '2026-11-20', source: ONE_DAY },
  {
    情形: '北京时间 23:59 仍是当天',
    at: beijing('2026-11-20', '23:59:00'),
    day: '2026-11-20',
    source: ONE_DAY,
  },
  {
    情形: 'UTC 12月31日 16:30 在北京已是新年1月1日',
    at: Date.UTC(2026, 11, 31, 16, 30),
    day: '2027-01-01',
    source: ONE_DAY,
  },
  {
    情形: '家访记录的日期落在北京的那一天的中午，哪个时区的设备都一样',
    at: beijingInstant('2026-11-20'),
    day: '2026-11-20',
    source: ONE_DAY,
  },
];

describe('casebook: the local day is the Beijing day, whatever the device’s zone', () => {
  it.each(named(localDays))('%s', (_, { at, day }) => {
    expect(dayString(at)).toBe(day);
    expect(dayString(new Date(at))).toBe(day);
  });

  it('时间按北京时间显示：北京 7:30 的记录显示为 7:30', () => {
    // source: ONE_DAY
    expect(zh(dateTimeText(beijing('2026-11-20', '07:30:00')))).toBe('2026年11月20日 07:30');
    expect(english(dateTimeText(beijing('2026-11-20', '07:30:00')))).toBe('2026-11-20 07:30');
  });

  it('Excel 表里的日期单元格（无时区）按它写的日期读', () => {
    // source: ONE_DAY; exceljs hands an xlsx date cell over as UTC midnight of that date
    expect(dayOfDateOnly(new Date(Date.UTC(2026, 10, 19)))).toBe('2026-11-19');
  });

  it('日期算术不受设备时区影响：月末、跨年、闰年', () => {
    // source: ONE_DAY
    expect(addDaysTo('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDaysTo('2026-03-01', -1)).toBe('2026-02-28');
    expect(monthEnd('2028-02')).toBe('2028-02-29');
    expect(monthEnd('2026-11')).toBe('2026-11-30');
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });

  it('统计图的周末（周五）从学期第一周算起', () => {
    // source: ONE_DAY; lib/reports/charts.ts "The Fridays from the semester's first week"
    expect(weekEnds('2026-09-01', '2026-09-15')).toEqual(['2026-09-04', '2026-09-11', '2026-09-15']);
  });
});

const visitAt = (at: number, author = '王老师'): BaoxueEvent =>
  BaoxueEvent.parse({
    id: `v${at}`,
    kind: 'homeVisit',
    studentId: 's1',
    author,
    at,
    recordedAt: at,
    data: { method: '上门', visitorRole: 'teacher' },
  });

describe('casebook: a visit belongs to the Beijing day it was made on', () => {
  it('开学第一天（9月1日）早上 7:30 的家访计入秋季学期的家访数', () => {
    // source: 篇二 §二.6 "班主任每学期家访数不能少于20人次" + ONE_DAY. Old code counted the UTC date (8月31日).
    const { from, to } = semesterOf('2026-09-01');
    const [p] = visitQuotas([visitAt(beijing('2026-09-01', '07:30:00'))], from, to);
    expect(p).toMatchObject({ author: '王老师', visits: 1, quota: 20 });
  });

  it('春季学期第一天（2月1日）早上 7:30 的家访计入春季学期，不算上学期', () => {
    // source: 篇二 §二.6 "班主任每学期家访数不能少于20人次" + ONE_DAY
    const spring = semesterOf('2026-02-01');
    const autumn = semesterOf('2026-01-31');
    const visits = [visitAt(beijing('2026-02-01', '07:30:00'))];
    expect(visitQuotas(visits, spring.from, spring.to)).toHaveLength(1);
    expect(visitQuotas(visits, autumn.from, autumn.to)).toHaveLength(0);
  });

  it('重点生每周家访：早上 7:30 的家访算当天，下次家访 7 天后到期', () => {
    // source: 篇三 "每个教师对重点生每周家访一次" + ONE_DAY
    const named: BaoxueEvent = {
      id: 'k',
      kind: 'riskNote',
      studentId: 's1',
      author: '王老师',
      at: beijing('2026-11-16', '09:00:00'),
      recordedAt: 0,
      data: { type: 'key-student', reason: '厌学', partner: '李老师' },
    };
    const k = keyStudents([named, visitAt(beijing('2026-11-20', '07:30:00'))], '2026-11-27').get('s1');
    expect(k).toMatchObject({ lastVisit: '2026-11-20', nextVisitDue: '2026-11-27', visitOverdue: false });
  });
});
