/**
 * What a school changes about paperwork without code: its name (for the printed 清单), who is ticking
 * documents on this device, the graduating grades, rule adjustments and extra holiday/调休 days. Stored as
 * one device-local setting, parsed with zod when read (a bad value falls back to the defaults).
 */
import { GradeSystem } from '../grades';
import { z } from '../zod';
import { DEFAULT_CALENDAR, type HolidayCalendar, isIsoDate, mergeCalendar } from './calendar';
import { type ChangeRule, DEFAULT_RULES, type DocumentRule } from './rules';

const ymd = z.string().refine(isIsoDate, 'YYYY-MM-DD');

const Provider = z.enum([
  'guardian',
  'classTeacher',
  'receivingSchool',
  'sendingSchool',
  'leader',
  'school',
  'hospital',
  'hukou',
  'centralSchool',
  'bureau',
]);

export const RuleOverride = z.object({
  deadlineWorkingDays: z.number().int().min(0).max(365).optional(),
  /** document code → mandatory */
  mandatory: z.record(z.string().max(64), z.boolean()).optional(),
  added: z
    .array(
      z.object({
        code: z.string().max(64),
        name: z.string().min(1).max(100),
        provider: Provider,
        mandatory: z.boolean(),
      }),
    )
    .max(20)
    .optional(),
});
export type RuleOverride = z.infer<typeof RuleOverride>;

export const PaperworkSettings = z.object({
  schoolName: z.string().max(100).default(''),
  verifier: z.string().max(50).default(''),
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
  /**
   * 中心学校审批备案: where the township's 中心学校 approves and files every transfer (篇五 §7 "转学必须经中心
   * 学校审批备案"), a transfer's checklist has that step. Off by default: not every school has a 中心学校 above it.
   */
  centralApproval: z.boolean().default(false),
  /**
   * The longest a child may stay on 休学 in a row, 续休 included, in months. domain.md §4: "Normally at most
   * one year (some provinces: two years in a row at most)": Baoxue reads the one year as each term's length
   * when the host shows none, and takes two years in a row as the limit; a province with a one-year limit
   * sets 12.
   */
  suspensionLimitMonths: z.number().int().min(6).max(60).default(24),
  overrides: z.record(z.string().max(64), RuleOverride).default({}),
  /** The absence ladder's changes, by step code (when it starts, how many school days it has). */
  ladder: z
    .record(
      z.string().max(64),
      z.object({
        atDays: z.number().min(0.5).max(60).optional(),
        dueWorkingDays: z.number().int().min(0).max(30).optional(),
      }),
    )
    .default({}),
  /** An excused half-day (事假/病假) in a run of absence: ends the run (default) or pauses it (domain.md §5). */
  excusedHalfDay: z.enum(['ends', 'pauses']).default('ends'),
  /** The first day of term, for "not arrived within a week"; blank means 1 September / 1 February. */
  termStart: z.union([z.literal(''), z.string().refine(isIsoDate)]).default(''),
  calendar: z
    .object({ holidays: z.array(ymd).max(400), workdays: z.array(ymd).max(200) })
    .default({ holidays: [], workdays: [] }),
});
export type PaperworkSettings = z.infer<typeof PaperworkSettings>;

export const SETTINGS_ID = 'paperwork';

export function parseSettings(json: string | undefined): PaperworkSettings {
  try {
    const r = PaperworkSettings.safeParse(json ? JSON.parse(json) : {});
    if (r.success) return r.data;
  } catch {
    // fall through to defaults
  }
  return PaperworkSettings.parse({});
}

export function applyOverrides(rules: ChangeRule[], overrides: Record<string, RuleOverride>): ChangeRule[] {
  return rules.map((rule) => {
    const o = overrides[rule.type];
    if (!o) return rule;
    const documents: DocumentRule[] = [
      ...rule.documents.map((d) => ({ ...d, mandatory: o.mandatory?.[d.code] ?? d.mandatory })),
      ...(o.added ?? []).map((d) => ({ ...d, mandatory: o.mandatory?.[d.code] ?? d.mandatory })),
    ];
    return { ...rule, documents, deadlineWorkingDays: o.deadlineWorkingDays ?? rule.deadlineWorkingDays };
  });
}

export interface PaperworkContext {
  rules: ChangeRule[];
  calendar: HolidayCalendar;
  graduatingGrades: string[];
  gradeSystem?: GradeSystem;
  suspensionLimitMonths: number;
  /** The school's own name (设置 → 学校名称): tells a bare 转学 in or out. */
  schoolName?: string;
}

export const CENTRAL_APPROVAL: DocumentRule = {
  code: 'central-approval',
  name: '中心学校审批备案',
  provider: 'centralSchool',
  mandatory: true,
};

/** The school's switch for 中心学校审批备案: every transfer rule gets the step (before the school's overrides). */
export function withCentralApproval(rules: ChangeRule[], on: boolean): ChangeRule[] {
  if (!on) return rules;
  return rules.map((r) =>
    r.transfer && !r.documents.some((d) => d.code === CENTRAL_APPROVAL.code)
      ? {
          ...r,
          documents: [...r.documents, CENTRAL_APPROVAL],
          source: `${r.source}；篇五 §7：转学必须经中心学校审批备案`,
        }
      : r,
  );
}

export function contextFrom(settings: PaperworkSettings): PaperworkContext {
  return {
    rules: applyOverrides(withCentralApproval(DEFAULT_RULES, settings.centralApproval), settings.overrides),
    calendar: mergeCalendar(DEFAULT_CALENDAR, settings.calendar),
    graduatingGrades: settings.graduatingGrades,
    gradeSystem: settings.gradeSystem,
    suspensionLimitMonths: settings.suspensionLimitMonths,
    schoolName: settings.schoolName,
  };
}
