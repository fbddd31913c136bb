/**
 * 全国学籍号 and citizen ID (GB 11643-1999) checks. Pure; never "fixes" a number, only says what is wrong.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The GB 11643 check character for the first 17 digits. */
export function citizenIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Problem codes, stable: they go into `flags` and the overlay's `data-baoxue-flags`. */
export type IdProblem =
  | 'id-format' // not 17 digits + digit/X
  | 'id-checksum' // check character wrong
  | 'id-birthdate' // digits 7–14 are not a real date
  | 'id-sex-mismatch' // sequence parity disagrees with 性别
  | 'id-birth-mismatch' // birth date in the number disagrees with 出生日期
  | 'xjh-format'; // 全国学籍号 is not G/L/J + 18

export interface CitizenIdFacts {
  birthDate: string; // YYYY-MM-DD
  sex: '男' | '女';
}

function realDate(yyyymmdd: string): string | null {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/** Reads birth date and sex out of an 18-character citizen ID, with its problems. */
export function checkCitizenId(id: string): { problems: IdProblem[]; facts?: CitizenIdFacts } {
  const s = id.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return { problems: ['id-format'] };
  const problems: IdProblem[] = [];
  if (citizenIdCheckChar(s.slice(0, 17)) !== s[17]) problems.push('id-checksum');
  const birthDate = realDate(s.slice(6, 14));
  if (!birthDate) return { problems: [...problems, 'id-birthdate'] };
  const sex = Number(s[16]) % 2 === 1 ? '男' : '女';
  return { problems, facts: { birthDate, sex } };
}

/**
 * Checks a student's identifiers against each other. `idType` '1' (居民身份证) or blank means a citizen
 * ID is expected; other types (passport, HK/Macau/Taiwan permits) are opaque and not checked.
 */
export function identifierProblems(s: {
  xjh: string;
  idType?: string;
  idNumber?: string;
  sex?: string;
  birthDate?: string;
}): IdProblem[] {
  const problems = new Set<IdProblem>();
  const xjh = s.xjh.trim().toUpperCase();
  if (!/^[GLJ][\dA-Z]{17}[\dX]$/.test(xjh)) problems.add('xjh-format');
  const idType = (s.idType ?? '').trim();
  const idNumber = (s.idNumber ?? '').trim();
  if ((idType === '' || idType === '1' || idType === '居民身份证') && idNumber !== '') {
    const { problems: idProblems, facts } = checkCitizenId(idNumber);
    for (const p of idProblems) problems.add(p);
    if (facts) {
      if (s.sex && (s.sex === '男' || s.sex === '女') && s.sex !== facts.sex) problems.add('id-sex-mismatch');
      // An unreadable 出生日期 is its own problem (flagged by the reader), not a mismatch.
      if (s.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(s.birthDate) && s.birthDate !== facts.birthDate)
        problems.add('id-birth-mismatch');
    }
  }
  return [...problems];
}
