/**
 * A 休学's term as the host shows it (domain.md §4: "Normally at most one year (some provinces: two years in a
 * row at most)"; "A 休学 past its end date without 复学 or 续休 needs attention"). The end is read, in this
 * order, from the case's 休学结束日期, the case's 休学期限 counted from its start, the 学籍卡's 休学结束日期,
 * and only when the host shows none of them from the rule's default length (12 months), marked assumed.
 * Pure: strings in, strings out; days are YYYY-MM-DD and never pass through a time zone.
 */
import type { StatusChangeCase, SuspensionTerm } from '../records';
import { labelKey } from '../text';
import { hostDate } from '../time/hostDate';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A host date ('20250910', '2025-9-10', '2025/09/10', '2025.9.10', '2025年9月10日', with a time …) → YYYY-MM-DD, else null. */
export function hostDay(text: string | undefined): string | null {
  return hostDate(text); // the one reading of a host's date (lib/time/hostDate.ts)
}

/** `n` months after a YYYY-MM-DD day; the 31st of a shorter month falls on its last day (as date-fns does). */
export function addMonthsTo(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${pad2(nm)}-${pad2(Math.min(d, last))}`;
}

const CN_NUM: Record<string, number> = { 半: 0.5, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const CN_MONTHS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十一: 11,
  十二: 12,
};

/**
 * 休学期限 as shown → a length in months, or the two ends when it is written as a range
 * ('2025-09-01至2026-08-31'). Undefined when it cannot be read (never guessed).
 */
export function parseTerm(
  text: string | undefined,
): { months?: number; from?: string; until?: string } | undefined {
  const t = labelKey(text);
  if (!t) return undefined;
  const range = /^(.+?)(?:至|到|~|-{1,2}|—)(\d{4}.+)$/.exec(t);
  if (range) {
    const from = hostDay(range[1]);
    const until = hostDay(range[2]);
    if (from && until) return { from, until };
  }
  let m = /^(\d+(?:\.5)?)(?:个)?(年|个月|月)$/.exec(t);
  if (m) return { months: Number(m[1]) * (m[2] === '年' ? 12 : 1) };
  m = /^(半|一|二|两|三|四|五|六)年(半)?$/.exec(t);
  if (m) return { months: (CN_NUM[m[1]!]! + (m[2] ? 0.5 : 0)) * 12 };
  m = /^(十二|十一|一|二|两|三|四|五|六|七|八|九|十)个?月$/.exec(t);
  if (m) return { months: CN_MONTHS[m[1]!]! };
  if (t === '一学年' || t === '1学年') return { months: 12 };
  if (t === '一学期' || t === '1学期') return { months: 6 };
  return undefined;
}

export type EndSource = 'case' | 'case-term' | 'card' | 'assumed';

export interface SuspensionPeriod {
  start: string;
  end: string;
  /** Where the end came from: the case, its term, the 学籍卡, or the rule's default length. */
  endFrom: EndSource;
}

const caseStart = (c: StatusChangeCase) => hostDay(c.changeDate) ?? hostDay(c.appliedDate);

/**
 * The period of one 休学 or 续休 case. `card` is the student's 学籍卡 term, used only for the student's
 * latest 休学/续休 (the card shows the current one). `defaultMonths` applies when nothing is shown.
 */
export function suspensionPeriod(
  c: StatusChangeCase,
  opts: { card?: SuspensionTerm; latest: boolean; defaultMonths: number; after?: string },
): SuspensionPeriod | undefined {
  const shown = c.suspension ?? {};
  const term = parseTerm(shown.term);
  // A 续休 continues from the end of the term it renews when it does not say when it starts.
  const start = hostDay(shown.from) ?? term?.from ?? opts.after ?? caseStart(c);
  if (!start) return undefined;
  const until = hostDay(shown.until) ?? term?.until;
  if (until) return { start, end: until, endFrom: 'case' };
  if (term?.months) return { start, end: addMonthsTo(start, term.months), endFrom: 'case-term' };
  if (opts.latest && opts.card) {
    const cardTerm = parseTerm(opts.card.term);
    const cardUntil = hostDay(opts.card.until) ?? cardTerm?.until;
    if (cardUntil && cardUntil >= start) return { start, end: cardUntil, endFrom: 'card' };
    const cardFrom = hostDay(opts.card.from) ?? start;
    if (cardTerm?.months) return { start, end: addMonthsTo(cardFrom, cardTerm.months), endFrom: 'card' };
  }
  return { start, end: addMonthsTo(start, opts.defaultMonths), endFrom: 'assumed' };
}

/** Whether a 学籍卡 or case shows the student under a current 处分 (纪律处分 not lifted). */
export function underDiscipline(value: string | undefined): boolean {
  const t = labelKey(value);
  if (!t) return false;
  if (/^(无|否|没有|未受处分|无处分|-|—|\/)$/.test(t)) return false;
  if (/已(解除|撤销|撤消|期满)/.test(t)) return false;
  return true;
}
