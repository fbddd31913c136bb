import { describe, expect, it } from 'vitest';
import { byDue, tasksFor } from './taskOrder';

const task = (
  id: string,
  o: Partial<{
    kind: string;
    ownerRole: 'registrar' | 'teacher' | 'leader' | 'admin';
    due: string;
    state: 'open' | 'done' | 'escalated' | 'cancelled';
    studentId: string;
    caseId: string;
  }> = {},
) => ({
  id,
  kind: o.kind ?? 'ladder-visit',
  ownerRole: o.ownerRole ?? 'teacher',
  due: o.due ?? '2026-11-20',
  state: o.state ?? 'open',
  studentId: o.studentId ?? '',
  ...(o.caseId ? { caseId: o.caseId } : {}),
});

const CLASS: Record<string, string> = { a: '七年级1班', b: '七年级2班', c: '八年级1班' };
const classOf = (x: { studentId: string }) => CLASS[x.studentId] ?? '';

const school = [
  task('visit-a', { studentId: 'a', due: '2026-11-25' }),
  task('call-a', { studentId: 'a', due: '2026-11-18', state: 'escalated' }),
  task('visit-c', { studentId: 'c', due: '2026-11-10' }),
  task('leader-a', { studentId: 'a', ownerRole: 'leader', due: '2026-11-21' }),
  task('suspension-b', {
    kind: 'suspension-expired',
    ownerRole: 'registrar',
    studentId: 'b',
    caseId: 'k1',
    due: '2026-09-01',
  }),
  task('urge-a', {
    kind: 'urge-transfer',
    ownerRole: 'teacher',
    studentId: 'a',
    caseId: 'k2',
    due: '2026-11-19',
  }),
  task('done-a', { studentId: 'a', due: '2026-11-01', state: 'done' }),
];

describe('待办: who sees what first (issue 15 finding 6)', () => {
  it('a 班主任 of 七年级1班 sees only the tasks about their children, in due-date order, the overdue first and the done last; never the registrar’s paperwork', () => {
    const { mine, others } = tasksFor({ role: 'teacher', classes: ['七年级1班'] }, school, classOf);
    expect(mine.map((x) => x.id)).toEqual(['call-a', 'urge-a', 'leader-a', 'visit-a', 'done-a']);
    expect(others).toEqual([]);
  });

  it('a 班主任 who has not said their classes sees every class’s tasks but still no registrar paperwork', () => {
    const { mine } = tasksFor({ role: 'teacher', classes: [] }, school, classOf);
    expect(mine.map((x) => x.id)).not.toContain('suspension-b');
    expect(mine.map((x) => x.id)).toContain('visit-c');
  });

  it('a registrar’s 我的待办 holds only the tasks assigned to 学籍管理员; a 班主任’s urging of a transfer is under 全校其他待办', () => {
    const { mine, others } = tasksFor({ role: 'registrar', classes: [] }, school, classOf);
    expect(mine.map((x) => x.id)).toEqual(['suspension-b']);
    expect(others.map((x) => x.id)).toEqual(['visit-c', 'call-a', 'urge-a', 'leader-a', 'visit-a', 'done-a']);
  });

  it('a leader sees their own first', () => {
    const { mine } = tasksFor({ role: 'leader', classes: [] }, school, classOf);
    expect(mine.map((x) => x.id)).toEqual(['leader-a']);
  });

  it('orders by state, then due date, then id', () => {
    const sorted = [
      task('b', { due: '2026-01-02' }),
      task('a', { due: '2026-01-02' }),
      task('z', { due: '2025-01-01', state: 'cancelled' }),
    ].sort(byDue);
    expect(sorted.map((x) => x.id)).toEqual(['a', 'b', 'z']);
  });
});
