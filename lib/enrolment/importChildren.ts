/**
 * Importing a 适龄儿童 list from the village or the 户籍 authority (CSV or xlsx, already read into rows of
 * header → text), as the absence import does: columns found by their header text, every row checked
 * first, and the whole file refused with each bad row named, so nothing is ever half-imported. Pure.
 *
 * Checks: a name; a 身份证号 that passes GB 11643 (lib/identifiers) or, for a child without one, a birth
 * date; the birth date real, not after today, and the same as the number's; the child of school age for the
 * chosen school year (lib/enrolment/schoolAge); no child twice in one file.
 * Problems come back as codes with their values; the page words them (i18n `enrol_err_*`).
 */

import { parseHostDate } from '../capture/normalize';
import { checkCitizenId } from '../identifiers';
import type { SchoolAgeChild } from '../records';
import { labelKey } from '../text';
import { isIsoDate } from '../time/day';
import { type AgeStanding, ageRange, ageStanding, cutoffDay, type EnrolmentSettings } from './schoolAge';

const COLUMNS = {
  name: ['姓名', '儿童姓名', '学生姓名'],
  idNumber: ['身份证号', '身份证号码', '身份证件号', '身份证件号码', '证件号码', '公民身份号码'],
  birthDate: ['出生日期', '出生年月日', '出生年月', '生日'],
  village: ['户籍地', '户籍所在地', '户籍地址', '户口所在地', '村', '所在村', '村(居)', '村(社区)', '村组'],
  guardian: ['监护人', '监护人姓名', '家长', '家长姓名'],
  phone: ['联系电话', '电话', '手机', '手机号', '手机号码', '监护人电话', '家长电话'],
  note: ['备注', '说明'],
} as const;
type Column = keyof typeof COLUMNS;

/** What can be wrong with a list; the page words each as `enrol_err_<code with _>` (values in brackets). */
export const IMPORT_PROBLEMS = [
  'no-rows', // the file has no data rows
  'no-name-column', // no 姓名 column
  'no-id-or-birth-column', // neither 身份证号 nor 出生日期 column
  'name-missing',
  'name-too-long', // [name]
  'id-or-birth-missing', // [name]
  'id-format', // [name, id]
  'id-checksum', // [name, id]
  'id-birthdate', // [name, id]
  'birth-unreadable', // [name, text]
  'birth-future', // [name, date]
  'birth-mismatch', // [name, date, date in the number]
  'too-young', // [name, birth, cut-off day, min age]
  'too-old', // [name, birth, cut-off day, max age + 1]
  'duplicate', // [name, earlier row]
  'text-too-long', // [name, header]
] as const;
export type ImportProblem = (typeof IMPORT_PROBLEMS)[number];

export interface ImportError {
  /** The row as the registrar's spreadsheet numbers it (the header is row 1); 0 for the file as a whole. */
  row: number;
  problem: ImportProblem;
  values: string[];
}

export type ImportedChild = Omit<SchoolAgeChild, 'whereabouts' | 'importedAt' | 'updatedAt'>;

/** A child's key: the 身份证号 when known, else name and birth date (what the roll is matched by). */
export const childId = (c: { idNumber: string; name: string; birthDate: string }) =>
  c.idNumber ? `id:${c.idNumber}` : `nb:${c.name}|${c.birthDate}`;

function findColumns(headers: string[]): Partial<Record<Column, string>> {
  const out: Partial<Record<Column, string>> = {};
  for (const key of Object.keys(COLUMNS) as Column[]) {
    const wanted = new Set(COLUMNS[key].map(labelKey));
    const found = headers.find((h) => wanted.has(labelKey(h)));
    if (found !== undefined) out[key] = found;
  }
  return out;
}

const LIMITS: Partial<Record<Column, number>> = { village: 2000, guardian: 50, phone: 64, note: 2000 };

export function parseChildRows(
  rows: Record<string, string>[],
  opts: { year: number; today: string; settings: EnrolmentSettings },
): { ok: true; children: ImportedChild[] } | { ok: false; errors: ImportError[] } {
  if (!rows.length) return { ok: false, errors: [{ row: 0, problem: 'no-rows', values: [] }] };
  const col = findColumns(Object.keys(rows[0]!));
  const fileErrors: ImportError[] = [];
  if (!col.name) fileErrors.push({ row: 0, problem: 'no-name-column', values: [] });
  if (!col.idNumber && !col.birthDate)
    fileErrors.push({ row: 0, problem: 'no-id-or-birth-column', values: [] });
  if (fileErrors.length) return { ok: false, errors: fileErrors };

  const errors: ImportError[] = [];
  const children: ImportedChild[] = [];
  const seen = new Map<string, number>();
  const cutoff = cutoffDay(opts.year, opts.settings.cutoff);
  const { min, max } = ageRange(opts.settings);
  rows.forEach((r, i) => {
    const row = i + 2;
    const cell = (c: Column) => {
      const h = col[c];
      return h ? String(r[h] ?? '').trim() : '';
    };
    if (Object.values(r).every((v) => !String(v ?? '').trim())) return; // a blank line
    const fail = (problem: ImportProblem, ...values: string[]) => errors.push({ row, problem, values });
    const name = cell('name').replace(/\s+/g, '');
    const shown = name || `(${row})`;
    if (!name) fail('name-missing');
    else if (name.length > 50) fail('name-too-long', name.slice(0, 20));
    const idNumber = cell('idNumber').replace(/\s+/g, '').toUpperCase();
    const rawBirth = cell('birthDate');
    let birth: string | null = null;
    if (rawBirth) {
      birth = isIsoDate(rawBirth) ? rawBirth : parseHostDate(rawBirth);
      if (!birth) fail('birth-unreadable', shown, rawBirth);
    }
    if (idNumber) {
      const { problems, facts } = checkCitizenId(idNumber);
      if (problems.includes('id-format')) fail('id-format', shown, idNumber);
      else if (problems.includes('id-birthdate')) fail('id-birthdate', shown, idNumber);
      else if (problems.includes('id-checksum')) fail('id-checksum', shown, idNumber);
      else if (facts) {
        if (birth && birth !== facts.birthDate) fail('birth-mismatch', shown, birth, facts.birthDate);
        birth ??= rawBirth ? null : facts.birthDate;
      }
    } else if (!rawBirth) fail('id-or-birth-missing', shown);
    if (birth && birth > opts.today) {
      fail('birth-future', shown, birth);
      birth = null;
    }
    if (birth) {
      const standing: AgeStanding = ageStanding(birth, opts.year, opts.settings);
      if (standing === 'too-young') fail('too-young', shown, birth, cutoff, String(min));
      if (standing === 'too-old') fail('too-old', shown, birth, cutoff, String(max + 1));
    }
    for (const c of ['village', 'guardian', 'phone', 'note'] as const)
      if (cell(c).length > (LIMITS[c] ?? 2000)) fail('text-too-long', shown, col[c] ?? c);
    if (name && birth) {
      const key = childId({ idNumber, name, birthDate: birth });
      const earlier = seen.get(key);
      if (earlier) fail('duplicate', shown, String(earlier));
      else seen.set(key, row);
    }
    if (errors.some((e) => e.row === row) || !name || !birth) return;
    children.push({
      id: childId({ idNumber, name, birthDate: birth }),
      name,
      idNumber,
      birthDate: birth,
      village: cell('village'),
      guardian: cell('guardian'),
      phone: cell('phone'),
      note: cell('note'),
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, children };
}
