/**
 * What a registrar reads as 新变动: a field that changed, not a field one page did not show and another
 * page filled in (the 2.0 list has no 身份证件类型 column; the 1.0 roll's JSON has it).
 */
import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { diffStudent } from './diff';

describe('diffStudent', () => {
  it('stores a field learnt from another page without an event', () => {
    const before = makeStudent({ idType: '' });
    const d = diffStudent(before, { ...before, idType: '1' });
    expect(d).toEqual({ changed: true });
  });

  it('still reports a field that held one value and now holds another', () => {
    const before = makeStudent({ idType: '1', className: '七年级3班' });
    const d = diffStudent(before, { ...before, className: '七年级4班' });
    expect(d.changed && d.event?.kind).toBe('student-changed');
    expect(d.changed && d.event?.summary).toContain('七年级3班 → 七年级4班');
  });

  it('reports a 身份证件号 or 班级 that was empty and now holds a value (lists show both)', () => {
    const before = makeStudent({ idType: '1', idNumber: '', className: '' });
    const d = diffStudent(before, { ...before, idNumber: '110101201001011234', className: '七年级4班' });
    expect(d.changed && d.event?.kind).toBe('student-changed');
    expect(d.changed && d.event?.summary).toContain(' → 110101201001011234');
    expect(d.changed && d.event?.summary).toContain(' → 七年级4班');
  });

  it('stores a 学籍辅号 learnt from the 学籍卡 without an event', () => {
    const before = makeStudent({ xjfh: undefined });
    expect(diffStudent(before, { ...before, xjfh: 'F123' })).toEqual({ changed: true });
  });
});
