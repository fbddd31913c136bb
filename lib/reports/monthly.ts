/**
 * 学校月报 ("一月一报告", domain.md §5): 在校生数, 疑似辍学, 辍学, 复学 (劝返成功), by 小学/初中 and by class;
 * 年辍学率 against the line (小学 2%, 初中 3%, 篇五), 劝返复学率 against 100%, 巩固率, the classes with no
 * dropout, and in March and September the 控辍月 and what the seeds ask for in it. One pure function, so the
 * dashboard, the print and the xlsx show the same numbers, each rate with its definition and source
 * (`definitions`, i18n keys) beside it.
 *
 * Counts: 疑似辍学 as lib/reports/suspected.ts defines it (one definition for every screen); a 劝返 case counts
 * as 辍学 once reported to the 乡镇政府 and until the child returns (动态销号); 复学 is a return recorded on the
 * case. Every count is of children, each once,
 * in the class the roll shows last. The rates are in lib/reports/rates.ts.
 */
import { compareGradeLabels, type GradeSystem, parseGrade, type SchoolStage, stageOfGrade } from '../grades';
import type { MessageKey } from '../i18n';
import type { BaoxueEvent, ChangeEvent, StatusChangeCase, Student } from '../records';
import { persuasionCases } from '../risk/persuasion';
import { dayString, monthEnd } from '../time/day';
import {
  dropoutRate,
  onRollOn,
  outOn,
  type RateCounts,
  type ReturnRateBase,
  rateCounts,
  retentionRate,
  returnRate,
  rollDates,
  schoolYearStartOf,
} from './rates';
import { type SuspectedOptions, suspectedDropouts, suspectedThreshold } from './suspected';

export type Stage = SchoolStage | '其他';
export const DROPOUT_LINE: Record<SchoolStage, number> = { 小学: 0.02, 初中: 0.03 };

/** 学段 of a grade label (lib/grades.ts), 六三制 unless the school says otherwise. */
export const stageOf = (grade: string, system: GradeSystem = '六三制'): Stage => stageOfGrade(grade, system);

export interface Figures {
  /** 在校生数: on the roll on the month's last day. */
  enrolled: number;
  suspected: number;
  /** 辍学: out of school on the month's last day (reported, not back). */
  dropouts: number;
  returned: number;
  /** What the rates divide (学年初在校生数, 学年内辍学 …). */
  counts: RateCounts;
  /** undefined when there is nobody to divide by. */
  dropoutRate?: number;
  returnRate?: number;
  retentionRate?: number;
}

/** Text with its parameters, for `t` / the translator: lib never builds the Chinese itself. */
export interface Said {
  key: MessageKey;
  params: string[];
}

export interface ReportOptions {
  gradeSystem?: GradeSystem;
  /** 学年初, MM-DD (default 09-01). */
  schoolYearStart?: string;
  returnRateBase?: ReturnRateBase;
  /** 设置 → 学校名称: the direction of a bare 转学 case (see rollDates). */
  schoolName?: string;
  /** The school's ladder and calendar: the 疑似辍学 threshold (lib/reports/suspected.ts). */
  suspected?: SuspectedOptions;
}

export interface ReportInput {
  students: Student[];
  events: BaoxueEvent[];
  /** 学籍异动 cases: transfer-in and leaving dates for the roll at 学年初. */
  cases?: StatusChangeCase[];
  /** 变动记录: "student-gone" events date a child's leaving the roll when no case does. */
  changes?: ChangeEvent[];
}

export interface MonthlyReport {
  month: string; // YYYY-MM
  from: string;
  to: string;
  /** 学年初: the day whose roll is 年辍学率's base. */
  yearStart: string;
  total: Figures;
  stages: { stage: SchoolStage; figures: Figures; line: number; withinLine?: boolean }[];
  classes: { className: string; stage: Stage; figures: Figures }[];
  classesWithoutDropout: string[];
  /** March and September: 控辍月 (控辍保学宣传月), with what the seeds ask for in it. */
  campaign?: { month: 3 | 9; asks: MessageKey[] };
  /** Each figure's definition and source, in the order the table's columns show them. */
  definitions: Said[];
}

/** What the seeds ask for in a 控辍月; September adds the new year's registration. */
export const CAMPAIGN_ASKS: Record<3 | 9, MessageKey[]> = {
  3: ['campaign_publicise', 'campaign_not_arrived', 'campaign_key_visits'],
  9: ['campaign_publicise', 'campaign_not_arrived', 'campaign_key_visits', 'campaign_register'],
};

/** What a count needs of a child: who, and where the roll (or the 学籍异动) puts them. */
type Child = Pick<Student, 'id' | 'grade' | 'className'>;

export function monthlyReport(input: ReportInput, month: string, opts: ReportOptions = {}): MonthlyReport {
  const system = opts.gradeSystem ?? '六三制';
  const from = `${month}-01`;
  const to = monthEnd(month);
  const yearStart = schoolYearStartOf(to, opts.schoolYearStart);
  const { students, events } = input;
  const byId = new Map(students.map((s) => [s.id, s]));
  const roll = rollDates(students, input.cases, input.changes, opts.schoolName);
  const cases = persuasionCases(events).filter((c) => dayString(c.openedAt) <= to);
  // 疑似辍学: the one definition (lib/reports/suspected.ts), as on the 疑似辍学台账 and beside the 风险名单.
  const suspected = new Set(suspectedDropouts(events, from, to, opts.suspected).keys());
  // A 转出 overdue for a child whose roster row Baoxue has not read (the 风险名单 lists them too): counted in
  // the class and grade the 学籍异动 names.
  const unread = new Map<string, Child>();
  for (const c of input.cases ?? [])
    if (suspected.has(c.xjh) && !byId.has(c.xjh))
      unread.set(c.xjh, { id: c.xjh, grade: c.grade, className: c.className });
  const out = new Set(cases.filter((c) => outOn(c, to)).map((c) => c.studentId));
  const returned = new Set(
    cases.filter((c) => c.returnedOn && c.returnedOn >= from && c.returnedOn <= to).map((c) => c.studentId),
  );

  // A child out as 辍学 and off the roll belongs to a cohort still at school unless that cohort has since
  // moved on past the stage (a 九年级 dropout of two years ago is no longer part of this school's 巩固率).
  const yearOf = (day: string) => Number(schoolYearStartOf(day, opts.schoolYearStart).slice(0, 4));
  const cohortAtSchool = (id: string) => {
    const s = byId.get(id);
    const g = s && parseGrade(s.grade, system);
    if (!g?.grade || !g.stage) return true;
    const moved = g.grade + Math.max(0, yearOf(to) - yearOf(roll.get(id)?.left ?? to));
    return stageOfGrade(`${moved}年级`, system) === g.stage && moved <= 9;
  };

  const figures = (ids: Set<string>): Figures => {
    const count = (set: Set<string>) => [...set].filter((id) => ids.has(id)).length;
    const counts = rateCounts({
      ids,
      roll,
      cases,
      to,
      yearStart,
      returnRateBase: opts.returnRateBase,
      cohortAtSchool,
    });
    return {
      enrolled: [...ids].filter((id) => onRollOn(roll.get(id), to)).length,
      suspected: count(suspected),
      dropouts: count(out),
      returned: count(returned),
      counts,
      dropoutRate: dropoutRate(counts),
      returnRate: returnRate(counts),
      retentionRate: retentionRate(counts),
    };
  };
  // Every child Baoxue knows who is in this month's report: on the roll at 学年初 or at month end, or with a
  // 劝返 case (a 辍学 child no longer 在校 stays in it), or 疑似辍学 (a 转出 not finished: the 台账 lists them too).
  const withCase = new Set(cases.map((c) => c.studentId));
  const counted: Child[] = [
    ...students.filter(
      (s) =>
        onRollOn(roll.get(s.id), yearStart) ||
        onRollOn(roll.get(s.id), to) ||
        withCase.has(s.id) ||
        suspected.has(s.id),
    ),
    ...unread.values(),
  ];
  const gradeOf = new Map(counted.map((s) => [s.id, s.grade]));
  const idsWhere = (keep: (s: Child) => boolean) => new Set(counted.filter(keep).map((s) => s.id));

  const stages = (['小学', '初中'] as const).map((stage) => {
    const f = figures(idsWhere((s) => stageOf(s.grade, system) === stage));
    const line = DROPOUT_LINE[stage];
    return {
      stage,
      figures: f,
      line,
      withinLine: f.dropoutRate === undefined ? undefined : f.dropoutRate <= line,
    };
  });
  // Classes in school order: by grade (一 … 九), then by number (lib/grades.ts).
  const classNames = [...new Set(counted.map((s) => s.className))].sort((a, b) =>
    compareGradeLabels(a, b, system),
  );
  const classes = classNames.map((className) => {
    const ids = idsWhere((s) => s.className === className);
    const grade = gradeOf.get([...ids][0]!) ?? '';
    return { className, stage: stageOf(grade, system), figures: figures(ids) };
  });
  const m = Number(month.slice(5, 7));
  return {
    month,
    from,
    to,
    yearStart,
    total: figures(new Set(counted.map((s) => s.id))),
    stages,
    classes,
    classesWithoutDropout: classes.filter((c) => c.figures.dropouts === 0).map((c) => c.className),
    ...(m === 3 || m === 9 ? { campaign: { month: m, asks: CAMPAIGN_ASKS[m] } } : {}),
    definitions: [
      { key: 'report_def_counts', params: [String(suspectedThreshold(opts.suspected))] },
      { key: 'report_def_dropout', params: [yearStart] },
      {
        key: opts.returnRateBase === 'suspected' ? 'report_def_return_suspected' : 'report_def_return',
        params: [yearStart],
      },
      { key: 'report_def_retention', params: [] },
      // The 学制 is Baoxue's own word, one message per system so each language names it.
      { key: system === '五四制' ? 'report_def_settings_54' : 'report_def_settings_63', params: [yearStart] },
    ],
  };
}

export const percent = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);
