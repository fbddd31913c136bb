/** Cell text → record values. Never guesses: what cannot be read is kept raw and flagged. */
import { type Phrase, say } from '../say';
import { labelKey } from '../text';
import { hostDate } from '../time/hostDate';
import type { FieldKey } from './fields';

/**
 * A host's date → 'YYYY-MM-DD' (the Beijing day), whatever form the page or its JSON writes it in; null when it
 * is no date. One function for every reader: lib/time/hostDate.ts.
 */
export const parseHostDate = (text: string): string | null => hostDate(text);

/**
 * A date cell: the Beijing day when it can be read. A text that is no date is not stored (a sealed school's
 * server refuses anything but an ISO day in a clear date field, and would hold the whole record back): the
 * field is left blank and `flag` says which date the page shows unreadably, in the registrar's words (a badge
 * on the host's row and in the lists), so nothing is silently dropped either.
 */
export function dateCell(text: string | undefined, flag: string, flags: Set<string>): string {
  const raw = (text ?? '').trim();
  if (raw === '') return '';
  const parsed = hostDate(raw);
  if (parsed) return parsed;
  flags.add(flag);
  return '';
}

/** 性别 as stored: the host's code 1/2 read as 男/女 (records already hold these words); anything else as shown. */
export function sexCell(text: string | undefined): string {
  const code = labelKey(text); // ` 1`, `１` are the code 1 too
  return code === '1' ? '男' : code === '2' ? '女' : (text ?? '').trim();
}

/**
 * A stored 性别 in the reader's language: 男/女 (and the host's codes 1/2) are Baoxue's closed set, shown as
 * a message key; a value the host wrote otherwise is data, shown as it is.
 */
export function sexText(value: string | undefined): Phrase | string {
  const sex = sexCell(value);
  return sex === '男' ? say('sex_male') : sex === '女' ? say('sex_female') : sex;
}

export function yesNoCell(text: string | undefined, fallback: boolean): boolean {
  const t = labelKey(text);
  if (t === '是' || t === '1') return true;
  if (t === '否' || t === '0') return false;
  return fallback;
}

const ID_TYPES: Record<string, string> = {
  居民身份证: '1',
  香港特区护照: '6',
  香港特区身份证明: '6',
  澳门特区护照: '7',
  澳门特区身份证明: '7',
  台湾居民来往大陆通行证: '8',
  境外永久居住证: '9',
  护照: 'A',
  其他: 'Z',
};

const ID_TYPE_BY_KEY = new Map(Object.entries(ID_TYPES).map(([name, code]) => [labelKey(name), code]));

/** 身份证件类型 as a code (domain.md §3), whether the page shows the code or its name (by labelKey). */
export function idTypeCell(text: string | undefined): string {
  const t = (text ?? '').normalize('NFKC').trim();
  return ID_TYPE_BY_KEY.get(labelKey(t)) ?? t;
}

const DATE_FIELDS: ReadonlySet<FieldKey> = new Set([
  'birthDate',
  'changeDate',
  'appliedDate',
  'suspensionFrom',
  'suspensionUntil',
]);

/**
 * A class name as the page writes it, without the spaces some hosts put inside (一年级 1 班 is 一年级1班): one
 * class, not two in the lists and counts, and the form a sealed school's server reads (server/sealedShape.ts).
 */
export const classCell = (text: string | undefined): string => (text ?? '').replace(/\s+/gu, '');

/**
 * A cell's value in the form two sources are compared in: what it means, not how it is written. The
 * grid's JSON and its DOM show the same value in different forms (`20250910` / `2025-09-10`, `1` / `男`,
 * `转学(转出)` / `转学（转出）`, stray spaces); only a difference that survives this is a real one.
 */
export function comparable(field: FieldKey, text: string | undefined): string {
  const t = (text ?? '').normalize('NFKC').trim();
  if (DATE_FIELDS.has(field)) return parseHostDate(t) ?? labelKey(t);
  if (field === 'sex') return labelKey(sexCell(t));
  if (field === 'idType') return idTypeCell(t);
  if (field === 'onRoll') {
    const yes = yesNoCell(t, true);
    return yes === yesNoCell(t, false) ? String(yes) : labelKey(t);
  }
  return labelKey(t);
}

/** Whether two cells say the same thing once their form is set aside. */
export const sameValue = (field: FieldKey, a: string | undefined, b: string | undefined) =>
  comparable(field, a) === comparable(field, b);
