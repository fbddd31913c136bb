import { describe, expect, it } from 'vitest';
import { BaoxueEvent } from '../records';
import { semesterOf, visitQuotas } from './quotas';

let n = 0;
const visit = (author: string, visitorRole: string, date: string, supersedes?: string): BaoxueEvent =>
  BaoxueEvent.parse({
    id: `v${++n}`,
    kind: 'homeVisit',
    studentId: 's',
    author,
    at: new Date(`${date}T12:00:00Z`).getTime(),
    recordedAt: 0,
    data: { visitorRole, method: '上门' },
    ...(supersedes ? { supersedes } : {}),
  });

describe('家访 quotas', () => {
  it('counts each author’s visits in the semester against the role’s quota', () => {
    const events = [
      ...Array.from({ length: 20 }, () => visit('王老师', 'teacher', '2026-10-10')),
      ...Array.from({ length: 3 }, () => visit('李老师', 'subjectTeacher', '2026-11-01')),
      visit('李老师', 'subjectTeacher', '2026-08-30'), // last semester
      visit('张校长', 'leader', '2026-11-02'), // leaders have no quota
    ];
    const { from, to } = semesterOf('2026-11-22');
    expect(visitQuotas(events, from, to)).toEqual([
      { author: '李老师', role: 'subjectTeacher', visits: 3, quota: 15, done: false },
      { author: '王老师', role: 'teacher', visits: 20, quota: 20, done: true },
    ]);
  });

  it('counts a corrected visit once', () => {
    const first = visit('王老师', 'teacher', '2026-10-10');
    const fix = visit('王老师', 'teacher', '2026-10-10', first.id);
    expect(visitQuotas([first, fix], '2026-09-01', '2027-01-31')[0]!.visits).toBe(1);
  });

  it('knows the semesters', () => {
    expect(semesterOf('2026-11-22')).toEqual({ from: '2026-09-01', to: '2027-01-31' });
    expect(semesterOf('2027-01-10')).toEqual({ from: '2026-09-01', to: '2027-01-31' });
    expect(semesterOf('2027-03-01')).toEqual({ from: '2027-02-01', to: '2027-08-31' });
  });
});
