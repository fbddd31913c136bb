/**
 * The school year (学年) and the semester (学期) a day falls in: one definition for the reports' rates, the
 * enrolment ledger, the visit quotas and the risk engine. Days are YYYY-MM-DD (lib/time/day.ts).
 *
 * A school year opens on 1 September ("每年九月份，学校要登记好学生相关信息", seed 000 §四.五) unless a
 * report's settings name another 学年初 (MM-DD); it is named by the year it opens: 2026-09-01 …
 * 2027-08-31 is school year 2026.
 */

/** The first day of the school year `day` falls in (学年初, MM-DD, 09-01 by default). */
export function schoolYearStartOf(day: string, start = '09-01'): string {
  const thisYear = `${day.slice(0, 4)}-${start}`;
  return day >= thisYear ? thisYear : `${Number(day.slice(0, 4)) - 1}-${start}`;
}

/** The school year `day` belongs to, named by the calendar year it opens in. */
export const schoolYearOf = (day: string, start = '09-01'): number =>
  Number(schoolYearStartOf(day, start).slice(0, 4));

/** The semester a date is in: autumn 1 Sep – 31 Jan, spring 1 Feb – 31 Aug. */
export function semesterOf(day: string): { from: string; to: string } {
  const [y, m] = day.split('-').map(Number) as [number, number];
  if (m >= 9) return { from: `${y}-09-01`, to: `${y + 1}-01-31` };
  if (m === 1) return { from: `${y - 1}-09-01`, to: `${y}-01-31` };
  return { from: `${y}-02-01`, to: `${y}-08-31` };
}
