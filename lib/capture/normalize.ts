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
