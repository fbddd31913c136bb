import { describe, expect, it } from 'vitest';
import { BaoxueEvent } from '../records';
import { keyStudents } from './keyStudents';

const at = (d: string) => new Date(`${d}T10:00:00`).getTime();
const note = (d: string, type: string, data: Record<string, string> = {}): BaoxueEvent =>
  BaoxueEvent.parse({
    id: `${type}${d}`,
    kind: 'riskNote',
    studentId: 's1',
    author: '王老师',
    at: at(d),
    recordedAt: 0,
    data: { type, ...data },
  });
const visit = (d: string): BaoxueEvent =>
  BaoxueEvent.parse({
    id: `v${d}`,
    kind: 'homeVisit',
    studentId: 's1',
    author: '王老师',
    at: at(d),
    recordedAt: 0,
    data: { method: 'home' },
  });

describe('重点生', () => {
  it('is designated with a reason and a partner, and visited weekly', () => {
    const events = [
      note('2026-11-02', 'key-student', { reason: '学习困难，有厌学情绪', partner: '李老师' }),
      visit('2026-11-09'),
    ];
    expect(keyStudents(events, '2026-11-16').get('s1')).toMatchObject({
      reason: '学习困难，有厌学情绪',
      partner: '李老师',
      lastVisit: '2026-11-09',
      nextVisitDue: '2026-11-16',
      visitOverdue: false,
    });
    expect(keyStudents(events, '2026-11-17').get('s1')?.visitOverdue).toBe(true);
  });

  it('stops being one when the designation ends', () => {
    const events = [note('2026-11-02', 'key-student'), note('2026-11-20', 'key-student-end')];
    expect(keyStudents(events, '2026-11-22').has('s1')).toBe(false);
  });
});
