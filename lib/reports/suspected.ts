/**
 * 疑似辍学 (suspected dropout) as a figure a school reports: ONE definition, computed here, used by the 月报
 * (screen, print, xlsx), the 疑似辍学学生台账 (screen, xlsx) and the count beside the 风险名单, each with the
 * definition stated beside it (i18n `suspected_definition`).
 *
 * A child is 疑似辍学 on a day when
 * - their run of unexcused absence (time away without a break, lib/risk/absences.ts) has reached the
 *   county's threshold: 设置 → 处置阶梯, default 3 consecutive school days (domain.md §5 "default 疑似辍学 at
 *   3 consecutive school days unexcused") — the same run and threshold the 风险名单 counts; or
 * - a 劝返 case is open for them (立案, seeds 篇一 二.2 "对疑似辍学学生做到早发现、早干预、早劝返") and has
 *   not yet been reported to the 乡镇政府 (from then on the child is counted as 辍学, lib/reports/ledgers.ts); or
 * - a 转出 whose paperwork is still incomplete after its deadline (lib/paperwork decides overdue: the rule's
 *   `overdueMeansSuspectedDropout`), from the day after the deadline: "…最后分管校长审批。否则，作为辍学生处理。
 *   对转学的学生没有及时办理转出手续的，班主任应及时催促办理" (002 篇一 §五.7; domain.md 转学). The 风险名单 names it
 *   疑似辍学 and asks the class teacher to urge the family.
 * Over a period (a month, a semester) the figure is every child who was 疑似辍学 on some day of it, each once.
 * Paperwork is known as of today only: a 转出 overdue today was overdue every day since its deadline, so it
 * counts in any period that reaches past the deadline; a 转出 finished since is in no count.
 */
import type { CaseCheck } from '../paperwork/checks';
import { paperworkConsequences } from '../paperwork/consequences';
import type { BaoxueEvent } from '../records';
import {
  type AbsenceMark,
  absenceFromEvent,
  currentStreak,
  dayStates,
  type ExcusedHalfDay,
} from '../risk/absences';
import { DEFAULT_LADDER, type LadderStep, suspectedDropoutDays } from '../risk/ladder';
import { type PersuasionCase, persuasionCases } from '../risk/persuasion';
import { DEFAULT_CALENDAR, type HolidayCalendar } from '../time/calendar';
import { addDaysTo, dayString } from '../time/day';
import { reportedDay } from './rates';

export interface SuspectedOptions {
  /** The school's ladder (its 疑似辍学 step gives the threshold in school days). */
  ladder?: LadderStep[];
  calendar?: HolidayCalendar;
  excused?: ExcusedHalfDay;
  /** The 转出 overdue today (overdueTransfers): 疑似辍学 from the day after their deadline. */
  transfers?: OverdueTransfer[];
}

/** A 转出 whose paperwork is incomplete after its deadline, as lib/paperwork decides it. */
export interface OverdueTransfer {
  studentId: string;
  caseId: string;
  /** The paperwork's deadline (YYYY-MM-DD): overdue from the next day. */
  due: string;
}

/** The 转出 overdue today, from the cases' checklists (the 风险名单's own source, lib/paperwork/consequences). */
export function overdueTransfers(checks: CaseCheck[]): OverdueTransfer[] {
  return paperworkConsequences(checks, 0)
    .atRisk.filter((x) => x.reason === 'transfer-overdue')
    .map((x) => ({ studentId: x.xjh, caseId: x.caseId, due: x.since }));
}

/** Why a child is 疑似辍学: absence up to the threshold, an open 劝返 case, an overdue 转出. */
export type SuspectedWhy = 'absence' | 'case' | 'transfer';

export interface Suspected {
  studentId: string;
  /**
   * The first day in the period the child was 疑似辍学 by absence, the day the case was opened, or the day after
   * an overdue 转出's deadline (the period's first day if that was earlier).
   */
  since: string;
  /** The first day of the run of absence that reached the threshold, if absence did. */
  absentSince?: string;
  /** The latest 劝返 case open during the period, if any. */
  case?: PersuasionCase;
  /** The deadline of the overdue 转出, if that is (one of) the reason(s). */
  transferDue?: string;
  /** Every reason that held during the period, in this order: absence, case, transfer. */
  why: SuspectedWhy[];
}

/** The threshold in consecutive school days the school set (default 3). */
export const suspectedThreshold = (opts: SuspectedOptions = {}) =>
  suspectedDropoutDays(opts.ladder ?? DEFAULT_LADDER);

/** The days [start, end) a case held the child as 疑似辍学: from 立案 until 返校 or the report to the 乡镇政府. */
function caseSpan(c: PersuasionCase): { start: string; end?: string } {
  const ends = [c.returnedOn, reportedDay(c)].filter((d): d is string => !!d).sort();
  return { start: dayString(c.openedAt), ...(ends[0] ? { end: ends[0] } : {}) };
}

/** A day the child counts as 辍学 (reported, not back): not also 疑似辍学. */
function outOnDay(cases: PersuasionCase[], day: string): boolean {
  return cases.some((c) => {
    const r = reportedDay(c);
    return r !== undefined && r <= day && (!c.returnedOn || c.returnedOn > day);
  });
}

/**
 * Every child 疑似辍学 on some day from `from` to `to` (inclusive, YYYY-MM-DD), by student id. `events`:
 * absence marks and 劝返 steps (other kinds are ignored).
 */
export function suspectedDropouts(
  events: BaoxueEvent[],
  from: string,
  to: string,
  opts: SuspectedOptions = {},
): Map<string, Suspected> {
  const threshold = suspectedThreshold(opts);
  const cal = opts.calendar ?? DEFAULT_CALENDAR;
  const cases = persuasionCases(events);
  const casesOf = new Map<string, PersuasionCase[]>();
  for (const c of cases) casesOf.set(c.studentId, [...(casesOf.get(c.studentId) ?? []), c]);
  const out = new Map<string, Suspected>();

  for (const c of cases) {
    const span = caseSpan(c);
    if (span.start > to || (span.end !== undefined && span.end < from)) continue;
    const prev = out.get(c.studentId);
    const since = span.start;
    if (!prev) out.set(c.studentId, { studentId: c.studentId, since, case: c, why: ['case'] });
    else if (!prev.case || prev.case.openedAt < c.openedAt) prev.case = c;
  }

  // A return (返校) on a case is a day at school: it ends a run, as on the 风险名单 (lib/risk/engine.ts).
  const marks: AbsenceMark[] = events.map(absenceFromEvent).filter((m) => m !== null);
  for (const c of cases)
    if (c.returnedOn)
      marks.push({
        studentId: c.studentId,
        date: c.returnedOn,
        half: 'day',
        mark: 'present',
        reason: '返校',
        by: '',
        at: c.steps.at(-1)!.at,
      });
  for (const [studentId, days] of dayStates(marks)) {
    // Only a day marked unexcused can be the day a run reaches the threshold.
    const candidates = [...days]
      .filter(([date, d]) => date >= from && date <= to && (d.am === 'unexcused' || d.pm === 'unexcused'))
      .map(([date]) => date)
      .sort();
    for (const date of candidates) {
      if (outOnDay(casesOf.get(studentId) ?? [], date)) continue;
      const run = currentStreak(days, date, cal, { excused: opts.excused ?? 'ends' });
      if (run.days < threshold) continue;
      const prev = out.get(studentId);
      if (!prev) out.set(studentId, { studentId, since: date, absentSince: run.start, why: ['absence'] });
      else if (!prev.absentSince) {
        prev.absentSince = run.start;
        prev.why.unshift('absence');
        if (date < prev.since) prev.since = date;
      }
      break;
    }
  }

  for (const t of opts.transfers ?? []) {
    const since = addDaysTo(t.due, 1);
    if (since > to) continue;
    // A child reported as 辍学 (and not back) is counted as 辍学 then, not also as 疑似辍学.
    if (outOnDay(casesOf.get(t.studentId) ?? [], to)) continue;
    const first = since < from ? from : since;
    const prev = out.get(t.studentId);
    if (!prev)
      out.set(t.studentId, { studentId: t.studentId, since: first, transferDue: t.due, why: ['transfer'] });
    else if (!prev.transferDue) {
      prev.transferDue = t.due;
      prev.why.push('transfer');
      if (first < prev.since) prev.since = first;
    }
  }
  return out;
}
