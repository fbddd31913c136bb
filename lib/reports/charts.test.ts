import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { BaoxueEvent } from '../records';
import { absencesByWeek, casesByStep, tiersByWeek, weekEnds } from './charts';

const t = (day: string) => new Date(`${day}T08:00:00`).getTime();
const mark = (studentId: string, date: string, m = 'unexcused', half = 'day', at = t(date)): BaoxueEvent =>
  BaoxueEvent.parse({
    id: `${studentId}${date}${half}${at}`,
    kind: 'absence',
    studentId,
    author: '王老师',
    at,
    recordedAt: at,
    data: { date, half, mark: m, reason: '' },
  });
const students = [
  makeStudent({ id: 'A', xjh: 'A', className: '七年级1班' }),
  makeStudent({ id: 'B', xjh: 'B', className: '七年级2班' }),
];

describe('chart figures', () => {
  it('ends weeks on Fridays up to today', () => {
    expect(weekEnds('2026-11-02', '2026-11-18')).toEqual(['2026-11-06', '2026-11-13', '2026-11-18']);
  });

  it('counts each week’s tiers as the records then stood', () => {
    const events = [
      mark('A', '2026-11-11'),
      mark('A', '2026-11-12'),
      mark('A', '2026-11-13'),
      mark('B', '2026-11-18'),
    ];
    const weeks = tiersByWeek(students, events, ['2026-11-06', '2026-11-13', '2026-11-18']);
    expect(weeks.map((w) => w.counts)).toEqual([
      { urgent: 0, warning: 0, watch: 0 },
      { urgent: 1, warning: 0, watch: 0 }, // A: three days by that Friday
      // A's streak ended (school days since, not marked away): 关注 for the term's absences; B away today: 关注.
      { urgent: 0, warning: 0, watch: 2 },
    ]);
  });

  it('sums unexcused half days per week and class; a correction replaces a mark', () => {
    const events = [
      mark('A', '2026-11-03'),
      mark('A', '2026-11-04', 'unexcused', 'am'),
      mark('B', '2026-11-10'),
      mark('B', '2026-11-10', 'excused', 'day', t('2026-11-10') + 1),
    ];
    expect(absencesByWeek(students, events, ['2026-11-06', '2026-11-13'])).toEqual({
      classes: ['七年级1班'],
      series: { 七年级1班: [1.5, 0] },
    });
  });

  it('groups 劝返 cases by the step they reached', () => {
    const step = (caseId: string, s: string, at: number, data = {}): BaoxueEvent =>
      BaoxueEvent.parse({
        id: `${caseId}${s}`,
        kind: 'persuasionAttempt',
        studentId: caseId,
        caseId,
        author: '王老师',
        at,
        recordedAt: at,
        data: { step: s, ...data },
      });
    const events = [
      step('c1', 'open', 1),
      step('c1', 'attempt', 2),
      step('c2', 'open', 1),
      step('c2', 'returned', 3, { date: '2026-11-05' }),
    ];
    expect(casesByStep(events)).toEqual([
      { label: 'step_attempt', count: 1 },
      { label: 'step_returned', count: 1 },
    ]);
  });
});
