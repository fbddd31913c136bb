/**
 * Ledgers and the monthly report as xlsx, with exceljs (passed in: the extension loads its browser build on
 * demand, tests use the Node build). A title row with the school and the period, Chinese headers frozen
 * under it, ID columns stored as text (a 19-character 学籍号 must never become 1.1E+18).
 */
import type ExcelJS from 'exceljs';
import { stageText } from '../grades';
import type { MessageKey } from '../i18n';
import type { Phrase } from '../say';
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
    if (c.percent) ws.getColumn(i + 1).numFmt = '0.00%';
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

/** The translator the caller passes in (`t` in the extension, the locale file in tests): lib builds no text. */
export type Say = (key: MessageKey, ...substitutions: (string | number)[]) => string;

/** A phrase of Baoxue's own (a 学段, a 学制) in the reader's language. */
const phrase = (p: Phrase, say: Say) => say(p.code as MessageKey, ...p.params);

const MONTHLY_COLUMN_KEYS: { key: string; header: MessageKey; width: number; percent?: boolean }[] = [
  { key: 'unit', header: 'monthly_col_unit', width: 14 },
  { key: 'enrolled', header: 'monthly_col_enrolled', width: 10 },
  { key: 'suspected', header: 'monthly_col_suspected', width: 10 },
  { key: 'dropouts', header: 'monthly_col_dropouts', width: 8 },
  { key: 'returned', header: 'monthly_col_returned', width: 16 },
  { key: 'yearStart', header: 'monthly_col_year_start', width: 14 },
  { key: 'yearDropouts', header: 'monthly_col_year_dropouts', width: 12 },
  { key: 'dropoutRate', header: 'monthly_col_dropout_rate', width: 12, percent: true },
  { key: 'line', header: 'monthly_col_line', width: 8, percent: true },
  { key: 'returnRate', header: 'monthly_col_return_rate', width: 12, percent: true },
  { key: 'retentionRate', header: 'monthly_col_retention_rate', width: 10, percent: true },
];

/** The monthly report's columns, headed in the reader's language; a rate's header marks its definition (¹²³). */
export const monthlyColumns = (say: Say): Column[] =>
  MONTHLY_COLUMN_KEYS.map((c) => ({
    key: c.key,
    header: say(c.header),
    width: c.width,
    ...(c.percent ? { percent: true } : {}),
  }));

/**
 * The report's rows, as the dashboard and the print show them (rates as text, 1.23%); with `numbers` as the
 * xlsx holds them: a rate is the fraction itself (0.0123, formatted as a percentage by the column), so the
 * county can add and compare it; a rate with nobody to divide by stays —.
 */
export function monthlyRows(r: MonthlyReport, say: Say, numbers = false): Row[] {
  const rate = (x: number | undefined) => (numbers && x !== undefined ? x : percent(x));
  const row = (unit: string, f: MonthlyReport['total'], line?: number) => ({
    unit,
    enrolled: f.enrolled,
    suspected: f.suspected,
    dropouts: f.dropouts,
    returned: f.returned,
    yearStart: f.counts.yearStart,
    yearDropouts: f.counts.yearDropouts,
    dropoutRate: rate(f.dropoutRate),
    line: line === undefined ? '' : numbers ? line : `${line * 100}%`,
    returnRate: rate(f.returnRate),
    retentionRate: rate(f.retentionRate),
  });
  return [
    ...r.stages.map((s) => row(phrase(stageText(s.stage), say), s.figures, s.line)),
    row(say('monthly_unit_school'), r.total),
    ...r.classes.map((c) => row(c.className, c.figures)),
  ];
}

/** The lines under the table: the 控辍月 (March, September) and each figure's definition and source. */
export function monthlyNotes(r: MonthlyReport, say: Say): string[] {
  return [
    ...(r.campaign
      ? [say('report_campaign', r.campaign.month), ...r.campaign.asks.map((k) => `· ${say(k)}`)]
      : []),
    say('report_def_heading'),
    ...r.definitions.map((d) => say(d.key, ...d.params)),
  ];
}

export function monthlyWorkbook(Excel: Excel, r: MonthlyReport, school: string, say: Say): ExcelJS.Workbook {
  const wb = new Excel.Workbook();
  wb.creator = '保学助手 Baoxue';
  const ws = sheet(
    wb,
    say('report_sheet_monthly'),
    say('report_title', school, r.month),
    monthlyColumns(say),
    monthlyRows(r, say, true),
  );
  ws.addRow([]);
  ws.addRow([say('report_no_dropout', r.classesWithoutDropout.join('、') || say('report_none'))]);
  for (const line of monthlyNotes(r, say)) ws.addRow([line]);
  return wb;
}
