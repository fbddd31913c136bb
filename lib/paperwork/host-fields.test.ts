// @vitest-environment happy-dom
/**
 * What the paperwork rules need from the host, read by label as every other field: a 休学's term
 * (休学开始/结束日期, 休学期限), 处分情况 and 转入年级 on a 学籍异动 list, and the same on a 学籍卡.
 */
import { describe, expect, it } from 'vitest';
import { fieldForLabel } from '../capture/fields';
import { statusChangeList } from '../capture/pages/status-change';
import { cardToStudent, readCard } from '../capture/pages/student-card';
import type { StatusChangeCase } from '../records';

const source = { host: '127.0.0.1', pageKind: 'status-change-apply', seenAt: 1 };

describe('host fields for the paperwork rules', () => {
  it('knows the headers a 休学 or transfer list may show, in any width or spacing', () => {
    expect(fieldForLabel('休学结束日期')).toBe('suspensionUntil');
    expect(fieldForLabel('休学 开始日期')).toBe('suspensionFrom');
    expect(fieldForLabel('休学期限：')).toBe('suspensionTerm');
    expect(fieldForLabel('处分情况')).toBe('discipline');
    expect(fieldForLabel('转入年级')).toBe('toGrade');
  });

  it('a 休学 row keeps its term as shown (dates in one form) and a transfer row its 处分 and 转入年级', () => {
    const suspension = statusChangeList.toRecord(
      {
        xjh: 'g370304201403150012',
        name: '李小明',
        changeType: '休学',
        appliedDate: '2026-02-25',
        suspensionFrom: '20260302',
        suspensionUntil: '2026/8/31',
        suspensionTerm: '6个月',
      },
      source,
    ) as StatusChangeCase;
    expect(suspension.suspension).toEqual({ from: '2026-03-02', until: '2026-08-31', term: '6个月' });
    const transfer = statusChangeList.toRecord(
      { xjh: 'G1', name: '甲', changeType: '转出', discipline: '警告', toGrade: '八年级' },
      source,
    ) as StatusChangeCase;
    expect(transfer).toMatchObject({ discipline: '警告', toGrade: '八年级' });
    expect(transfer.suspension).toBeUndefined();
  });

  it('a 学籍卡 that shows 休学结束日期 and 处分情况 gives them to the student record', () => {
    const doc = new DOMParser().parseFromString(
      `<table>
        <tr><td class="FieldLabel">全国学籍号</td><td class="FieldInput">G370304201403150012</td></tr>
        <tr><td class="FieldLabel">姓名</td><td class="FieldInput">李小明</td></tr>
        <tr><td class="FieldLabel">年级</td><td class="FieldInput">七年级</td></tr>
        <tr><td class="FieldLabel">休学结束日期</td><td class="FieldInput">2026-07-31</td></tr>
        <tr><td class="FieldLabel">处分情况</td><td class="FieldInput">记过</td></tr>
      </table>`,
      'text/html',
    );
    const student = cardToStudent(readCard(doc)!, { ...source, pageKind: 'student-card' })!;
    expect(student.suspension).toEqual({ until: '2026-07-31' });
    expect(student.discipline).toBe('记过');
  });
});
