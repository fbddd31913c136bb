import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { absenceTemplateCsv, absenceTemplateWorkbook } from '@/lib/risk/absenceTemplate';
import { parseAbsenceRows } from '@/lib/risk/importAbsences';
import { readTable } from './readTable';

// The example line's child, as if the teacher's class held it.
const students = [{ id: 's1', xjh: 'G110101201509010012', name: '张小明', className: '三年级2班' }];
const expected = [{ studentId: 's1', date: '2026-09-07', half: 'day', mark: 'excused', reason: '发烧' }];

describe('the 考勤 template', () => {
  it('as xlsx, read and imported the way the 考勤 page does, gives the example line as one mark', async () => {
    const buffer = await absenceTemplateWorkbook(ExcelJS, '2026-09-07').xlsx.writeBuffer();
    const rows = await readTable(new File([buffer as ArrayBuffer], '考勤模板.xlsx'));
    expect(parseAbsenceRows(rows, students)).toEqual({ ok: true, marks: expected });
  });

  it('as CSV, the same', async () => {
    const rows = await readTable(new File([absenceTemplateCsv('2026-09-07')], '考勤模板.csv'));
    expect(parseAbsenceRows(rows, students)).toEqual({ ok: true, marks: expected });
  });

  it('imported unchanged into a class without the example child, is refused (nothing recorded by mistake)', async () => {
    const rows = await readTable(new File([absenceTemplateCsv('2026-09-07')], '考勤模板.csv'));
    expect(parseAbsenceRows(rows, []).ok).toBe(false);
  });
});
