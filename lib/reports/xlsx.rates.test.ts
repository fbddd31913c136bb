/** Issue 15: the monthly xlsx holds rates as numbers with a percent format, not as text Excel cannot add. */
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { say } from '../../tests/fixtures/say';
import { BaoxueEvent } from '../records';
import { monthlyReport } from './monthly';
import { monthlyRows, monthlyWorkbook } from './xlsx';

const at = (day: string) => new Date(`${day}T10:00:00+08:00`).getTime();
const step = (s: string, day: string) =>
  BaoxueEvent.parse({
    id: `p-${s}`,
    kind: 'persuasionAttempt',
    studentId: 'S0',
    caseId: 'c1',
    author: '王老师',
    at: at(day),
    recordedAt: at(day),
    data: { step: s },
  });

it('writes 年辍学率, 控制线, 劝返复学率 and 巩固率 as numbers shown as percentages', async () => {
  const students = Array.from({ length: 100 }, (_, i) =>
    makeStudent({ id: `S${i}`, xjh: `S${i}`, grade: '一年级', className: '一年级1班' }),
  );
  const report = monthlyReport(
    { students, events: [step('open', '2026-11-02'), step('report', '2026-11-10')] },
    '2026-11',
  );
  const buffer = await monthlyWorkbook(ExcelJS, report, '演示学校', say).xlsx.writeBuffer();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const headers = ws.getRow(2).values as string[];
  const col = (name: string) => headers.indexOf(name);
  const primary = ws.getRow(3);
  expect(primary.getCell(1).value).toBe('小学');
  const rate = primary.getCell(col('年辍学率¹'));
  expect(rate.value).toBeCloseTo(0.01);
  expect(typeof rate.value).toBe('number');
  expect(rate.numFmt).toBe('0.00%');
  expect(primary.getCell(col('控制线')).value).toBe(0.02);
  expect(primary.getCell(col('巩固率³')).value).toBeCloseTo(0.99);
  // The screen and the print still say 1.00%.
  expect(monthlyRows(report, say)[0]!.dropoutRate).toBe('1.00%');
});
