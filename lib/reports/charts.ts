/**
 * The figures behind the dashboard's charts, as pure functions over the store's records: at-risk students by
 * tier week by week over the semester, unexcused absences by week and class, 劝返 cases by their current
 * step, 家访 against quota by teacher.
 */

import { compareGradeLabels } from '../grades';
import type { MessageKey } from '../i18n';
import type { BaoxueEvent, Student } from '../records';
import { absenceFromEvent } from '../risk/absences';
import { computeRisk, type RiskOptions } from '../risk/engine';
import { persuasionCases, STEP_LABEL } from '../risk/persuasion';
import { visitQuotas } from '../risk/quotas';
import { TIER_LABEL, type Tier } from '../risk/tiers';
import { addDaysTo, beijingInstant, weekdayOf } from '../time/day';

/** The series of a student the roll does not know: its name is this key, rendered by the view. */
export const CLASS_UNKNOWN: MessageKey = 'class_unknown';

/** The Fridays from the semester's first week to `today` (the last one is `today` itself). */
export function weekEnds(from: string, today: string): string[] {
  const out: string[] = [];
  let d = from;
  while (weekdayOf(d) !== 5) d = addDaysTo(d, 1);
  for (; d < today; d = addDaysTo(d, 7)) out.push(d);
  out.push(today);
  return out;
}

/**
 * How many students each tier held at the end of each week, as the records then stood (records made later
 * are left out). Paperwork consequences are today's only, so past weeks count absences, visits and 劝返.
 * The last week ends today: its counts are `today`'s, the stored 风险名单's own (tierCounts), so the chart
 * and the list never show two 紧急 counts for the same day.
 */
export function tiersByWeek(
  students: Student[],
  events: BaoxueEvent[],
  weeks: string[],
  opts: RiskOptions = {},
  today?: Record<Tier, number>,
): { week: string; counts: Record<Tier, number> }[] {
  return weeks.map((week, i) => {
    if (today && i === weeks.length - 1) return { week, counts: { ...today } };
    const end = beijingInstant(week, '23:59:59');
    const known = events.filter((e) => e.recordedAt <= end && e.at <= end);
    const counts: Record<Tier, number> = { urgent: 0, warning: 0, watch: 0 };
    for (const r of computeRisk(students, known, [], week, end, opts)) if (r.tier) counts[r.tier]++;
    return { week, counts };
  });
}

export const TIERS: Tier[] = ['urgent', 'warning', 'watch'];

/** Students per tier in a 风险名单 (the stored list the 风险名单 tab shows). */
export function tierCounts(list: { tier?: Tier | null }[]): Record<Tier, number> {
  const counts: Record<Tier, number> = { urgent: 0, warning: 0, watch: 0 };
  for (const r of list) if (r.tier) counts[r.tier]++;
  return counts;
}
export const tierLabel = (t: Tier) => TIER_LABEL[t];

/** Unexcused days (halves count 0.5) per week (the Friday ending it) and class; the latest mark of a half wins. */
export function absencesByWeek(
  students: Student[],
  events: BaoxueEvent[],
  weeks: string[],
): { classes: string[]; series: Record<string, number[]> } {
  const classOf = new Map(students.map((s) => [s.id, s.className]));
  const latest = new Map<string, { unexcused: boolean; at: number }>();
  for (const m of events.map(absenceFromEvent))
    if (m)
      for (const half of m.half === 'day' ? ['am', 'pm'] : [m.half]) {
        const key = `${m.studentId}|${m.date}|${half}`;
        const prev = latest.get(key);
        if (!prev || prev.at <= m.at) latest.set(key, { unexcused: m.mark === 'unexcused', at: m.at });
      }
  const series: Record<string, number[]> = {};
  for (const [key, v] of latest) {
    if (!v.unexcused) continue;
    const [studentId, date] = key.split('|') as [string, string];
    const week = weeks.findIndex((w) => date <= w);
    if (week < 0 || (week > 0 ? date <= weeks[week - 1]! : false)) continue;
    const cls = classOf.get(studentId) ?? CLASS_UNKNOWN;
    series[cls] ??= weeks.map(() => 0);
    series[cls]![week]! += 0.5;
  }
  const classes = Object.keys(series).sort((a, b) => compareGradeLabels(a, b));
  return { classes, series };
}

/** Open 劝返 cases by the step they last reached, and the closed ones (label: the step's message key). */
export function casesByStep(events: BaoxueEvent[]): { label: MessageKey; count: number }[] {
  const counts = new Map<MessageKey, number>();
  for (const c of persuasionCases(events)) {
    const label = c.state === 'closed' ? STEP_LABEL.returned : STEP_LABEL[c.steps.at(-1)!.step];
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return Object.values(STEP_LABEL)
    .filter((label) => counts.has(label))
    .map((label) => ({ label, count: counts.get(label)! }));
}

export function quotaBars(events: BaoxueEvent[], from: string, to: string) {
  // Bars against a quota: the roles without one (校领导, 学籍管理员) have no bar to fill.
  return visitQuotas(events, from, to).flatMap((q) =>
    q.quota === null ? [] : [{ teacher: q.author, visits: q.visits, quota: q.quota }],
  );
}
