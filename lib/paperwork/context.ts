/**
 * The paperwork rules as one school has them: the shipped rules with its 中心学校 step and its overrides,
 * its calendar, graduating grades and name (lib/settings holds what the school chose; this applies it).
 */
import type { GradeSystem } from '../grades';
import type { RuleOverride } from '../settings/paperwork';
import type { Settings } from '../settings/settings';
import { DEFAULT_CALENDAR, type HolidayCalendar, mergeCalendar } from '../time/calendar';
import { type ChangeRule, DEFAULT_RULES, type DocumentRule } from './rules';

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

export function contextFrom(settings: Settings): PaperworkContext {
  return {
    rules: applyOverrides(withCentralApproval(DEFAULT_RULES, settings.centralApproval), settings.overrides),
    calendar: mergeCalendar(DEFAULT_CALENDAR, settings.calendar),
    graduatingGrades: settings.graduatingGrades,
    gradeSystem: settings.gradeSystem,
    suspensionLimitMonths: settings.suspensionLimitMonths,
    schoolName: settings.schoolName,
  };
}
