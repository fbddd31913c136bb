/**
 * 适龄: whether a child is of school age for a school year, by the enrolment cut-off. 义务教育法 第十一条:
 * "凡年满六周岁的儿童，其父母或者其他法定监护人应当送其入学接受并完成义务教育；条件不具备的地区的儿童，可以推迟到
 * 七周岁。" Most provinces count 满六周岁 by 8月31日 of the year of entry; that date, the entry age and the
 * grades a school teaches are settings (counties and schools differ).
 *
 * The reading Baoxue takes by default: a child is of school age for this school in school year Y when, on
 * the cut-off day of Y, the child's completed age is that of an on-time pupil of one of the school's grades
 * (一年级 at 6 … 九年级 at 14). A child 15 or older on that day would have finished 九年级 on time and is
 * not counted; a 小学 (一至六年级) counts 6–11, a 初中 (七至九年级) 12–14.
 */
import { isIsoDate } from '../time/day';
import { schoolYearOf as schoolYearOfDay } from '../time/schoolYear';
import { z } from '../zod';

export const EnrolmentSettings = z.object({
  /** The cut-off day, MM-DD: a child who is `entryAge` on this day enters 一年级 that September. */
  cutoff: z
    .string()
    .refine((md) => /^\d{2}-\d{2}$/.test(md) && isIsoDate(`2000-${md}`), 'MM-DD')
    .default('08-31'),
  /** 入学年龄: 6, or 7 where the county defers entry (义务教育法 第十一条). */
  entryAge: z.number().int().min(5).max(8).default(6),
  /** The grades this school teaches, 1–9 (小学 1–6, 初中 7–9, 九年一贯制 1–9). */
  firstGrade: z.number().int().min(1).max(9).default(1),
  lastGrade: z.number().int().min(1).max(9).default(9),
});
export type EnrolmentSettings = z.infer<typeof EnrolmentSettings>;

export const DEFAULT_ENROLMENT: EnrolmentSettings = EnrolmentSettings.parse({});

/** A stored settings value (JSON text) → settings; a bad or missing value gives the defaults. */
export function parseEnrolmentSettings(json: string | undefined): EnrolmentSettings {
  try {
    return checkEnrolmentSettings(json ? JSON.parse(json) : {}) ?? DEFAULT_ENROLMENT;
  } catch {
    return DEFAULT_ENROLMENT;
  }
}

/** Settings as a registrar enters them, or null when they cannot be (02-30, grades 7 to 6). */
export function checkEnrolmentSettings(value: unknown): EnrolmentSettings | null {
  const r = EnrolmentSettings.safeParse(value);
  return r.success && r.data.firstGrade <= r.data.lastGrade ? r.data : null;
}

/**
 * The school year (学年) a day belongs to, named by the year it starts: 1 September opens it ("每年九月份，
 * 学校要登记好学生相关信息", seed 000 §四.五). 2026-09-01 … 2027-08-31 is school year 2026. The age cut-off
 * is a separate setting: a county may count ages to 8月31日 or to another day.
 */
export const schoolYearOf = (day: string): number => schoolYearOfDay(day);

/** The cut-off day of school year `year`, YYYY-MM-DD. */
export const cutoffDay = (year: number, cutoff = DEFAULT_ENROLMENT.cutoff) => `${year}-${cutoff}`;

/**
 * 周岁 (completed years) on `day`. A child born on 29 February turns a year older on 1 March in other
 * years (the birthday has not come while the month-day is still before 02-29).
 */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export type AgeStanding = 'school-age' | 'too-young' | 'too-old';

/** The ages (on the cut-off day) of on-time pupils of the school's first and last grades. */
export function ageRange(s: EnrolmentSettings): { min: number; max: number } {
  return { min: s.entryAge + s.firstGrade - 1, max: s.entryAge + s.lastGrade - 1 };
}

/** Whether a child born on `birthDate` is of school age for this school in school year `year`. */
export function ageStanding(birthDate: string, year: number, s: EnrolmentSettings): AgeStanding {
  const age = ageOn(birthDate, cutoffDay(year, s.cutoff));
  const { min, max } = ageRange(s);
  if (age < min) return 'too-young';
  if (age > max) return 'too-old';
  return 'school-age';
}
