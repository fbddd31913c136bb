/**
 * Importing a class's absences from a teacher's own table (CSV or xlsx, already read into rows of
 * header → text): every row is checked first and the whole file is refused with its errors by row, so
 * nothing is ever half-imported. Pure: rows and the class's students in, marks or errors out. Each error is a
 * coded text (lib/say.ts, keys `absimp_*`) shown in the reader's language; the column names and the words a
 * cell must hold are the teacher's file's own (Chinese) words, passed as parameters.
 */

import { parseHostDate } from '../capture/normalize';
import { type Coded, type Phrase, say } from '../coded';
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

/** The words a cell may hold, as the teacher's file writes them (named in the errors). */
const HALVES = '上午/下午/全天';
const TYPES = '旷课/事假/病假';

function column(headers: string[], key: keyof typeof COLUMNS): string | undefined {
  return headers.find((h) => (COLUMNS[key] as readonly string[]).includes(h.replace(/\s/g, '')));
}

export function parseAbsenceRows(
  rows: Record<string, string>[],
  students: ImportStudent[],
): { ok: true; marks: ImportedMark[] } | { ok: false; errors: Coded[] } {
  const headers = Object.keys(rows[0] ?? {});
  const col = {
    xjh: column(headers, 'xjh'),
    name: column(headers, 'name'),
    date: column(headers, 'date'),
    half: column(headers, 'half'),
    type: column(headers, 'type'),
    reason: column(headers, 'reason'),
  };
  const errors: Coded[] = [];
  if (!rows.length) return { ok: false, errors: [say('absimp_no_rows')] };
  if (!col.xjh && !col.name) errors.push(say('absimp_no_student_column', '学籍号', '姓名'));
  if (!col.date) errors.push(say('absimp_no_date_column', '日期'));
  if (!col.type) errors.push(say('absimp_no_type_column', '类型', TYPES));
  if (errors.length) return { ok: false, errors };

  const marks: ImportedMark[] = [];
  rows.forEach((row, i) => {
    const line = i + 2; // the header is row 1, as the teacher's spreadsheet numbers it
    const fail = (problem: Phrase) => errors.push(say('absimp_row', line, problem));
    const cell = (c?: string) => (c ? String(row[c] ?? '').trim() : '');
    const xjh = cell(col.xjh).toUpperCase();
    const name = cell(col.name);
    if (!xjh && !name) return; // a blank line
    const byXjh = xjh ? students.filter((s) => s.xjh === xjh) : [];
    const byName = !xjh ? students.filter((s) => s.name === name) : [];
    const found = xjh ? byXjh : byName;
    if (found.length === 0) fail(say('absimp_not_found', xjh || name));
    else if (found.length > 1) fail(say('absimp_same_name', name));
    const rawDate = cell(col.date);
    const date = isIsoDate(rawDate) ? rawDate : parseHostDate(rawDate);
    if (!date) fail(say('absimp_bad_date', rawDate));
    const half = HALF[cell(col.half)];
    if (!half) fail(say('absimp_bad_half', cell(col.half), HALVES));
    const mark = TYPE[cell(col.type)];
    if (!mark) fail(say('absimp_bad_type', cell(col.type), TYPES));
    if (found.length === 1 && date && half && mark)
      marks.push({ studentId: found[0]!.id, date, half, mark, reason: cell(col.reason) });
  });
  return errors.length ? { ok: false, errors } : { ok: true, marks };
}
