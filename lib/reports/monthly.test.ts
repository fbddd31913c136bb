import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { say } from '../../tests/fixtures/say';
import { BaoxueEvent } from '../records';
import { buildLedger } from './ledgers';
import { monthlyReport, percent, stageOf } from './monthly';

const at = (day: string) => new Date(`${day}T10:00:00`).getTime();
let seq = 0;
const step = (studentId: string, caseId: string, s: string, day: string, data: Record<string, string> = {}) =>
  ({
    id: `p${seq++}`,
    kind: 'persuasionAttempt',
    studentId,
    caseId,
    author: '王老师',
    at: at(day),
    recordedAt: at(day),
    data: { step: s, ...data },
  }) as BaoxueEvent;

// A seeded school: 100 in 小学 (two classes of 50), 30 in 初中 (one class).
const roll = [
  ...Array.from({ length: 50 }, (_, i) =>
    makeStudent({ id: `P1-${i}`, xjh: `P1-${i}`, grade: '一年级', className: '一年级1班' }),
  ),
  ...Array.from({ length: 50 }, (_, i) =>
    makeStudent({ id: `P2-${i}`, xjh: `P2-${i}`, grade: '一年级', className: '一年级2班' }),
  ),
  ...Array.from({ length: 30 }, (_, i) =>
    makeStudent({ id: `J1-${i}`, xjh: `J1-${i}`, grade: '七年级', className: '七年级1班' }),
  ),
];
const events = [
  // 小学: one child out all month — reported to the township on 11-10, not back.
  step('P1-0', 'c1', 'open', '2026-11-02'),
  step('P1-0', 'c1', 'attempt', '2026-11-03'),
  step('P1-0', 'c1', 'report', '2026-11-10'),
  // 初中: A opened in October, back on 11-05; B opened, reported and back within November; C only suspected.
  step('J1-0', 'c2', 'open', '2026-10-20'),
  step('J1-0', 'c2', 'returned', '2026-11-05', { date: '2026-11-05' }),
  step('J1-1', 'c3', 'open', '2026-11-03'),
  step('J1-1', 'c3', 'report', '2026-11-08'),
  step('J1-1', 'c3', 'returned', '2026-11-20', { date: '2026-11-20' }),
  step('J1-2', 'c4', 'open', '2026-11-12'),
  // The same child twice in one month is one child.
  step('J1-2', 'c5', 'open', '2026-11-25'),
];

describe('学校月报', () => {
  const r = monthlyReport({ students: roll, events }, '2026-11');

  it('counts children on the roll, suspected, out and back, by stage', () => {
    const [primary, junior] = r.stages;
    expect(primary).toMatchObject({
      stage: '小学',
      figures: { enrolled: 100, suspected: 1, dropouts: 1, returned: 0 },
      line: 0.02,
      withinLine: true,
    });
    expect(primary!.figures.dropoutRate).toBeCloseTo(0.01);
    expect(primary!.figures.retentionRate).toBeCloseTo(0.99);
    expect(primary!.figures.returnRate).toBe(0); // one child reported as 辍学, not back yet
    expect(junior).toMatchObject({
      stage: '初中',
      // 疑似辍学 (lib/reports/suspected.ts): every child suspected on some day of November — A (case open
      // from October until back on 11-05), B (until reported on 11-08) and C.
      figures: { enrolled: 30, suspected: 3, dropouts: 0, returned: 2, dropoutRate: 0, retentionRate: 1 },
      withinLine: true,
    });
    // 劝返复学率's base is the children reported as 辍学 (domain.md §5): B only, and B is back. A and C were
    // never reported (疑似辍学 only), so they are not in it.
    expect(junior!.figures.returnRate).toBe(1);
    expect(r.total).toMatchObject({ enrolled: 130, suspected: 4, dropouts: 1, returned: 2 });
  });

  it('names the classes with no dropout', () => {
    expect(r.classesWithoutDropout).toEqual(['一年级2班', '七年级1班']);
    expect(r.classes.find((c) => c.className === '一年级1班')?.figures.dropouts).toBe(1);
  });

  it('says nothing rather than 0% for a stage with no children, and counts a returned dropout as out until then', () => {
    const primaryOnly = monthlyReport({ students: roll.slice(0, 100), events }, '2026-11');
    expect(primaryOnly.stages[1]).toMatchObject({
      stage: '初中',
      figures: { enrolled: 0 },
      withinLine: undefined,
    });
    expect(percent(primaryOnly.stages[1]!.figures.dropoutRate)).toBe('—');
    // In mid-November B (reported 11-08, back 11-20) was still out: the October report has nobody out.
    expect(monthlyReport({ students: roll, events }, '2026-10').total).toMatchObject({
      dropouts: 0,
      suspected: 1,
    });
  });

  it('counts a child who changed class mid-month once, in the class the roll shows now', () => {
    const moved = roll.map((s) => (s.id === 'P1-0' ? { ...s, className: '一年级2班' } : s));
    const r2 = monthlyReport({ students: moved, events }, '2026-11');
    expect(r2.classes.find((c) => c.className === '一年级2班')?.figures).toMatchObject({
      enrolled: 51,
      dropouts: 1,
    });
    expect(r2.classes.find((c) => c.className === '一年级1班')?.figures).toMatchObject({
      enrolled: 49,
      dropouts: 0,
    });
    expect(r2.total).toMatchObject({ enrolled: 130, dropouts: 1, suspected: 4 });
  });

  it('reads 学段 from the grade', () => {
    expect([stageOf('三年级'), stageOf('九年级'), stageOf('初二'), stageOf('高一')]).toEqual([
      '小学',
      '初中',
      '初中',
      '其他',
    ]);
  });
});

describe('台账', () => {
  const input = { students: roll, events, checks: [], today: '2026-11-30' };

  it('lists every child 疑似辍学 in the period once in the 疑似辍学 ledger, and the reported cases in the 辍学 ledger', () => {
    const suspected = buildLedger('suspected', input, say);
    expect(suspected.rows.map((r) => [r.xjh, r.state])).toEqual([
      ['J1-0', '已销号'],
      ['P1-0', '在办'],
      ['J1-1', '已销号'],
      ['J1-2', '在办'], // two cases in one month: one child, one row
    ]);
    expect(suspected.rows.find((r) => r.xjh === 'P1-0')).toMatchObject({
      attempts: 1,
      step: '报告乡镇政府、县教育局',
    });
    const dropout = buildLedger('dropout', input, say);
    expect(dropout.rows.map((r) => [r.xjh, r.reported, r.closed])).toEqual([
      ['P1-0', '2026-11-10', ''],
      ['J1-1', '2026-11-08', '2026-11-20'],
    ]);
    expect(dropout.columns.find((c) => c.key === 'xjh')?.id).toBe(true);
  });

  it('sums each teacher’s visits against the quota, a corrected record once', () => {
    const visit = (id: string, author: string, role: string, day: string, supersedes?: string): BaoxueEvent =>
      BaoxueEvent.parse({
        id,
        kind: 'homeVisit',
        studentId: 'P1-0',
        author,
        at: at(day),
        recordedAt: at(day),
        ...(supersedes ? { supersedes } : {}),
        data: { method: '上门', visitorRole: role },
      });
    const visits = [
      visit('v1', '王老师', 'teacher', '2026-11-02'),
      visit('v2', '王老师', 'teacher', '2026-11-03'),
      visit('v3', '王老师', 'teacher', '2026-11-03', 'v2'),
      visit('v4', '李老师', 'subjectTeacher', '2026-11-04'),
    ];
    const ledger = buildLedger('visits', { ...input, events: visits }, say, {
      from: '2026-09-01',
      to: '2027-01-31',
    });
    // Furthest from the quota first.
    expect(ledger.rows).toEqual([
      { author: '李老师', role: '科任教师', visits: 1, quota: 15, done: '还差 14 次' },
      { author: '王老师', role: '班主任', visits: 2, quota: 20, done: '还差 18 次' },
    ]);
  });

  it('filters by date range and class', () => {
    expect(
      buildLedger('suspected', input, say, { from: '2026-11-01', className: '七年级1班' }).rows,
    ).toHaveLength(3);
  });
});
