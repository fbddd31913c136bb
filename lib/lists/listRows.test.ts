import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  gradeOfClass,
  inferKind,
  type ListColumn,
  listRows,
  matchesSearch,
  nextSort,
  sortRows,
} from './listRows';
import { listWorkbook } from './xlsx';

interface Kid {
  name: string;
  xjh: string;
  grade: string;
  className: string;
  birth: string;
  days: number;
}

const kids: Kid[] = [
  { name: '王五', xjh: 'G0003', grade: '七年级', className: '七年级10班', birth: '2013-05-01', days: 3 },
  { name: '张三', xjh: 'G0001', grade: '三年级', className: '三年级2班', birth: '2017-01-09', days: 12 },
  { name: '李四', xjh: '', grade: '七年级', className: '七年级2班', birth: '', days: 0 },
  { name: '赵六', xjh: 'L0004', grade: '一年级', className: '一年级1班', birth: '2019-11-30', days: 2 },
];

const columns: ListColumn<Kid>[] = [
  { key: 'name', kind: 'text', value: (k) => k.name },
  { key: 'xjh', kind: 'text', value: (k) => k.xjh, id: true },
  { key: 'class', kind: 'grade', value: (k) => k.className },
  { key: 'birth', kind: 'date', value: (k) => k.birth },
  { key: 'days', kind: 'number', value: (k) => k.days },
];
const names = (rows: Kid[]) => rows.map((k) => k.name);

describe('list rows', () => {
  it('sorts classes in school order, not by character code', () => {
    expect(names(sortRows(kids, columns, { key: 'class', dir: 'asc' }))).toEqual([
      '赵六',
      '张三',
      '李四',
      '王五',
    ]);
    expect(names(sortRows(kids, columns, { key: 'class', dir: 'desc' }))).toEqual([
      '王五',
      '李四',
      '张三',
      '赵六',
    ]);
  });

  it('sorts numbers as numbers and dates as dates, blank dates last either way', () => {
    expect(names(sortRows(kids, columns, { key: 'days', dir: 'asc' }))).toEqual([
      '李四',
      '赵六',
      '王五',
      '张三',
    ]);
    expect(names(sortRows(kids, columns, { key: 'birth', dir: 'asc' }))).toEqual([
      '王五',
      '张三',
      '赵六',
      '李四',
    ]);
    expect(names(sortRows(kids, columns, { key: 'birth', dir: 'desc' }))).toEqual([
      '赵六',
      '张三',
      '王五',
      '李四',
    ]);
  });

  it('filters by grade and class and searches name, 学籍号 (either case) and class', () => {
    const q = {
      gradeOf: (k: Kid) => k.grade,
      classOf: (k: Kid) => k.className,
      searchOf: (k: Kid) => [k.name, k.xjh, k.className],
    };
    expect(names(listRows(kids, columns, { ...q, grade: '七年级' }))).toEqual(['王五', '李四']);
    expect(names(listRows(kids, columns, { ...q, className: '七年级2班' }))).toEqual(['李四']);
    expect(names(listRows(kids, columns, { ...q, q: 'l0004' }))).toEqual(['赵六']);
    expect(names(listRows(kids, columns, { ...q, q: '张' }))).toEqual(['张三']);
    expect(names(listRows(kids, columns, { ...q, q: '七年级 王' }))).toEqual(['王五']);
    expect(
      names(listRows(kids, columns, { ...q, grade: '七年级', sort: { key: 'class', dir: 'asc' } })),
    ).toEqual(['李四', '王五']);
    expect(matchesSearch(['张三'], '   ')).toBe(true);
  });

  it('keeps the list’s groups (我的待办 before the others): a sort orders rows within each group only', () => {
    const group = (k: Kid) => (k.grade === '七年级' ? 0 : 1);
    expect(names(listRows(kids, columns, { groupOf: group }))).toEqual(['王五', '李四', '张三', '赵六']);
    expect(names(listRows(kids, columns, { groupOf: group, sort: { key: 'days', dir: 'desc' } }))).toEqual([
      '王五',
      '李四',
      '张三',
      '赵六',
    ]);
    expect(names(listRows(kids, columns, { groupOf: group, sort: { key: 'class', dir: 'asc' } }))).toEqual([
      '李四',
      '王五',
      '赵六',
      '张三',
    ]);
  });

  it('sorts instants as instants and tells a ledger column’s kind from its values', () => {
    const at: ListColumn<{ at: number }>[] = [{ key: 'at', kind: 'datetime', value: (r) => r.at }];
    const rows = [{ at: 1_700_000_000_000 }, { at: 900_000_000_000 }, { at: 1_000_000_000_000 }];
    expect(sortRows(rows, at, { key: 'at', dir: 'asc' }).map((r) => r.at)).toEqual([
      900_000_000_000, 1_000_000_000_000, 1_700_000_000_000,
    ]);
    expect(inferKind([3, '', 12])).toBe('number');
    expect(inferKind(['2026-11-02', '', '2026-09-01'])).toBe('date');
    expect(inferKind(['2026-11-02', '出境：新加坡'])).toBe('text');
    expect(inferKind(['G0001', 3])).toBe('text');
    expect(inferKind(['', undefined])).toBe('text');
  });

  it('reads the grade of a class label, for lists that hold only the class', () => {
    expect(gradeOfClass('七年级2班')).toBe('七年级');
    expect(gradeOfClass('初三(2)班')).toBe('初三');
    expect(gradeOfClass('三年级（10）班')).toBe('三年级');
    expect(gradeOfClass('')).toBe('');
    expect(gradeOfClass('七年级')).toBe('');
  });

  it('a header click cycles ascending, descending, the list order', () => {
    expect(nextSort(null, 'name')).toEqual({ key: 'name', dir: 'asc' });
    expect(nextSort({ key: 'name', dir: 'asc' }, 'name')).toEqual({ key: 'name', dir: 'desc' });
    expect(nextSort({ key: 'name', dir: 'desc' }, 'name')).toBeNull();
    expect(nextSort({ key: 'name', dir: 'desc' }, 'days')).toEqual({ key: 'days', dir: 'asc' });
  });
});

describe('list export', () => {
  it('holds the title, the headers and exactly the rows given; 学籍号 as text, numbers as numbers', async () => {
    const wb = listWorkbook(ExcelJS, {
      title: '某某小学 学生名单',
      sheetName: '学生名单',
      columns: [{ header: '学籍号', id: true }, { header: '姓名' }, { header: '缺勤天数', number: true }],
      rows: [
        ['G110101201501010012345', '张三', 12],
        ['1234567890123456789', '李四', 0],
      ],
    });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const ws = back.worksheets[0]!;
    expect(ws.name).toBe('学生名单');
    expect(ws.getCell('A1').value).toBe('某某小学 学生名单');
    expect(ws.getRow(2).values).toEqual([undefined, '学籍号', '姓名', '缺勤天数']);
    expect(ws.rowCount).toBe(4);
    expect(ws.getCell('A4').value).toBe('1234567890123456789');
    expect(ws.getCell('C3').value).toBe(12);
  });

  it('writes days and Beijing date-times as Excel dates, and rates as numbers shown in percent', async () => {
    // 2026-11-20 07:30 in Beijing is 2026-11-19 23:30 UTC: the file must say the 20th, 07:30.
    const at = Date.UTC(2026, 10, 19, 23, 30);
    const wb = listWorkbook(ExcelJS, {
      title: 't',
      sheetName: 's',
      columns: [
        { header: '出生日期', date: 'day' },
        { header: '时间', date: 'minute' },
        { header: '比率', percent: true },
      ],
      rows: [
        ['2015-03-09', at, 0.0123],
        ['', '', ''],
      ],
    });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const ws = back.worksheets[0]!;
    expect(ws.getCell('A3').value).toEqual(new Date(Date.UTC(2015, 2, 9)));
    expect(ws.getCell('A3').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('B3').value).toEqual(new Date(Date.UTC(2026, 10, 20, 7, 30)));
    expect(ws.getCell('C3').value).toBe(0.0123);
    expect(ws.getCell('C3').numFmt).toBe('0.00%');
    expect(ws.getCell('A4').value).toBe(''); // a blank day stays blank, never 1900-01-00
  });
});
