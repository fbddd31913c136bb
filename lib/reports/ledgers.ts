/**
 * The 台账 a school hands in (domain.md §5, MOE 2024), as plain tables computed from the store: the same rows
 * feed the dashboard, the print and the xlsx. Each ledger says its columns once; ID columns are marked so
 * the xlsx keeps them as text.
 */

import type { CaseCheck } from '../paperwork/checks';
import { destinationText } from '../paperwork/destination';
import type { BaoxueEvent, Student } from '../records';
import { keyStudents } from '../risk/keyStudents';
import { type PersuasionCase, persuasionCases, STEP_LABEL } from '../risk/persuasion';
import { visitQuotas } from '../risk/quotas';
import { dayString } from '../time/day';

export interface Column {
  key: string;
  header: string;
  /** Stored as text whatever it looks like (学籍号, 身份证件号): never a number in scientific notation. */
  id?: boolean;
  width?: number;
}

export type Row = Record<string, string | number>;

export interface Ledger {
  kind: LedgerKind;
  title: string;
  columns: Column[];
  rows: Row[];
}

export type LedgerKind = 'suspected' | 'dropout' | 'changes' | 'key' | 'visits';

export interface LedgerFilter {
  /** Inclusive YYYY-MM-DD bounds on the row's date (opened, applied, designated, visited). */
  from?: string;
  to?: string;
  grade?: string;
  className?: string;
}

export interface LedgerInput {
  students: Student[];
  events: BaoxueEvent[];
  checks: CaseCheck[];
  today: string;
}

const who = (students: Map<string, Student>, id: string) => students.get(id);
/** The ledgers' first four columns (STUDENT_COLUMNS) for a student the roll may not have read. */
const studentCells = (id: string, s: Student | undefined): Row => ({
  xjh: id,
  name: s?.name ?? '',
  grade: s?.grade ?? '',
  className: s?.className ?? '',
});
const inRange = (day: string, f: LedgerFilter) => (!f.from || day >= f.from) && (!f.to || day <= f.to);
const inClass = (s: { grade?: string; className?: string } | undefined, f: LedgerFilter) =>
  (!f.grade || s?.grade === f.grade) && (!f.className || s?.className === f.className);

const STUDENT_COLUMNS: Column[] = [
  { key: 'xjh', header: '全国学籍号', id: true, width: 22 },
  { key: 'name', header: '姓名', width: 10 },
  { key: 'grade', header: '年级', width: 8 },
  { key: 'className', header: '班级', width: 12 },
];

/** A 劝返 case counts as 辍学 once it was reported to the 乡镇政府 (still absent after persuasion). */
export const isDropout = (c: PersuasionCase) => c.steps.some((s) => s.step === 'report');
const reportedOn = (c: PersuasionCase) => c.steps.find((s) => s.step === 'report')?.at;

function caseRows(cases: PersuasionCase[], students: Map<string, Student>, f: LedgerFilter): Row[] {
  return cases
    .filter((c) => inRange(dayString(c.openedAt), f) && inClass(who(students, c.studentId), f))
    .sort((a, b) => a.openedAt - b.openedAt)
    .map((c) => {
      const last = c.steps.at(-1);
      const reported = reportedOn(c);
      return {
        ...studentCells(c.studentId, who(students, c.studentId)),
        opened: dayString(c.openedAt),
        attempts: c.steps.filter((x) => x.step === 'attempt').length,
        step: last ? STEP_LABEL[last.step] : '',
        deadline: c.deadline ?? '',
        reported: reported ? dayString(reported) : '',
        closed: c.returnedOn ?? '',
        state: c.state === 'closed' ? '已销号' : '在办',
      };
    });
}

const CASE_COLUMNS: Column[] = [
  ...STUDENT_COLUMNS,
  { key: 'opened', header: '疑似辍学日期', width: 12 },
  { key: 'attempts', header: '劝返次数', width: 8 },
  { key: 'step', header: '当前环节', width: 20 },
  { key: 'deadline', header: '返校期限', width: 12 },
  { key: 'closed', header: '销号日期', width: 12 },
  { key: 'state', header: '状态', width: 8 },
];

export function buildLedger(kind: LedgerKind, input: LedgerInput, f: LedgerFilter = {}): Ledger {
  const students = new Map(input.students.map((s) => [s.id, s]));
  switch (kind) {
    case 'suspected':
      return {
        kind,
        title: '疑似辍学学生台账',
        columns: CASE_COLUMNS,
        rows: caseRows(persuasionCases(input.events), students, f),
      };
    case 'dropout':
      return {
        kind,
        title: '辍学学生台账',
        columns: [
          ...CASE_COLUMNS.slice(0, 5),
          { key: 'reported', header: '报告乡镇日期', width: 12 },
          ...CASE_COLUMNS.slice(5),
        ],
        rows: caseRows(persuasionCases(input.events).filter(isDropout), students, f),
      };
    case 'changes':
      return {
        kind,
        title: '学籍异动台账',
        columns: [
          ...STUDENT_COLUMNS,
          { key: 'type', header: '异动类别', width: 10 },
          { key: 'applied', header: '申请日期', width: 12 },
          { key: 'review', header: '审核状态', width: 10 },
          { key: 'paperwork', header: '手续', width: 30 },
          { key: 'due', header: '办结期限', width: 12 },
          // 学生流出去向 for every child who leaves (seed 000 §四(三)); 未登记 is the registrar's to fill.
          { key: 'destination', header: '流出去向', width: 24 },
        ],
        rows: input.checks
          .filter(({ c }) => inRange(c.appliedDate, f) && inClass(c, f))
          .sort((a, b) => a.c.appliedDate.localeCompare(b.c.appliedDate))
          .map(({ c, list }) => ({
            xjh: c.xjh,
            name: c.name,
            grade: c.grade,
            className: c.className,
            type: c.changeType,
            applied: c.appliedDate,
            review: c.reviewStatus,
            paperwork: !list.ruleType
              ? '未知异动类型'
              : list.missing.length
                ? `缺 ${list.missing.length} 项：${list.missing.map((d) => d.name).join('、')}${list.overdue ? '（逾期）' : ''}`
                : '已齐全',
            due: list.due ?? '',
            destination: !list.leaves ? '' : list.destination ? destinationText(list.destination) : '未登记',
          })),
      };
    case 'key':
      return {
        kind,
        title: '重点生台账',
        columns: [
          ...STUDENT_COLUMNS,
          { key: 'reason', header: '原因', width: 24 },
          { key: 'partner', header: '帮扶教师', width: 10 },
          { key: 'since', header: '确定日期', width: 12 },
          { key: 'lastVisit', header: '最近家访', width: 12 },
          { key: 'nextVisit', header: '下次家访', width: 12 },
        ],
        rows: [...keyStudents(input.events, input.today).values()]
          .filter((k) => inRange(k.since, f) && inClass(who(students, k.studentId), f))
          .map((k) => ({
            ...studentCells(k.studentId, who(students, k.studentId)),
            reason: k.reason,
            partner: k.partner,
            since: k.since,
            lastVisit: k.lastVisit ?? '',
            nextVisit: `${k.nextVisitDue}${k.visitOverdue ? '（逾期）' : ''}`,
          })),
      };
    case 'visits': {
      const visits = input.events.filter(
        (e) => e.kind === 'homeVisit' && inClass(who(students, e.studentId), f),
      );
      const from = f.from ?? '0000-01-01';
      const to = f.to ?? '9999-12-31';
      return {
        kind,
        title: '家访记录汇总',
        columns: [
          { key: 'author', header: '教师', width: 12 },
          { key: 'role', header: '身份', width: 10 },
          { key: 'visits', header: '家访次数', width: 10 },
          { key: 'quota', header: '学期要求', width: 10 },
          { key: 'done', header: '完成情况', width: 12 },
        ],
        rows: visitQuotas(visits, from, to).map((q) => ({
          author: q.author,
          role: q.role === 'teacher' ? '班主任' : '科任教师',
          visits: q.visits,
          quota: q.quota,
          done: q.done ? '已完成' : `还差 ${q.quota - q.visits} 次`,
        })),
      };
    }
  }
}

export const LEDGER_KINDS: LedgerKind[] = ['suspected', 'dropout', 'changes', 'key', 'visits'];
