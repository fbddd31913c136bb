import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type ListColumn, listRows, matchesSearch, nextSort, sortRows } from './listRows';
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
});
