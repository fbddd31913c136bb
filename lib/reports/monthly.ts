/**
 * 学校月报 ("一月一报告", domain.md §5): 在校生数, 疑似辍学, 辍学, 复学 (劝返成功), by 小学/初中 and by class;
 * 辍学率 against the line (小学 2%, 初中 3%), 劝返复学率 against 100%, 巩固率, and the classes with no
 * dropout. One pure function, so the dashboard, the print and the xlsx show the same numbers.
 *
 * Definitions (stated, since schools count differently): a 劝返 case opens when a child is 疑似辍学; it
 * counts as 辍学 once reported to the 乡镇政府 and until the child returns; 复学 is a return recorded on the
 * case. Every count is of children, each once (a child moved to another class mid-month counts once, in
 * the class the roll shows now). 巩固率 here is the share of children on the roll not out as dropouts at
 * month end — the school's own approximation, not the cohort ratio a county computes.
 */
import { dayString, monthEnd } from '../paperwork/calendar';
import type { BaoxueEvent, Student } from '../records';
import { persuasionCases } from '../risk/persuasion';
import { isDropout } from './ledgers';

export type Stage = '小学' | '初中' | '其他';
export const DROPOUT_LINE: Record<Exclude<Stage, '其他'>, number> = { 小学: 0.02, 初中: 0.03 };

export function stageOf(grade: string): Stage {
  if (/^[一二三四五六1-6]年级|^小学/.test(grade)) return '小学';
  if (/^[七八九7-9]年级|^初[一二三中]/.test(grade)) return '初中';
  return '其他';
}

const NUMERALS = '一二三四五六七八九';
function gradeRank(label: string): number {
  const m = /([一二三四五六七八九1-9])年级/.exec(label);
  if (!m) return 99;
  const i = NUMERALS.indexOf(m[1]!);
  return i >= 0 ? i + 1 : Number(m[1]);
}

export interface Figures {
  enrolled: number;
  suspected: number;
  dropouts: number;
  returned: number;
  /** undefined when there is nobody to divide by (no child on the roll, no 劝返 case). */
  dropoutRate?: number;
  returnRate?: number;
  retentionRate?: number;
}

export interface MonthlyReport {
  month: string; // YYYY-MM
  from: string;
  to: string;
  total: Figures;
  stages: { stage: Stage; figures: Figures; line?: number; withinLine?: boolean }[];
  classes: { className: string; stage: Stage; figures: Figures }[];
  classesWithoutDropout: string[];
}

function lastDay(month: string): string {
  return monthEnd(month);
}

export function monthlyReport(students: Student[], events: BaoxueEvent[], month: string): MonthlyReport {
  const from = `${month}-01`;
  const to = lastDay(month);
  const roll = new Map(students.filter((s) => s.onRoll).map((s) => [s.id, s]));
  const cases = persuasionCases(events).filter((c) => dayString(c.openedAt) <= to);
  const suspected = new Set(cases.filter((c) => dayString(c.openedAt) >= from).map((c) => c.studentId));
  const out = new Set(
    cases
      .filter((c) => isDropout(c) && dayString(c.steps.find((s) => s.step === 'report')!.at) <= to)
      .filter((c) => !c.returnedOn || c.returnedOn > to)
      .map((c) => c.studentId),
  );
  const returned = new Set(
    cases.filter((c) => c.returnedOn && c.returnedOn >= from && c.returnedOn <= to).map((c) => c.studentId),
  );
  const everOpened = new Set(cases.map((c) => c.studentId));
  const everReturned = new Set(
    cases.filter((c) => c.returnedOn && c.returnedOn <= to).map((c) => c.studentId),
  );

  const figures = (ids: Set<string>): Figures => {
    const count = (set: Set<string>) => [...set].filter((id) => ids.has(id)).length;
    const enrolled = ids.size;
    const dropouts = count(out);
    const opened = count(everOpened);
    return {
      enrolled,
      suspected: count(suspected),
      dropouts,
      returned: count(returned),
      dropoutRate: enrolled ? dropouts / enrolled : undefined,
      returnRate: opened ? count(everReturned) / opened : undefined,
      retentionRate: enrolled ? (enrolled - dropouts) / enrolled : undefined,
    };
  };
  const idsWhere = (keep: (s: Student) => boolean) =>
    new Set([...roll.values()].filter(keep).map((s) => s.id));

  const stages = (['小学', '初中'] as const).map((stage) => {
    const f = figures(idsWhere((s) => stageOf(s.grade) === stage));
    const line = DROPOUT_LINE[stage];
    return {
      stage,
      figures: f,
      line,
      withinLine: f.dropoutRate === undefined ? undefined : f.dropoutRate <= line,
    };
  });
  // Classes in school order: by grade (一 … 九), then by number.
  const classNames = [...new Set([...roll.values()].map((s) => s.className))].sort(
    (a, b) => gradeRank(a) - gradeRank(b) || a.localeCompare(b, 'zh-CN', { numeric: true }),
  );
  const classes = classNames.map((className) => {
    const ids = idsWhere((s) => s.className === className);
    const grade = roll.get([...ids][0]!)?.grade ?? '';
    return { className, stage: stageOf(grade), figures: figures(ids) };
  });
  return {
    month,
    from,
    to,
    total: figures(new Set(roll.keys())),
    stages,
    classes,
    classesWithoutDropout: classes.filter((c) => c.figures.dropouts === 0).map((c) => c.className),
  };
}

export const percent = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);
