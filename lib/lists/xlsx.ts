/**
 * "导出当前列表": the rows and columns a list shows, as an xlsx (exceljs passed in: the extension loads its
 * browser build on demand, tests use the Node build). A title row (the school and the list), the headers
 * frozen under it; identifiers stored as text (a 19-character 学籍号 must never become 1.1E+18), numbers as
 * numbers.
 */
import type ExcelJS from 'exceljs';

export interface ExportColumn {
  header: string;
  id?: boolean;
  number?: boolean;
  width?: number;
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
  ws.columns = columns.map((c) => ({ width: c.width ?? (c.id ? 22 : 12) }));
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, Math.max(1, columns.length));
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow(columns.map((c) => c.header)).font = { bold: true };
  for (const r of rows)
    ws.addRow(
      columns.map((c, i) => {
        const v = r[i] ?? '';
        if (c.id) return String(v);
        if (c.number && v !== '' && Number.isFinite(Number(v))) return Number(v);
        return v;
      }),
    );
  columns.forEach((c, i) => {
    if (c.id) ws.getColumn(i + 1).numFmt = '@';
  });
  return wb;
}
