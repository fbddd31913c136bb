/**
 * The 考勤 template a teacher downloads, fills in and imports (issue 15: "a 考勤 template to download"). Its
 * headers are words the importer (importAbsences.ts) reads, one example line shows how a cell is written;
 * a test imports the template with the importer. The headers and cell words are the teacher's file's own
 * (Chinese) words, as the importer reads them, in either language of the UI.
 */
import type ExcelJS from 'exceljs';

export const ABSENCE_TEMPLATE_HEADERS = ['学籍号', '姓名', '日期', '时段', '类型', '原因'] as const;

/** The example line: a made-up child (the importer refuses it until replaced by a real one). */
export const absenceTemplateExample = (day: string): string[] => [
  'G110101201509010012',
  '张小明',
  day,
  '全天',
  '病假',
  '发烧',
];

/** What each column may hold, as the importer reads it (a second sheet, 填写说明). */
const NOTES: [string, string][] = [
  ['学籍号', '全国学籍号或个人标识码；没有时可只填姓名（同班不得重名）'],
  ['姓名', '学生姓名'],
  ['日期', '如 2026-09-07；每行一天、一个时段'],
  ['时段', '上午 / 下午 / 全天（空着即全天）'],
  ['类型', '旷课 / 事假 / 病假'],
  ['原因', '可空'],
];

export function absenceTemplateWorkbook(Excel: typeof ExcelJS, day: string): ExcelJS.Workbook {
  const wb = new Excel.Workbook();
  wb.creator = '保学助手 Baoxue';
  const ws = wb.addWorksheet('考勤');
  ws.columns = ABSENCE_TEMPLATE_HEADERS.map((h) => ({ width: h === '学籍号' ? 24 : 12 }));
  ws.addRow([...ABSENCE_TEMPLATE_HEADERS]).font = { bold: true };
  ws.addRow(absenceTemplateExample(day));
  // 学籍号 and 日期 as text: Excel must not turn a 学籍号 into 1.1E+18 nor a date into a serial number.
  ws.getColumn(1).numFmt = '@';
  ws.getColumn(3).numFmt = '@';
  const notes = wb.addWorksheet('填写说明');
  notes.columns = [{ width: 10 }, { width: 50 }];
  for (const n of NOTES) notes.addRow(n);
  return wb;
}

/** The same template as CSV (UTF-8 with a BOM, so Excel on Chinese Windows opens it right). */
export const absenceTemplateCsv = (day: string): string =>
  `\uFEFF${[ABSENCE_TEMPLATE_HEADERS.join(','), absenceTemplateExample(day).join(',')].join('\r\n')}\r\n`;
