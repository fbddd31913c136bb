import { describe, expect, it } from 'vitest';
import { say } from '../coded';
import { english, zh } from '../coded.testing';
import { parseAbsenceRows } from './importAbsences';

const students = [
  { id: 'G1', xjh: 'G1', name: '甲', className: '一年级1班' },
  { id: 'G2', xjh: 'G2', name: '乙', className: '一年级1班' },
  { id: 'G3', xjh: 'G3', name: '乙', className: '一年级1班' },
];

describe('importing a class’s absences', () => {
  it('reads the columns a teacher has, by their names', () => {
    const r = parseAbsenceRows(
      [
        { 学籍号: 'G1', 姓名: '甲', 日期: '2026-11-19', 时段: '上午', 类型: '旷课', 原因: '' },
        { 学籍号: 'g2', 姓名: '乙', 日期: '2026/11/20', 时段: '全天', 类型: '病假', 原因: '发烧' },
        { 学籍号: '', 姓名: '', 日期: '', 时段: '', 类型: '', 原因: '' },
      ],
      students,
    );
    expect(r).toEqual({
      ok: true,
      marks: [
        { studentId: 'G1', date: '2026-11-19', half: 'am', mark: 'unexcused', reason: '' },
        { studentId: 'G2', date: '2026-11-20', half: 'day', mark: 'excused', reason: '发烧' },
      ],
    });
  });

  it('refuses the whole file with every error by row', () => {
    const r = parseAbsenceRows(
      [
        { 姓名: '甲', 日期: '2026-11-19', 类型: '旷课' },
        { 姓名: '乙', 日期: '2026-11-19', 类型: '旷课' },
        { 姓名: '丙', 日期: '2026-13-01', 类型: '迟到' },
      ],
      students,
    );
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.map(zh)).toEqual([
      '第 3 行：姓名“乙”有重名，请填写学籍号',
      '第 4 行：找不到学生“丙”',
      '第 4 行：日期“2026-13-01”无法识别',
      '第 4 行：类型“迟到”应为 旷课/事假/病假',
    ]);
    // The English UI says the same in English; the teacher's own words (a name, a cell) stay as written.
    expect(errors.map(english)).toEqual([
      'Row 3: more than one student is named “乙”: give the student ID',
      'Row 4: no student “丙” in the class',
      'Row 4: the date “2026-13-01” cannot be read',
      'Row 4: the type “迟到” should be one of 旷课/事假/病假',
    ]);
  });

  it('names the columns it cannot find', () => {
    const r = parseAbsenceRows([{ 名字: '甲', 时间: 'x' }], students);
    const errors = r.ok ? [] : r.errors;
    expect(errors.map(zh)).toEqual([
      '缺少“学籍号”或“姓名”列',
      '缺少“日期”列',
      '缺少“类型”列（旷课/事假/病假）',
    ]);
    expect(errors.map(english)).toEqual([
      'No “学籍号” (student ID) or “姓名” (name) column',
      'No “日期” (date) column',
      'No “类型” (type) column (旷课/事假/病假)',
    ]);
    expect(parseAbsenceRows([], students)).toEqual({ ok: false, errors: [say('absimp_no_rows')] });
  });
});
