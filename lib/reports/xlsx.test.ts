import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { say } from '../../tests/fixtures/say';
import { buildLedger } from './ledgers';
import { monthlyReport } from './monthly';
import { ledgerWorkbook, monthlyWorkbook } from './xlsx';

it('writes a ledger with a title row, frozen Chinese headers and 学籍号 as text', async () => {
  const xjh = 'G110105201001010011';
  const students = [makeStudent({ id: xjh, xjh, name: '甲', className: '七年级1班' })];
  const events = [
    {
      id: 'e1',
      kind: 'persuasionAttempt' as const,
      studentId: xjh,
      caseId: 'c',
      author: '王老师',
      at: new Date('2026-11-02T10:00:00').getTime(),
      recordedAt: 0,
      data: { step: 'open' as const, method: '' as const, outcome: '', deadline: '', date: '' },
    },
  ];
  const ledger = buildLedger('suspected', { students, events, checks: [], today: '2026-11-30' }, say);
  const buffer = await ledgerWorkbook(ExcelJS, ledger, {
    school: '演示学校',
    period: '2026-11',
  }).xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buffer as ArrayBuffer);
  const ws = back.worksheets[0]!;
  expect(ws.getCell('A1').value).toBe('演示学校 疑似辍学学生台账（2026-11）');
  expect(ws.getRow(2).values).toEqual([
    undefined,
    '全国学籍号',
    '姓名',
    '年级',
    '班级',
    '疑似辍学日期',
    '原因',
    '未到校起始日期',
    '立案劝返日期',
    '劝返次数',
    '当前环节',
    '返校期限',
    '销号日期',
    '状态',
  ]);
  expect(ws.getCell('A3').value).toBe(xjh);
  expect(typeof ws.getCell('A3').value).toBe('string');
  expect(ws.getCell('A3').numFmt).toBe('@');
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  expect(ws.rowCount).toBe(3);
  expect(ws.getCell('E3').value).toBe('2026-11-02'); // 疑似辍学日期: the day the case was opened
  expect(ws.getCell('F3').value).toBe('劝返在办'); // 原因

  const monthly = monthlyWorkbook(ExcelJS, monthlyReport({ students, events }, '2026-11'), '演示学校', say);
  const m = monthly.worksheets[0]!;
  expect(m.getCell('A1').value).toBe('演示学校 控辍保学月报（2026-11）');
  expect(m.getRow(2).values).toContain('年辍学率¹');
  // The control line is a number formatted as a percentage (issue 15: rates Excel can add); no base: —.
  expect(m.getRow(3).values).toEqual([undefined, '小学', 0, 0, 0, 0, 0, 0, '—', 0.02, '—', '—']);
  // Under the table: each rate's definition and source, in words.
  const notes = m.getColumn(1).values.map(String);
  expect(
    notes.some((v) => v.startsWith('¹ 年辍学率 = 学年内辍学学生数 ÷ 学年初（2026-09-01）在校学生数')),
  ).toBe(true);
  expect(notes.some((v) => v.includes('《控辍保学工作方案及措施文件》篇五'))).toBe(true);
});
