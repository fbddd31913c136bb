/**
 * Issue 15 §1: one 疑似辍学 figure. The 月报, the 疑似辍学学生台账 and the count beside the 风险名单 all come from
 * suspectedDropouts (absence up to the county's threshold, an open 劝返 case not yet reported, or a 转出 whose
 * paperwork is incomplete after its deadline: 002 篇一 §五.7 "否则，作为辍学生处理。对转学的学生没有及时办理转出
 * 手续的，班主任应及时催促办理"); the 风险名单 names that 转出 疑似辍学 and asks the class teacher to urge the
 * family; the chart's 紧急 for today is the 风险名单's own.
 */
import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { say } from '../../tests/fixtures/say';
import { zh } from '../coded.testing';
import type { AtRiskEntry } from '../paperwork/consequences';
import { BaoxueEvent } from '../records';
import { computeRisk } from '../risk/engine';
import { applyLadder } from '../risk/ladder';
import { tierCounts, tiersByWeek } from './charts';
import { buildLedger } from './ledgers';
import { monthlyReport } from './monthly';
import { suspectedDropouts } from './suspected';

const at = (day: string) => new Date(`${day}T10:00:00+08:00`).getTime();
let seq = 0;
const absent = (studentId: string, date: string): BaoxueEvent =>
  BaoxueEvent.parse({
    id: `a${seq++}`,
    kind: 'absence',
    studentId,
    author: '王老师',
    at: at(date),
    recordedAt: at(date),
    data: { date, half: 'day', mark: 'unexcused' },
  });
const step = (studentId: string, caseId: string, s: string, day: string, data: Record<string, string> = {}) =>
  BaoxueEvent.parse({
    id: `p${seq++}`,
    kind: 'persuasionAttempt',
    studentId,
    caseId,
    author: '王老师',
    at: at(day),
    recordedAt: at(day),
    data: { step: s, ...data },
  });

const students = ['A', 'B', 'C', 'D', 'E'].map((id) =>
  makeStudent({ id, xjh: id, name: `学生${id}`, grade: '七年级', className: '七年级1班' }),
);
// A: away Tue–Thu (three school days): 疑似辍学 from Thursday. B: away two days only. C: a 转出 whose
// paperwork is overdue (a paperwork consequence, no absence). D: a 劝返 case opened in October, back on
// 11-05. E: a case reported to the 乡镇政府 in October and not back: 辍学, not 疑似辍学.
const events = [
  absent('A', '2026-11-24'),
  absent('A', '2026-11-25'),
  absent('A', '2026-11-26'),
  absent('B', '2026-11-25'),
  absent('B', '2026-11-26'),
  step('D', 'd1', 'open', '2026-10-20'),
  step('D', 'd1', 'returned', '2026-11-05', { date: '2026-11-05' }),
  step('E', 'e1', 'open', '2026-10-08'),
  step('E', 'e1', 'report', '2026-10-15'),
  absent('E', '2026-11-24'),
  absent('E', '2026-11-25'),
  absent('E', '2026-11-26'),
];
const overdue: AtRiskEntry[] = [
  {
    xjh: 'C',
    name: '学生C',
    className: '七年级1班',
    reason: 'transfer-overdue',
    caseId: 'c1',
    since: '2026-11-09',
  },
];
const today = '2026-11-26';
// C's 转出 as lib/paperwork gives it (overdueTransfers of the checklists): deadline 11-09, overdue from 11-10.
const transfers = [{ studentId: 'C', caseId: 'c1', due: '2026-11-09' }];

describe('疑似辍学: one definition for every screen', () => {
  it('counts absence up to the threshold, an open case and an overdue 转出, not a reported 辍学', () => {
    const found = suspectedDropouts(events, '2026-11-01', '2026-11-30', { transfers });
    expect([...found.keys()].sort()).toEqual(['A', 'C', 'D']);
    expect(found.get('A')).toMatchObject({
      since: '2026-11-26',
      absentSince: '2026-11-24',
      why: ['absence'],
    });
    expect(found.get('C')).toMatchObject({
      since: '2026-11-10',
      transferDue: '2026-11-09',
      why: ['transfer'],
    });
    expect(found.get('D')?.case?.id).toBe('d1');
    // Not yet overdue in a period that ends on its deadline.
    expect(suspectedDropouts(events, '2026-11-01', '2026-11-09', { transfers }).has('C')).toBe(false);
    // In a later month, from the month's first day.
    expect(suspectedDropouts(events, '2026-12-01', '2026-12-31', { transfers }).get('C')?.since).toBe(
      '2026-12-01',
    );
  });

  it('follows the county threshold the school set in 处置阶梯', () => {
    const five = applyLadder({ 'dropout-report': { atDays: 5 } });
    expect([...suspectedDropouts(events, '2026-11-01', '2026-11-30', { ladder: five }).keys()]).toEqual([
      'D',
    ]);
  });

  it('gives the 月报 and the 疑似辍学学生台账 the same children', () => {
    const report = monthlyReport({ students, events }, '2026-11', { suspected: { transfers } });
    expect(report.total.suspected).toBe(3);
    expect(report.total.dropouts).toBe(1); // E
    const ledger = buildLedger(
      'suspected',
      { students, events, checks: [], today, suspected: { transfers } },
      say,
      {
        from: '2026-11-01',
        to: '2026-11-30',
      },
    );
    expect(ledger.rows.map((r) => [r.xjh, r.why])).toEqual([
      ['D', '劝返在办'],
      ['C', '转出手续逾期（期限 2026-11-09）'],
      ['A', '连续无故缺课'],
    ]);
    expect(ledger.rows.find((r) => r.xjh === 'A')).toMatchObject({
      absentSince: '2026-11-24',
      opened: '',
      step: '尚未立案劝返',
    });
    // The definition printed beside the 月报 says the threshold and that an overdue 转出 is counted.
    const counts = report.definitions.find((d) => d.key === 'report_def_counts')!;
    expect(say(counts.key, ...counts.params)).toContain('连续无故缺课达 3 个上课日');
    expect(say(counts.key, ...counts.params)).toContain('或转出手续逾期未办结的学生');
  });

  it('the 风险名单 calls an overdue 转出 疑似辍学 (紧急) and asks the class teacher to urge the family', () => {
    const risks = computeRisk(students, events, overdue, today, at(today));
    const c = risks.find((r) => r.student.id === 'C')!;
    expect(c.tier).toBe('urgent');
    expect(c.reasons.map(zh)).toContain('疑似辍学：转出手续逾期未办结（期限 2026-11-09），请班主任催促办理');
    // A is 疑似辍学 on the list by the same run the figure counts.
    const a = risks.find((r) => r.student.id === 'A')!;
    expect(a.reasons.map(zh).join()).toContain('疑似辍学：连续缺课 3 天');
  });

  it('the chart’s 紧急 today is the 风险名单’s', () => {
    const list = computeRisk(students, events, overdue, today, at(today));
    const weeks = ['2026-11-20', today];
    const chart = tiersByWeek(students, events, weeks, {}, tierCounts(list));
    expect(chart.at(-1)!.counts).toEqual(tierCounts(list));
    expect(chart.at(-1)!.counts.urgent).toBe(list.filter((r) => r.tier === 'urgent').length);
  });
});
