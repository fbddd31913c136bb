/**
 * Reads a teacher's table file into rows of header → text: CSV with papaparse (UTF-8, or GBK as Excel
 * saves it on Chinese Windows), xlsx with exceljs's browser build. Both libraries load only when used.
 * A file it cannot read is refused with a coded error (lib/say.ts), shown in the reader's language.
 */
import { CodedError, say } from '@/lib/say';
import { dayOfDateOnly } from '@/lib/time/day';

/** papaparse's error types, in a registrar's words. */
const CSV_PROBLEM = {
  Quotes: 'import_err_csv_quotes',
  FieldMismatch: 'import_err_csv_fields',
  Delimiter: 'import_err_csv_delimiter',
} as const;

export async function readTable(file: File): Promise<Record<string, string>[]> {
  if (/\.csv$/i.test(file.name)) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let text = new TextDecoder('utf-8').decode(bytes);
    if (text.includes('\uFFFD')) text = new TextDecoder('gbk').decode(bytes);
    const { default: Papa } = await import('papaparse');
    const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    const first = parsed.errors[0];
    if (first)
      throw new CodedError(
        say(
          'import_err_csv_row',
          (first.row ?? 0) + 2,
          say(CSV_PROBLEM[first.type] ?? 'import_err_csv_fields'),
        ),
        `CSV row ${(first.row ?? 0) + 2}: ${first.message}`,
      );
    return parsed.data;
  }
  if (/\.xlsx$/i.test(file.name)) {
    const { default: ExcelJS } = await import('exceljs/dist/exceljs.min.js');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await file.arrayBuffer());
    const sheet = book.worksheets[0];
    if (!sheet) return [];
    const text = (v: unknown, shown: string) => (v instanceof Date ? dayOfDateOnly(v) : shown.trim());
    const headers: string[] = [];
    sheet.getRow(1).eachCell((cell, col) => {
      headers[col] = text(cell.value, cell.text);
    });
    const rows: Record<string, string>[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const r: Record<string, string> = {};
      headers.forEach((h, col) => {
        if (h) r[h] = text(row.getCell(col).value, row.getCell(col).text);
      });
      rows.push(r);
    });
    return rows;
  }
  throw new CodedError(say('import_err_file_type'));
}
