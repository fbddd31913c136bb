import type ExcelJS from 'exceljs';

/** exceljs's browser build, loaded only when someone exports. */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs/dist/exceljs.min.js')).default;
}

export async function downloadWorkbook(wb: ExcelJS.Workbook, fileName: string): Promise<void> {
  const buffer = await wb.xlsx.writeBuffer();
  const url = URL.createObjectURL(
    new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
