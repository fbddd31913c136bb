/**
 * 全国学籍号 and citizen ID (GB 11643-1999) checks, domain.md §3. Pure; never "fixes" a number, only says
 * what is wrong: a failing record is stored as read, with its flags.
 *
 * - A citizen ID is 6-digit area code (GB/T 2260: its first two digits a province), 8-digit birth date (a
 *   real date, not after today), 3-digit sequence, check character over the first 17 digits.
 * - 全国学籍号 `G` + 18 is `G` + the child's citizen ID: the 18 must pass every check above, and match the
 *   身份证件号 when one is shown.
 * - `J` + 18 (no citizen ID) is "ID-shaped with check digit": area code, birth date and check character.
 * - `L` + 18 (temporary) is "ID-shaped but no real ID". Reading Baoxue takes: digits only, area code and
 *   birth date as in an ID, check character NOT required (the domain names one for J only). The option
 *   `lCheckDigit: true` checks it too.
 */

import { labelKey } from './text';
import { dayString, isIsoDate } from './time/day';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The GB 11643 check character for the first 17 digits. */
export function citizenIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Province-level codes of GB/T 2260 (the first two digits of every area code), plus 81/82/83 used by the
 * 港澳台居民居住证 that share the ID's coding. Only the province is checked: county codes change and an old
 * code stays valid on the IDs issued under it.
 */
// biome-ignore format: one province per cell reads as the standard's table
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** Problem codes, stable: they go into `flags` and the overlay's `data-baoxue-flags` (i18n `flag_…`). */
export type IdProblem =
  | 'id-format' // not 17 digits + digit/X
  | 'id-checksum' // check character wrong
  | 'id-area' // first two digits are not a province code
  | 'id-birthdate' // digits 7–14 are not a real date
  | 'id-birth-future' // digits 7–14 are a date after today
  | 'id-missing' // 证件类型 居民身份证 but no number
  | 'id-sex-mismatch' // sequence parity disagrees with 性别
  | 'id-birth-mismatch' // birth date in the number disagrees with 出生日期
  | 'id-record-birth-future' // the 出生日期 column is after today
  | 'xjh-format' // 全国学籍号 is not G/L/J + 17 digits + digit/X
  | 'xjh-checksum' // G/J: check character wrong
  | 'xjh-area' // area code of the 18 is not a province
  | 'xjh-birthdate' // birth date of the 18 is not a real date
  | 'xjh-birth-future' // birth date of the 18 is after today
  | 'xjh-id-mismatch'; // G + 18 differs from the 身份证件号 shown

export interface CitizenIdFacts {
  birthDate: string; // YYYY-MM-DD
  sex: '男' | '女';
}

export interface IdCheckOptions {
  /** Today's day (YYYY-MM-DD, Beijing): a birth date after it is flagged. Defaults to now. */
  today?: string;
  /** Check the L number's check character too (default false: the domain names a check digit for J). */
  lCheckDigit?: boolean;
}

function realDate(yyyymmdd: string): string | null {
  const day = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  return isIsoDate(day) ? day : null;
}

const todayOf = (o: IdCheckOptions) => o.today ?? dayString(Date.now());

/** The ID-shaped checks on 18 characters, each problem by its kind; `facts` when the date is real. */
function idShape(
  s: string,
  o: IdCheckOptions,
  checkDigit: boolean,
): { format?: true; checksum?: true; area?: true; birthdate?: true; future?: true; facts?: CitizenIdFacts } {
  if (!/^\d{17}[\dX]$/.test(s)) return { format: true };
  const out: ReturnType<typeof idShape> = {};
  if (checkDigit && citizenIdCheckChar(s.slice(0, 17)) !== s[17]) out.checksum = true;
  if (!PROVINCES.has(s.slice(0, 2))) out.area = true;
  const birthDate = realDate(s.slice(6, 14));
  if (!birthDate) out.birthdate = true;
  else {
    if (birthDate > todayOf(o)) out.future = true;
    out.facts = { birthDate, sex: Number(s[16]) % 2 === 1 ? '男' : '女' };
  }
  return out;
}

/** Reads birth date and sex out of an 18-character citizen ID, with its problems. */
export function checkCitizenId(
  id: string,
  o: IdCheckOptions = {},
): { problems: IdProblem[]; facts?: CitizenIdFacts } {
  const r = idShape(id.trim().toUpperCase(), o, true);
  if (r.format) return { problems: ['id-format'] };
  const problems: IdProblem[] = [];
  if (r.checksum) problems.push('id-checksum');
  if (r.area) problems.push('id-area');
  if (r.birthdate) problems.push('id-birthdate');
  if (r.future) problems.push('id-birth-future');
  return r.facts ? { problems, facts: r.facts } : { problems };
}

/** The 全国学籍号's own problems: its shape by type letter (G, J, L), per domain.md §3. */
export function checkXjh(xjh: string, o: IdCheckOptions = {}): IdProblem[] {
  const s = xjh.trim().toUpperCase();
  const kind = s[0];
  if (s.length !== 19 || (kind !== 'G' && kind !== 'J' && kind !== 'L')) return ['xjh-format'];
  const r = idShape(s.slice(1), o, kind !== 'L' || o.lCheckDigit === true);
  if (r.format) return ['xjh-format'];
  const problems: IdProblem[] = [];
  if (r.checksum) problems.push('xjh-checksum');
  if (r.area) problems.push('xjh-area');
  if (r.birthdate) problems.push('xjh-birthdate');
  if (r.future) problems.push('xjh-birth-future');
  return problems;
}

/** 身份证件类型 居民身份证 (code 1), by code or by name, whatever its form. */
const CITIZEN_ID_TYPES = new Set(['1', '01', labelKey('居民身份证'), labelKey('身份证')]);

/**
 * Checks a student's identifiers against each other. `idType` 1 (居民身份证) or blank means a citizen ID is
 * expected when a number is shown; type 1 with no number is itself a problem (a blank type with no number
 * is a list that does not show the column). Other types (passport, HK/Macau/Taiwan permits) are opaque.
 */
export function identifierProblems(
  s: {
    xjh: string;
    idType?: string;
    idNumber?: string;
    sex?: string;
    birthDate?: string;
  },
  o: IdCheckOptions = {},
): IdProblem[] {
  const problems = new Set<IdProblem>(checkXjh(s.xjh, o));
  const xjh = s.xjh.trim().toUpperCase();
  const idType = labelKey(s.idType);
  const idNumber = (s.idNumber ?? '').trim().toUpperCase();
  const citizenType = CITIZEN_ID_TYPES.has(idType);
  if (citizenType && idNumber === '') problems.add('id-missing');
  if ((idType === '' || citizenType) && idNumber !== '') {
    const { problems: idProblems, facts } = checkCitizenId(idNumber, o);
    for (const p of idProblems) problems.add(p);
    if (facts) {
      if (s.sex && (s.sex === '男' || s.sex === '女') && s.sex !== facts.sex) problems.add('id-sex-mismatch');
      // An unreadable 出生日期 is its own problem (flagged by the reader), not a mismatch.
      if (s.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(s.birthDate) && s.birthDate !== facts.birthDate)
        problems.add('id-birth-mismatch');
    }
    // G + 18 is G + the citizen ID: a different number names a different person.
    if (xjh[0] === 'G' && xjh.length === 19 && idProblems[0] !== 'id-format' && xjh.slice(1) !== idNumber)
      problems.add('xjh-id-mismatch');
  }
  if (s.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(s.birthDate) && s.birthDate > todayOf(o))
    problems.add('id-record-birth-future');
  return [...problems];
}
