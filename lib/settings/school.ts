/**
 * The school itself: its name, 学制 and graduating grades, its school year and term, how it counts its
 * rates, and the days off or 调休 days it adds to the shipped calendar (lib/time/calendar).
 */
import { GradeSystem } from '../grades';
import { isIsoDate } from '../time/day';
import { z } from '../zod';

const ymd = z.string().refine(isIsoDate, 'YYYY-MM-DD');

export const SchoolSettings = z.object({
  schoolName: z.string().max(100).default(''),
  graduatingGrades: z.array(z.string().max(20)).max(12).default(['六年级', '九年级']),
  /** 学制: 六三制 (小学六年、初中三年) or 五四制 (五年、四年): what 六年级 means, which grade graduates (lib/grades.ts). */
  gradeSystem: GradeSystem.default('六三制'),
  /** 学年初 (MM-DD): the roll on this day is the base of 年辍学率 (lib/reports/rates.ts). */
  schoolYearStart: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
    .default('09-01'),
  /** 劝返复学率's base: children reported as 辍学 (domain.md §5, default) or every 疑似辍学 child (博山方案 §二.2). */
  returnRateBase: z.enum(['dropouts', 'suspected']).default('dropouts'),
  /** The first day of term, for "not arrived within a week"; blank means 1 September / 1 February. */
  termStart: z.union([z.literal(''), z.string().refine(isIsoDate)]).default(''),
  /** The school's own days off and 调休 working days, added to the shipped calendar. */
  calendar: z
    .object({ holidays: z.array(ymd).max(400), workdays: z.array(ymd).max(200) })
    .default({ holidays: [], workdays: [] }),
});
export type SchoolSettings = z.infer<typeof SchoolSettings>;
