import { describe, expect, it } from 'vitest';
import { compareGradeLabels, sortedLabels } from './grades';

describe('grades and classes in school order (issue 15 §8)', () => {
  it('sorts grades by their number, not by character code', () => {
    const grades = ['七年级', '三年级', '一年级', '九年级', '二年级', '八年级', '六年级', '五年级', '四年级'];
    expect(sortedLabels(grades)).toEqual([
      '一年级',
      '二年级',
      '三年级',
      '四年级',
      '五年级',
      '六年级',
      '七年级',
      '八年级',
      '九年级',
    ]);
  });

  it('sorts classes by grade, then by class number as a number', () => {
    const classes = ['七年级10班', '七年级2班', '三年级1班', '初一(3)班', '一年级12班', '一年级9班'];
    expect([...classes].sort((a, b) => compareGradeLabels(a, b))).toEqual([
      '一年级9班',
      '一年级12班',
      '三年级1班',
      '七年级2班',
      '初一(3)班',
      '七年级10班',
    ]);
  });

  it('puts labels naming no grade last, and drops blanks from the choices', () => {
    expect(sortedLabels(['高一', '', '二年级', '二年级'])).toEqual(['二年级', '高一']);
  });

  it('follows the school system: in 五四制 六年级 is 初一', () => {
    expect(sortedLabels(['初二', '六年级', '五年级'], '五四制')).toEqual(['五年级', '六年级', '初二']);
  });
});
