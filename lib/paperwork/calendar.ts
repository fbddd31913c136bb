/**
 * Working days: weekends and China's official holidays are off, 调休 make-up days are on. The calendar is
 * data, shipped here and extended by a school in the options page (a county's own days off, a new year's
 * schedule once the State Council publishes it).
 */

export interface HolidayCalendar {
  /** Days off that would otherwise be working days (YYYY-MM-DD). */
  holidays: string[];
  /** Weekend days that are working days (调休上班). */
  workdays: string[];
  /** Where each year's days come from, shown to the user. */
  sources: Record<string, string>;
}

// 2026: 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕号).
const Y2026 = {
  holidays: [
    '2026-01-01',
    '2026-01-02',
    '2026-01-03', // 元旦
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23', // 春节
    '2026-04-04',
    '2026-04-05',
    '2026-04-06', // 清明节
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05', // 劳动节
    '2026-06-19',
    '2026-06-20',
    '2026-06-21', // 端午节
    '2026-09-25',
    '2026-09-26',
    '2026-09-27', // 中秋节
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07', // 国庆节
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

// 2027: the statutory days of 全国年节及纪念日放假办法 (2024 revision) on 2027's dates. The State Council's
// 调休 schedule for 2027 is not yet published here: add it in 设置 → 节假日 when it is.
const Y2027 = {
  holidays: [
    '2027-01-01', // 元旦
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08', // 春节 (除夕至初三)
    '2027-04-05', // 清明节
    '2027-05-01',
    '2027-05-02', // 劳动节
    '2027-06-09', // 端午节
    '2027-09-15', // 中秋节
    '2027-10-01',
    '2027-10-02',
    '2027-10-03', // 国庆节
  ],
  workdays: [] as string[],
};

export const DEFAULT_CALENDAR: HolidayCalendar = {
  holidays: [...Y2026.holidays, ...Y2027.holidays],
  workdays: [...Y2026.workdays, ...Y2027.workdays],
  sources: {
    '2026': '国务院办公厅关于2026年部分节假日安排的通知',
    '2027': '法定节日（全国年节及纪念日放假办法）；调休安排待国务院公布后补充',
  },
};

/** The shipped calendar plus a school's own additions. */
export function mergeCalendar(base: HolidayCalendar, extra: Partial<HolidayCalendar> = {}): HolidayCalendar {
  return {
    holidays: [...new Set([...base.holidays, ...(extra.holidays ?? [])])].sort(),
    workdays: [...new Set([...base.workdays, ...(extra.workdays ?? [])])].sort(),
    sources: { ...base.sources, ...extra.sources },
  };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const DAY_MS = 86_400_000;

/**
 * Baoxue's days are Beijing days (Asia/Shanghai), whatever zone the device is set to: a mark, a visit or a
 * deadline belongs to the school's day. Beijing is UTC+8 all year (no summer time since 1991), so the
 * offset is a constant and no time-zone database is needed.
 */
export const SCHOOL_TIME_ZONE = 'Asia/Shanghai';
const BEIJING_OFFSET_MS = 8 * 3_600_000;

const fromUtcMs = (ms: number) => {
  const x = new Date(ms);
  return `${x.getUTCFullYear()}-${pad2(x.getUTCMonth() + 1)}-${pad2(x.getUTCDate())}`;
};
/** A YYYY-MM-DD day as a UTC midnight, for arithmetic on days that no device zone can shift. */
const utcMs = (day: string) =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));

/**
 * The one local-day function: the Beijing day an instant falls on, written YYYY-MM-DD, the one form dates
 * take across Baoxue. 07:30 in Beijing (23:30 UTC the evening before) is that Beijing morning's day.
 * Written by hand rather than with date-fns' `format`: the risk list calls it per record.
 */
export const dayString = (d: Date | number) =>
  fromUtcMs((typeof d === 'number' ? d : d.getTime()) + BEIJING_OFFSET_MS);

/** Beijing wall-clock parts of an instant (for showing a time the way the school reads it). */
export function beijingTime(ms: number): { day: string; hour: number; minute: number } {
  const x = new Date(ms + BEIJING_OFFSET_MS);
  return { day: fromUtcMs(ms + BEIJING_OFFSET_MS), hour: x.getUTCHours(), minute: x.getUTCMinutes() };
}

/** The instant of a Beijing wall-clock time on a day (default noon: well inside the day in any zone). */
export const beijingInstant = (day: string, time = '12:00:00') =>
  utcMs(day) + msOfTime(time) - BEIJING_OFFSET_MS;
const msOfTime = (time: string) => {
  const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
  return ((h * 60 + m) * 60 + s) * 1000;
};

/** The day `n` calendar days after `day` (before it when negative), YYYY-MM-DD. */
export const addDaysTo = (day: string, n: number) => fromUtcMs(utcMs(day) + n * DAY_MS);

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) => Math.round((utcMs(to) - utcMs(from)) / DAY_MS);

/** The weekday of a day, 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: string) => new Date(utcMs(day)).getUTCDay();

/** The last day of a month given as YYYY-MM. */
export const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return fromUtcMs(Date.UTC(y, m, 0));
};

/**
 * A date-only value a spreadsheet library hands over as UTC midnight (exceljs reads an xlsx date cell so):
 * its day is the UTC date, not the Beijing day of that instant.
 */
export const dayOfDateOnly = (d: Date) => fromUtcMs(d.getTime());

/** A real calendar date written YYYY-MM-DD (2026-13-01 and 2026-02-30 are not). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return fromUtcMs(utcMs(text)) === text;
}

const calendarSets = new WeakMap<HolidayCalendar, { workdays: Set<string>; holidays: Set<string> }>();
const setsOf = (cal: HolidayCalendar) => {
  let sets = calendarSets.get(cal);
  if (!sets) {
    sets = { workdays: new Set(cal.workdays), holidays: new Set(cal.holidays) };
    calendarSets.set(cal, sets);
  }
  return sets;
};

export function isWorkingDay(date: string, cal: HolidayCalendar): boolean {
  const { workdays, holidays } = setsOf(cal);
  if (workdays.has(date)) return true;
  if (holidays.has(date)) return false;
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6;
}

/** The date `n` working days after `date` (the day itself not counted), as YYYY-MM-DD. */
const addedCache = new WeakMap<HolidayCalendar, Map<string, string>>();

export function addWorkingDays(date: string, n: number, cal: HolidayCalendar): string {
  let cache = addedCache.get(cal);
  if (!cache) {
    cache = new Map();
    addedCache.set(cal, cache);
  }
  const key = `${date}+${n}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDaysTo(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  if (cache.size > 1024) cache.clear();
  cache.set(key, d);
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, cal: HolidayCalendar): number {
  let n = 0;
  for (let d = addDaysTo(from, 1); d <= to; d = addDaysTo(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n;
}

/** The last `n` working days up to and including `today`, oldest first. */
export function lastSchoolDays(n: number, today: string, cal: HolidayCalendar): string[] {
  const days: string[] = [];
  for (let d = today; days.length < n; d = addDaysTo(d, -1)) if (isWorkingDay(d, cal)) days.unshift(d);
  return days;
}

const schoolDayCache = new WeakMap<HolidayCalendar, Map<string, string[]>>();

/** The working days from `from` to `to` inclusive, oldest first; computed once per calendar and range. */
export function schoolDaysBetween(from: string, to: string, cal: HolidayCalendar): string[] {
  let byRange = schoolDayCache.get(cal);
  if (!byRange) {
    byRange = new Map();
    schoolDayCache.set(cal, byRange);
  }
  const key = `${from}|${to}`;
  let days = byRange.get(key);
  if (!days) {
    days = [];
    for (let d = from; d <= to; d = addDaysTo(d, 1)) if (isWorkingDay(d, cal)) days.push(d);
    if (byRange.size > 64) byRange.clear();
    byRange.set(key, days);
  }
  return days;
}
