/**
 * Importing a class's absences from a teacher's own table (CSV or xlsx, already read into rows of
 * header → text): every row is checked first and the whole file is refused with its errors by row, so
 * nothing is ever half-imported. Pure: rows and the class's students in, marks or errors out.
 */

import { parseHostDate } from '../capture/normalize';
import { isIsoDate } from '../time/day';
import type { Half, Mark } from './absences';

export interface ImportStudent {
  id: string;
  xjh: string;
  name: string;
  className: string;
}

export interface ImportedMark {
  studentId: string;
  date: string;
  half: Half;
  mark: Mark;
  reason: string;
}

const COLUMNS = {
  xjh: ['全国学籍号', '学籍号', '个人标识码'],
  name: ['姓名', '学生姓名'],
  date: ['日期', '缺勤日期', '缺课日期'],
  half: ['时段', '上下午', '节次'],
  type: ['类型', '缺勤类型', '考勤', '缺课类型'],
  reason: ['原因', '备注', '缺勤原因'],
} as const;

const HALF: Record<string, Half> = { 上午: 'am', 下午: 'pm', 全天: 'day', 全日: 'day', '': 'day' };
const TYPE: Record<string, Mark> = {
  旷课: 'unexcused',
  缺课: 'unexcused',
  无故缺课: 'unexcused',
  事假: 'excused',
  病假: 'excused',
  请假: 'excused',
};

function column(headers: string[], key: keyof typeof COLUMNS): string | undefined {
  return headers.find((h) => (COLUMNS[key] as readonly string[]).includes(h.replace(/\s/g, '')));
}

export function parseAbsenceRows(
  rows: Record<string, string>[],
  students: ImportStudent[],
): { ok: true; marks: ImportedMark[] } | { ok: false; errors: string[] } {
  const headers = Object.keys(rows[0] ?? {});
  const col = {
    xjh: column(headers, 'xjh'),
    name: column(headers, 'name'),
    date: column(headers, 'date'),
    half: column(headers, 'half'),
    type: column(headers, 'type'),
    reason: column(headers, 'reason'),
  };
  const errors: string[] = [];
  if (!rows.length) return { ok: false, errors: ['文件中没有数据行'] };
  if (!col.xjh && !col.name) errors.push('缺少“学籍号”或“姓名”列');
  if (!col.date) errors.push('缺少“日期”列');
  if (!col.type) errors.push('缺少“类型”列（旷课/事假/病假）');
  if (errors.length) return { ok: false, errors };

  const marks: ImportedMark[] = [];
  rows.forEach((row, i) => {
    const line = `第 ${i + 2} 行`; // the header is row 1, as the teacher's spreadsheet numbers it
    const cell = (c?: string) => (c ? String(row[c] ?? '').trim() : '');
    const xjh = cell(col.xjh).toUpperCase();
    const name = cell(col.name);
    if (!xjh && !name) return; // a blank line
    const byXjh = xjh ? students.filter((s) => s.xjh === xjh) : [];
    const byName = !xjh ? students.filter((s) => s.name === name) : [];
    const found = xjh ? byXjh : byName;
    if (found.length === 0) errors.push(`${line}：找不到学生“${xjh || name}”`);
    else if (found.length > 1) errors.push(`${line}：姓名“${name}”有重名，请填写学籍号`);
    const rawDate = cell(col.date);
    const date = isIsoDate(rawDate) ? rawDate : parseHostDate(rawDate);
    if (!date) errors.push(`${line}：日期“${rawDate}”无法识别`);
    const half = HALF[cell(col.half)];
    if (!half) errors.push(`${line}：时段“${cell(col.half)}”应为 上午/下午/全天`);
    const mark = TYPE[cell(col.type)];
    if (!mark) errors.push(`${line}：类型“${cell(col.type)}”应为 旷课/事假/病假`);
    if (found.length === 1 && date && half && mark)
      marks.push({ studentId: found[0]!.id, date, half, mark, reason: cell(col.reason) });
  });
  return errors.length ? { ok: false, errors } : { ok: true, marks };
}
