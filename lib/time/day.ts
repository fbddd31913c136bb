/**
 * The local day: Baoxue's days are Beijing days (Asia/Shanghai), whatever zone the device is set to. Every
 * date Baoxue stores, compares or shows is a YYYY-MM-DD string made here; nothing slices an ISO string.
 */

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

/** Today's Beijing day (the one "today" every list and deadline counts from). */
export const todayString = (now: Date | number = Date.now()) => dayString(now);
