import { describe, expect, it } from 'vitest';
import { beijingInstant } from '../time/day';
import { AccessInput, accessEvent, auditReport } from './access';

const stamp = (now: number, author = '李主任') => ({ author, now, nonce: () => 'n' });

describe('访问记录 (access log)', () => {
  it('records who opened which child’s file, and which ledger was exported', () => {
    const file = accessEvent(AccessInput.parse({ what: 'studentFile', studentId: 'G1' }), stamp(5));
    expect(file).toMatchObject({
      kind: 'access',
      author: '李主任',
      at: 5,
      studentId: 'G1',
      data: { what: 'studentFile' },
    });
    const ledger = accessEvent(AccessInput.parse({ what: 'ledger', name: 'statusChange' }), stamp(6));
    expect(ledger).toMatchObject({ studentId: '', data: { what: 'ledger', name: 'statusChange' } });
  });

  it('refuses a file or notice without a child, and a ledger without its name', () => {
    expect(AccessInput.safeParse({ what: 'studentFile' }).success).toBe(false);
    expect(AccessInput.safeParse({ what: 'notice', name: 'notice' }).success).toBe(false);
    expect(AccessInput.safeParse({ what: 'ledger' }).success).toBe(false);
  });

  it('gathers the year’s accesses by the local day, with the staff, their scopes and the data held', () => {
    // 31 Dec 2025 23:30 in Beijing is still 2025; 1 Jan 2026 00:30 in Beijing is 2026 (16:30 UTC the day before).
    const lateIn2025 = beijingInstant('2025-12-31', '23:30:00');
    const earlyIn2026 = beijingInstant('2026-01-01', '00:30:00');
    const events = [
      accessEvent(AccessInput.parse({ what: 'studentFile', studentId: 'G1' }), stamp(lateIn2025)),
      accessEvent(
        AccessInput.parse({ what: 'notice', studentId: 'G2', name: 'notice' }),
        stamp(earlyIn2026, '张校长'),
      ),
      accessEvent(
        AccessInput.parse({ what: 'studentFile', studentId: 'G3' }),
        stamp(earlyIn2026 + 1, '张校长'),
      ),
      { kind: 'homeVisit', author: '王老师', at: earlyIn2026, studentId: 'G1', data: {} },
    ];
    const staff = [
      { name: '王老师', roles: ['teacher'], classes: ['七年级1班'] },
      { name: '张校长', roles: ['leader'], classes: ['*'] },
    ];
    const r = auditReport(events, staff, 2026, new Date(earlyIn2026));
    expect(r.accesses.map((a) => [a.who, a.what, a.studentId])).toEqual([
      ['张校长', 'notice', 'G2'],
      ['张校长', 'studentFile', 'G3'],
    ]);
    expect(r.countsByStaff).toEqual({ 张校长: 2 });
    expect(r.staff.map((s) => s.name)).toEqual(['张校长', '王老师']);
    expect(r.dataCategories.students).toEqual(
      expect.arrayContaining(['name', 'idNumber', 'phone', 'address']),
    );
    expect(auditReport(events, staff, 2025, new Date()).accesses).toHaveLength(1);
  });
});
