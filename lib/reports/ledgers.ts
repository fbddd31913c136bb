/**
 * The 台账 a school hands in (domain.md §5, MOE 2024), as plain tables computed from the store: the same rows
 * feed the dashboard, the print and the xlsx. Each ledger says its columns once; ID columns are marked so
 * the xlsx keeps them as text.
 */

import type { MessageKey } from '../i18n';
import type { CaseCheck } from '../paperwork/checks';
import { destinationText } from '../paperwork/destination';
import { paperworkStatus } from '../paperwork/status';
import type { BaoxueEvent, Student } from '../records';
import { keyStudents } from '../risk/keyStudents';
import { type PersuasionCase, persuasionCases, STEP_LABEL } from '../risk/persuasion';
import { VISIT_COUNT_ROLE_KEY, visitQuotas } from '../risk/quotas';
import { dayString } from '../time/day';
import { reportedDay } from './rates';
import {
  overdueTransfers,
  type Suspected,
  type SuspectedOptions,
  type SuspectedWhy,
  suspectedDropouts,
} from './suspected';

export interface Column {
  key: string;
  header: string;
  /** Stored as text whatever it looks like (学籍号, 身份证件号): never a number in scientific notation. */
  id?: boolean;
  /** A rate: in the xlsx a number (0.0123) shown as 1.23%, so Excel can add and compare it. */
  percent?: boolean;
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
  /** The school's ladder and calendar: the 疑似辍学 threshold (lib/reports/suspected.ts). */
  suspected?: SuspectedOptions;
  /** An author's staff roles where this device knows them (家访记录汇总: a 学籍管理员 has no 班主任 quota). */
  rolesOf?: (author: string) => readonly string[] | undefined;
}

/** The translator the caller passes in (`t` in the extension, the locale file in tests): lib builds no text. */
export type Say = (key: MessageKey, ...substitutions: (string | number)[]) => string;
type ColumnSpec = Omit<Column, 'header'> & { header: MessageKey };
const columns = (specs: ColumnSpec[], say: Say): Column[] =>
  specs.map((c) => ({ ...c, header: say(c.header) }));

const who = (students: Map<string, Student>, id: string) => students.get(id);
/** The ledgers' first four columns (STUDENT_COLUMNS) for a student the roll may not have read. */
const studentCells = (id: string, s: Pick<Student, 'name' | 'grade' | 'className'> | undefined): Row => ({
  xjh: id,
  name: s?.name ?? '',
  grade: s?.grade ?? '',
  className: s?.className ?? '',
});
const inRange = (day: string, f: LedgerFilter) => (!f.from || day >= f.from) && (!f.to || day <= f.to);
const inClass = (s: { grade?: string; className?: string } | undefined, f: LedgerFilter) =>
  (!f.grade || s?.grade === f.grade) && (!f.className || s?.className === f.className);

/** The 手续 cell: one reading (lib/paperwork/status.ts) for the screen, the xlsx and the badge. */
function paperworkCell(list: CaseCheck['list'], say: Say): string {
  const status = paperworkStatus(list);
  switch (status.state) {
    case 'unknown-type':
      return say('lcell_unknown_type');
    case 'closed':
      return say('lcell_closed_case');
    case 'missing':
      return say(
        status.overdue ? 'lcell_missing_overdue' : 'lcell_missing',
        status.missing,
        [
          ...list.missing.map((d) => d.name),
          ...(list.flags.includes('destination-missing') ? [say('pw_dest_title')] : []),
        ].join('、'),
      );
    case 'complete':
      return say('lcell_complete');
  }
}

const STUDENT_COLUMNS: ColumnSpec[] = [
  { key: 'xjh', header: 'lcol_xjh', id: true, width: 22 },
  { key: 'name', header: 'lcol_name', width: 10 },
  { key: 'grade', header: 'lcol_grade', width: 8 },
  { key: 'className', header: 'lcol_class', width: 12 },
];

/** A 劝返 case counts as 辍学 once it was reported to the 乡镇政府 (still absent after persuasion). */
export const isDropout = (c: PersuasionCase) => c.steps.some((s) => s.step === 'report');

function caseRows(cases: PersuasionCase[], students: Map<string, Student>, f: LedgerFilter, say: Say): Row[] {
  return cases
    .filter((c) => inRange(dayString(c.openedAt), f) && inClass(who(students, c.studentId), f))
    .sort((a, b) => a.openedAt - b.openedAt)
    .map((c) => {
      const last = c.steps.at(-1);
      const reported = reportedDay(c); // the date given in the confirmation (lib/reports/rates.ts)
      return {
        ...studentCells(c.studentId, who(students, c.studentId)),
        opened: dayString(c.openedAt),
        attempts: c.steps.filter((x) => x.step === 'attempt').length,
        step: last ? say(STEP_LABEL[last.step]) : '',
        deadline: c.deadline ?? '',
        reported: reported ?? '',
        closed: c.returnedOn ?? '',
        state: say(c.state === 'closed' ? 'lcell_closed' : 'lcell_open'),
      };
    });
}

/** The 原因 cell: why the child is 疑似辍学 (lib/reports/suspected.ts). */
const WHY: Record<SuspectedWhy, MessageKey> = {
  absence: 'lcell_why_absence',
  case: 'lcell_why_case',
  transfer: 'lcell_why_transfer',
};

/**
 * The 疑似辍学学生台账: every child 疑似辍学 on some day of the period (lib/reports/suspected.ts, the same
 * children the 月报 counts), each once, with the 劝返 case the school opened, if it has.
 */
function suspectedRows(input: LedgerInput, students: Map<string, Student>, f: LedgerFilter, say: Say): Row[] {
  // The overdue 转出 as the 月报 has them (useReportData), else from the checklists the ledger was given.
  const opts = {
    ...input.suspected,
    transfers: input.suspected?.transfers ?? overdueTransfers(input.checks),
  };
  const found = suspectedDropouts(input.events, f.from ?? '0000-01-01', f.to ?? input.today, opts);
  // A child the roll has not been read for: named as their 学籍异动 names them (the 风险名单 does the same).
  const fromCase = new Map(input.checks.map((x) => [x.c.xjh, x.c]));
  const child = (id: string) => who(students, id) ?? fromCase.get(id);
  return [...found.values()]
    .filter((x) => inClass(child(x.studentId), f))
    .sort((a, b) => a.since.localeCompare(b.since) || a.studentId.localeCompare(b.studentId))
    .map((x: Suspected) => {
      const c = x.case;
      const last = c?.steps.at(-1);
      return {
        ...studentCells(x.studentId, child(x.studentId)),
        since: x.since,
        why: x.why.map((w) => (w === 'transfer' ? say(WHY[w], x.transferDue ?? '') : say(WHY[w]))).join('、'),
        absentSince: x.absentSince ?? '',
        opened: c ? dayString(c.openedAt) : '',
        attempts: c ? c.steps.filter((s) => s.step === 'attempt').length : 0,
        step: last ? say(STEP_LABEL[last.step]) : say('lcell_no_case'),
        deadline: c?.deadline ?? '',
        closed: c?.returnedOn ?? '',
        state: say(c?.state === 'closed' ? 'lcell_closed' : 'lcell_open'),
      };
    });
}

const CASE_COLUMNS: ColumnSpec[] = [
  ...STUDENT_COLUMNS,
  { key: 'opened', header: 'lcol_opened', width: 12 },
  { key: 'attempts', header: 'lcol_attempts', width: 8 },
  { key: 'step', header: 'lcol_step', width: 20 },
  { key: 'deadline', header: 'lcol_deadline', width: 12 },
  { key: 'closed', header: 'lcol_closed', width: 12 },
  { key: 'state', header: 'lcol_state', width: 8 },
];

/** One ledger, its title, headers and words in the language of `say` (t in the extension). */
export function buildLedger(kind: LedgerKind, input: LedgerInput, say: Say, f: LedgerFilter = {}): Ledger {
  const students = new Map(input.students.map((s) => [s.id, s]));
  switch (kind) {
    case 'suspected':
      return {
        kind,
        title: say('ledger_suspected'),
        columns: columns(
          [
            ...STUDENT_COLUMNS,
            { key: 'since', header: 'lcol_suspected_since', width: 12 },
            { key: 'why', header: 'lcol_suspected_why', width: 16 },
            { key: 'absentSince', header: 'lcol_absent_since', width: 12 },
            { key: 'opened', header: 'lcol_case_opened', width: 12 },
            ...CASE_COLUMNS.slice(5),
          ],
          say,
        ),
        rows: suspectedRows(input, students, f, say),
      };
    case 'dropout':
      return {
        kind,
        title: say('ledger_dropout'),
        columns: columns(
          [
            ...CASE_COLUMNS.slice(0, 5),
            { key: 'reported', header: 'lcol_reported', width: 12 },
            ...CASE_COLUMNS.slice(5),
          ],
          say,
        ),
        rows: caseRows(persuasionCases(input.events).filter(isDropout), students, f, say),
      };
    case 'changes':
      return {
        kind,
        title: say('ledger_changes'),
        columns: columns(
          [
            ...STUDENT_COLUMNS,
            { key: 'type', header: 'lcol_type', width: 10 },
            { key: 'applied', header: 'lcol_applied', width: 12 },
            { key: 'review', header: 'lcol_review', width: 10 },
            { key: 'paperwork', header: 'lcol_paperwork', width: 30 },
            { key: 'due', header: 'lcol_due', width: 12 },
            // 学生流出去向 for every child who leaves (seed 000 §四(三)); 未登记 is the registrar's to fill.
            { key: 'destination', header: 'lcol_destination', width: 24 },
          ],
          say,
        ),
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
            // The documents' names are the rules' Chinese labels: the English ledger gives the count.
            paperwork: paperworkCell(list, say),
            due: list.due ?? '',
            destination: !list.leaves
              ? ''
              : list.destination
                ? destinationText(list.destination, say)
                : say('pw_dest_missing'),
          })),
      };
    case 'key':
      return {
        kind,
        title: say('ledger_key'),
        columns: columns(
          [
            ...STUDENT_COLUMNS,
            { key: 'reason', header: 'lcol_reason', width: 24 },
            { key: 'partner', header: 'lcol_partner', width: 10 },
            { key: 'since', header: 'lcol_since', width: 12 },
            { key: 'lastVisit', header: 'lcol_last_visit', width: 12 },
            { key: 'nextVisit', header: 'lcol_next_visit', width: 12 },
          ],
          say,
        ),
        rows: [...keyStudents(input.events, input.today).values()]
          .filter((k) => inRange(k.since, f) && inClass(who(students, k.studentId), f))
          .map((k) => ({
            ...studentCells(k.studentId, who(students, k.studentId)),
            reason: k.reason,
            partner: k.partner,
            since: k.since,
            lastVisit: k.lastVisit ?? '',
            nextVisit: k.visitOverdue ? say('lcell_overdue_day', k.nextVisitDue) : k.nextVisitDue,
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
        title: say('ledger_visits'),
        columns: columns(
          [
            { key: 'author', header: 'lcol_author', width: 12 },
            { key: 'role', header: 'lcol_role', width: 10 },
            { key: 'visits', header: 'lcol_visits', width: 10 },
            { key: 'quota', header: 'lcol_quota', width: 10 },
            { key: 'done', header: 'lcol_done', width: 12 },
          ],
          say,
        ),
        rows: visitQuotas(visits, from, to, undefined, input.rolesOf).map((q) => ({
          author: q.author,
          role:
            q.role === 'teacher'
              ? say('lcell_class_teacher')
              : q.role === 'subjectTeacher'
                ? say('lcell_subject_teacher')
                : say(VISIT_COUNT_ROLE_KEY[q.role]),
          visits: q.visits,
          quota: q.quota ?? '',
          done:
            q.quota === null
              ? say('quota_no_quota')
              : q.done
                ? say('lcell_quota_done')
                : say('lcell_quota_short', q.quota - q.visits),
        })),
      };
    }
  }
}

export const LEDGER_KINDS: LedgerKind[] = ['suspected', 'dropout', 'changes', 'key', 'visits'];
