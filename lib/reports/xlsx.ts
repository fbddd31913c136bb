/**
 * Ledgers and the monthly report as xlsx, with exceljs (passed in: the extension loads its browser build on
 * demand, tests use the Node build). A title row with the school and the period, Chinese headers frozen
 * under it, ID columns stored as text (a 19-character 学籍号 must never become 1.1E+18).
 */
import type ExcelJS from 'exceljs';
import type { Column, Ledger, Row } from './ledgers';
import { type MonthlyReport, percent } from './monthly';

type Excel = typeof ExcelJS;

function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: Column[],
  rows: Row[],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width ?? 12 }));
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, Math.max(1, columns.length));
  ws.getRow(1).font = { bold: true, size: 14 };
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => (c.id ? String(r[c.key] ?? '') : (r[c.key] ?? ''))));
  columns.forEach((c, i) => {
    if (c.id) ws.getColumn(i + 1).numFmt = '@';
  });
  return ws;
}

export function ledgerWorkbook(
  Excel: Excel,
  ledger: Ledger,
  meta: { school: string; period: string },
): ExcelJS.Workbook {
  const wb = new Excel.Workbook();
  wb.creator = '保学助手 Baoxue';
  sheet(wb, ledger.title, `${meta.school} ${ledger.title}（${meta.period}）`, ledger.columns, ledger.rows);
  return wb;
}

export const MONTHLY_COLUMNS: Column[] = [
  { key: 'unit', header: '学段/班级', width: 14 },
  { key: 'enrolled', header: '在校生数', width: 10 },
  { key: 'suspected', header: '疑似辍学', width: 10 },
  { key: 'dropouts', header: '辍学', width: 8 },
  { key: 'returned', header: '复学（劝返成功）', width: 16 },
  { key: 'dropoutRate', header: '辍学率', width: 10 },
  { key: 'line', header: '控制线', width: 8 },
  { key: 'returnRate', header: '劝返复学率', width: 12 },
  { key: 'retentionRate', header: '巩固率', width: 10 },
];

/** The report's rows, as the dashboard, the print and the xlsx show them. */
export function monthlyRows(r: MonthlyReport): Row[] {
  const row = (unit: string, f: MonthlyReport['total'], line?: number) => ({
    unit,
    enrolled: f.enrolled,
    suspected: f.suspected,
    dropouts: f.dropouts,
    returned: f.returned,
    dropoutRate: percent(f.dropoutRate),
    line: line === undefined ? '' : `${line * 100}%`,
    returnRate: percent(f.returnRate),
    retentionRate: percent(f.retentionRate),
  });
  return [
    ...r.stages.map((s) => row(s.stage, s.figures, s.line)),
    row('全校', r.total),
    ...r.classes.map((c) => row(c.className, c.figures)),
  ];
}

export function monthlyWorkbook(Excel: Excel, r: MonthlyReport, school: string): ExcelJS.Workbook {
  const wb = new Excel.Workbook();
  wb.creator = '保学助手 Baoxue';
  const ws = sheet(wb, '学校月报', `${school} 控辍保学月报（${r.month}）`, MONTHLY_COLUMNS, monthlyRows(r));
  ws.addRow([]);
  ws.addRow([`无辍学学生班级：${r.classesWithoutDropout.join('、') || '无'}`]);
  return wb;
}
