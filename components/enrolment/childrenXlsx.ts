/**
 * The 适龄儿童台账 as xlsx, laid out as the other ledgers (lib/reports/xlsx): a title row with the school
 * and the date, headers frozen under it, ID and phone columns kept as text, and the counts' definition
 * in a last row so the sheet handed to the county says what it counts.
 */
import type ExcelJS from 'exceljs';
import type { Column, Row } from '@/lib/reports/ledgers';

export function childrenWorkbook(
  Excel: typeof ExcelJS,
  sheetName: string,
  heading: string,
  columns: Column[],
  rows: Row[],
  definition: string,
): ExcelJS.Workbook {
  const wb = new Excel.Workbook();
  wb.creator = '保学助手 Baoxue';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width ?? 12 }));
  ws.addRow([heading]);
  ws.mergeCells(1, 1, 1, Math.max(1, columns.length));
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow(columns.map((c) => c.header)).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => (c.id ? String(r[c.key] ?? '') : (r[c.key] ?? ''))));
  columns.forEach((c, i) => {
    if (c.id) ws.getColumn(i + 1).numFmt = '@';
  });
  const last = ws.addRow([definition]);
  ws.mergeCells(last.number, 1, last.number, Math.max(1, columns.length));
  return wb;
}
