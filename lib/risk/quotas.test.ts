import { describe, expect, it } from 'vitest';
import { BaoxueEvent } from '../records';
import { semesterOf, visitCountRole, visitQuotas } from './quotas';

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
      // Counted, after those with a quota, and never "还差 N 次".
      { author: '张校长', role: 'leader', visits: 1, quota: null, done: false },
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

/**
 * Casebook (issue 15, finding 3). domain.md §5 after 篇二 §二.6: "Quotas per semester: 班主任 ≥ 20,
 * 科任教师 ≥ 15" — the quota is a teacher's. The form's 家访 role defaults to 班主任, so a record's role
 * alone would put a 学籍管理员's visit against a 班主任's 20.
 */
describe('家访 quotas count under the author’s own role (casebook)', () => {
  const { from, to } = semesterOf('2026-11-22');
  const roles: Record<string, string[]> = {
    李主任: ['registrar'],
    王老师: ['teacher'],
    赵老师: ['registrar', 'teacher'],
  };
  const rolesOf = (author: string) => roles[author];

  it('a 学籍管理员 (本机使用者 李主任) who records a 家访 shows as 学籍管理员, with no 班主任 quota', () => {
    const rows = visitQuotas([visit('李主任', 'teacher', '2026-11-20')], from, to, undefined, rolesOf);
    expect(rows).toEqual([{ author: '李主任', role: 'registrar', visits: 1, quota: null, done: false }]);
  });

  it('a 班主任 keeps the role they visited in (班主任 20, 科任教师 15), so does a registrar who also teaches', () => {
    const rows = visitQuotas(
      [
        visit('王老师', 'subjectTeacher', '2026-11-20'),
        visit('赵老师', 'teacher', '2026-11-20'),
        visit('陈老师', 'teacher', '2026-11-20'), // not known on this device: the record's role stands
      ],
      from,
      to,
      undefined,
      rolesOf,
    );
    expect(rows.map((r) => [r.author, r.role, r.quota])).toEqual([
      // Furthest from the quota first (1/20 before 1/15).
      ['陈老师', 'teacher', 20],
      ['赵老师', 'teacher', 20],
      ['王老师', 'subjectTeacher', 15],
    ]);
  });

  it('only the roles with a quota get one: a changed quota applies, a 校领导 or 管理员 has none', () => {
    const quotas = { teacher: 12, subjectTeacher: 8 };
    expect(visitCountRole('teacher', ['admin'])).toBe('admin');
    expect(visitCountRole('leader', ['leader'])).toBe('leader');
    const rows = visitQuotas([visit('王老师', 'teacher', '2026-11-20')], from, to, quotas, rolesOf);
    expect(rows[0]).toMatchObject({ role: 'teacher', quota: 12, done: false });
  });
});
