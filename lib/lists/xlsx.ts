/**
 * "导出当前列表": the rows and columns a list shows, as an xlsx (exceljs passed in: the extension loads its
 * browser build on demand, tests use the Node build). A title row (the school and the list), the headers
 * frozen under it; identifiers stored as text (a 19-character 学籍号 must never become 1.1E+18), numbers as
 * numbers.
 */
import type ExcelJS from 'exceljs';
import { beijingTime, isIsoDate } from '../time/day';

export interface ExportColumn {
  header: string;
  id?: boolean;
  number?: boolean;
  /** A rate (0.0123): a number shown as 1.23%. */
  percent?: boolean;
  /** 'day': a YYYY-MM-DD cell becomes an Excel date; 'minute': an instant (ms) becomes the Beijing date-time. */
  date?: 'day' | 'minute';
  width?: number;
}

/**
 * An Excel date holds no zone: it is written as the UTC instant of the wall-clock time the school reads
 * (a day at 00:00, an instant at its Beijing hour and minute), so Excel shows the same day and time.
 */
function excelDate(v: string | number, as: 'day' | 'minute'): Date | string | number {
  if (as === 'day') {
    if (typeof v !== 'string' || !isIsoDate(v)) return v;
    const [y, m, d] = v.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d));
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return v;
  const { day, hour, minute } = beijingTime(v);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, hour, minute));
}

export function listWorkbook(
  Excel: typeof ExcelJS,
  {
    title,
    sheetName,
    columns,
    rows,
  }: { title: string; sheetName: string; columns: ExportColumn[]; rows: (string | number)[][] },
): ExcelJS.Workbook {
  const wb = new Excel.Workbook();
  wb.creator = '保学助手 Baoxue';
  // Excel refuses sheet names over 31 characters or with []:*?/\.
  const ws = wb.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1', {
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  ws.columns = columns.map((c) => ({ width: c.width ?? (c.id ? 22 : c.date === 'minute' ? 17 : 12) }));
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, Math.max(1, columns.length));
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow(columns.map((c) => c.header)).font = { bold: true };
  for (const r of rows)
    ws.addRow(
      columns.map((c, i) => {
        const v = r[i] ?? '';
        if (c.id) return String(v);
        if (c.date) return excelDate(v, c.date);
        if ((c.number || c.percent) && v !== '' && Number.isFinite(Number(v))) return Number(v);
        return v;
      }),
    );
  columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    if (c.id) column.numFmt = '@';
    else if (c.percent) column.numFmt = '0.00%';
    else if (c.date === 'day') column.numFmt = 'yyyy-mm-dd';
    else if (c.date === 'minute') column.numFmt = 'yyyy-mm-dd hh:mm';
  });
  return wb;
}
