/**
 * One reading of a grade label (年级, or the start of a 班级 name) for every rule that needs it: the
 * transfer-in-graduating-grade check (domain.md §4: "not allowed … (usually) in the graduating grade") and
 * the reports' 小学/初中 split (domain.md §5: statistics "by 小学/初中").
 *
 * Labels are compared through `labelKey` (full-/half-width, spaces), so `初 三`, `初三（2）班`, `９年级` read
 * as written. The school's 学制 decides what a number means: in 六三制 小学 is 一…六年级 and 初中 七…九年级
 * (初一…初三); in 五四制 小学 is 一…五年级 and 初中 六…九年级 (初一…初四, 上海's 预备年级 = 六年级). The last
 * year of each stage is the graduating grade (毕业年级); "毕业班" says so outright.
 */

import { type Phrase, say } from './say';
import { labelKey } from './text';
import { z } from './zod';

export const GradeSystem = z.enum(['六三制', '五四制']);
export type GradeSystem = z.infer<typeof GradeSystem>;
export type SchoolStage = '小学' | '初中';

export interface Grade {
  /** Absent only for a bare "毕业班", which says it graduates but not from which stage. */
  stage?: SchoolStage;
  /** Year within the stage: 小学 1–6, 初中 1–4. */
  year?: number;
  /** The school-wide grade, 一年级 = 1 … 九年级 = 9. */
  grade?: number;
  /** The stage's last year (小学六/五年级, 初三/初四), or a label that says 毕业. */
  graduating: boolean;
}

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const num = (ch: string) => DIGITS[ch] ?? Number(ch);

const primaryYears = (s: GradeSystem) => (s === '五四制' ? 5 : 6);
const juniorYears = (s: GradeSystem) => (s === '五四制' ? 4 : 3);

function within(stage: SchoolStage, year: number, system: GradeSystem, saysGraduating: boolean): Grade {
  const last = stage === '小学' ? primaryYears(system) : juniorYears(system);
  const grade = Math.min(9, stage === '小学' ? year : primaryYears(system) + year);
  return { stage, year, grade, graduating: saysGraduating || year >= last };
}

/**
 * The grade a label names, or undefined when it names none Baoxue counts (高一, 2020级, blank). Reads the
 * label's start, so a class name (七年级3班, 初三(2)班) reads as its grade.
 */
export function parseGrade(
  label: string | null | undefined,
  system: GradeSystem = '六三制',
): Grade | undefined {
  const k = labelKey(label);
  if (!k) return undefined;
  const saysGraduating = k.includes('毕业');
  const saysYear = (prefix: string) => new RegExp(`^(?:${prefix})([一二三四五六七八九1-9])`).exec(k)?.[1];
  const primary = saysYear('小学|小');
  if (primary) return within('小学', num(primary), system, saysGraduating);
  const junior = saysYear('初中|初');
  if (junior) return within('初中', num(junior), system, saysGraduating);
  if (/^(?:预备|预初)/.test(k)) return within('初中', 1, '五四制', saysGraduating);
  const overall = /^([一二三四五六七八九1-9])年级/.exec(k)?.[1];
  if (overall) {
    const n = num(overall);
    const p = primaryYears(system);
    return n <= p ? within('小学', n, system, saysGraduating) : within('初中', n - p, system, saysGraduating);
  }
  if (/^小学毕业/.test(k)) return { stage: '小学', graduating: true };
  if (/^初中毕业/.test(k)) return { stage: '初中', graduating: true };
  if (/^毕业(班|年级)/.test(k)) return { graduating: true };
  // A stage named without a year (小学部, 初中部): the stage is known, the year is not.
  if (/^小学/.test(k)) return { stage: '小学', graduating: false };
  if (/^初中/.test(k)) return { stage: '初中', graduating: false };
  return undefined;
}

/** The school's 学制 from its settings; 六三制 when unset or unreadable (the national default). */
export const gradeSystemOf = (settings: { gradeSystem?: unknown } | undefined): GradeSystem => {
  const r = GradeSystem.safeParse(settings?.gradeSystem);
  return r.success ? r.data : '六三制';
};

/**
 * Whether a case's 年级 is the graduating grade. The parser decides for every label it reads; the school's
 * own list (`graduatingGrades`, compared with `labelKey`) only adds names the parser does not know.
 */
export function isGraduatingGrade(
  label: string,
  ctx: { graduatingGrades?: string[]; gradeSystem?: unknown },
): boolean {
  const g = parseGrade(label, gradeSystemOf(ctx));
  if (g) return g.graduating;
  const k = labelKey(label);
  return k !== '' && (ctx.graduatingGrades ?? []).some((x) => labelKey(x) === k);
}

/** 学段 for the reports: 小学, 初中, or 其他 (高中, unreadable). */
export const stageOfGrade = (label: string, system: GradeSystem = '六三制'): SchoolStage | '其他' =>
  parseGrade(label, system)?.stage ?? '其他';

/**
 * Two labels name the same grade (七年级 = 初一 = 初 一 in 六三制; 六年级 = 初一 in 五四制). Labels the parser
 * cannot place by number are compared through `labelKey` only.
 */
export function sameGrade(a: string, b: string, system: GradeSystem = '六三制'): boolean {
  const x = parseGrade(a, system);
  const y = parseGrade(b, system);
  if (x?.grade !== undefined && y?.grade !== undefined) return x.grade === y.grade;
  return labelKey(a) === labelKey(b);
}

/** The class's number within its grade (七年级10班 → 10, 初三（2）班 → 2), read from the end of the label. */
const classNumber = (label: string): number | undefined => {
  const m = /(\d+)\D*$/.exec(labelKey(label));
  return m ? Number(m[1]) : undefined;
};

/**
 * The school's order for grades and classes, one comparator for every drop-down and table: by grade
 * (一年级 … 九年级; 初一 sits with 七年级 in 六三制), then by the class's number as a number (七年级2班 before
 * 七年级10班), then by the label. Labels naming no grade Baoxue reads (高一, blank) come last, in label order.
 * Character-code order put 七年级 before 三年级 and 10班 before 2班.
 */
export function compareGradeLabels(a: string, b: string, system: GradeSystem = '六三制'): number {
  const rank = (label: string) => parseGrade(label, system)?.grade ?? 99;
  const na = classNumber(a) ?? 0;
  const nb = classNumber(b) ?? 0;
  return rank(a) - rank(b) || na - nb || a.localeCompare(b, 'zh-CN', { numeric: true });
}

/** The labels present, each once, in school order (for a filter's choices). */
export const sortedLabels = (labels: Iterable<string>, system: GradeSystem = '六三制'): string[] =>
  [...new Set(labels)].filter(Boolean).sort((a, b) => compareGradeLabels(a, b, system));

/**
 * The 学段 and 学制 are stored as the Chinese words (settings, report rows); shown in the reader's language
 * through these keys.
 */
export const stageText = (stage: SchoolStage | '其他'): Phrase =>
  say(stage === '小学' ? 'stage_primary' : stage === '初中' ? 'stage_junior' : 'stage_other');

export const gradeSystemText = (system: GradeSystem): Phrase =>
  say(system === '五四制' ? 'grade_system_54' : 'grade_system_63');
