/** Cell text → record values. Never guesses: what cannot be read is kept raw and flagged. */

/** 'YYYYMMDD', 'YYYY-MM-DD', 'YYYY/M/D', 'YYYY年M月D日' → 'YYYY-MM-DD'; anything else → null. */
export function parseHostDate(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))(?:\s.*)?$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? m[4]), Number(m[3] ?? m[5])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A date cell: normalized when it can be read, else kept as shown with a flag. */
export function dateCell(text: string | undefined, flag: string, flags: Set<string>): string {
  const raw = (text ?? '').trim();
  if (raw === '') return '';
  const parsed = parseHostDate(raw);
  if (parsed) return parsed;
  flags.add(flag);
  return raw;
}

export function sexCell(text: string | undefined): string {
  const t = (text ?? '').trim();
  return t === '1' ? '男' : t === '2' ? '女' : t;
}

export function yesNoCell(text: string | undefined, fallback: boolean): boolean {
  const t = (text ?? '').trim();
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

/** 身份证件类型 as a code (domain.md §3), whether the page shows the code or its name. */
export function idTypeCell(text: string | undefined): string {
  const t = (text ?? '').trim();
  return ID_TYPES[t] ?? t;
}
