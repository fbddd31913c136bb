/**
 * A date as a host page or its JSON writes it → the one form Baoxue stores: the Beijing day, YYYY-MM-DD.
 * Every page reader goes through here (lib/capture/normalize.ts `dateCell`), so a sealed school's server, which
 * takes only ISO days in clear (server/sealedShape.ts), never sees `2026/9/1` or `2026-09-01T08:00:00` and holds
 * the record back on the device.
 *
 * Read: `2026-09-01`, `2026-9-1`, `2026/9/1`, `2026.09.01`, `2026年9月1日` (or 号), `20260901`, each with or
 * without a time of day after it (`08:30`, `T08:30:00.000`, `8时30分`, `083000` after the compact form);
 * full-width digits and signs. A time with a zone (`Z`, `+08:00`) or a bare epoch in milliseconds (what a Java
 * back end's JSON often carries) is an instant: its day is the Beijing day it falls on (`dayString`), so
 * `2026-08-31T16:00:00Z` is 2026-09-01. A time without a zone is already the school's wall clock: its day is the
 * day written. Anything else, or a day the calendar has not (2026-02-30), is not a date: null, never a guess.
 */
import { dayString, isIsoDate } from './day';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A time of day after the date: `08:30`, `8:30:00.0`, `8时30分`, `8点`, `下午3:30`, or only `上午`; then an optional zone. */
const TIME = String.raw`(?:[T\s]*(?:上午|下午|晚上)?\s*\d{1,2}(?::\d{1,2}(?::\d{1,2}(?:[.,]\d{1,9})?)?|[时点](?:\d{1,2}分(?:\d{1,2}秒)?)?)|\s*(?:上午|下午|晚上))`;
/** A weekday some pages write after the date: `（星期二）`, ` 周二`. */
const WEEKDAY = String.raw`(?:\s*[（(]?(?:星期|周)[一二三四五六日天][）)]?)?`;
const ZONE = String.raw`(Z|[+-]\d{2}(?::?\d{2})?)`;
const SEPARATED = new RegExp(
  String.raw`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})([日号]?)${WEEKDAY}(${TIME}\s*${ZONE}?)?$`,
  'i',
);
/** 20260901, 202609010830, 20260901083000 (a compact date, then a compact time). */
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/;
/** Milliseconds since 1970 (13 digits: 2001-09-09 to 2286): a Java `Date` as JSON numbers it. */
const EPOCH_MS = /^\d{13}$/;

/** Whether the time of day after a date is one a clock shows (`25:00` makes the whole text no date). */
function clockTime(rest: string): boolean {
  const [h = 0, m = 0, sec = 0] = (rest.match(/\d+/g) ?? []).map(Number);
  return h <= 23 && m <= 59 && sec <= 59;
}

/** The instant a zoned wall-clock time names, or NaN. */
function zonedInstant(day: string, rest: string, zone: string): number {
  const time = /(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?/.exec(rest);
  if (!time) return Number.NaN;
  const [h, m, s] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
  if (h > 23 || m > 59 || s > 59) return Number.NaN;
  const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  const offset = z ? (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0)) : 0; // else Z
  return Date.parse(`${day}T${pad2(h)}:${pad2(m)}:${pad2(s)}Z`) - offset * 60_000;
}

/** The Beijing day a host's date text names, YYYY-MM-DD; null when it names none. */
export function hostDate(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // Spaces around a date's separators are form, not content (`2025 年 9 月 10 日`, `2025 - 09 - 10`).
  const text = String(value)
    .normalize('NFKC')
    .trim()
    .replace(/\s*([-/.年月日号])\s*/g, '$1');
  if (text === '') return null;
  if (EPOCH_MS.test(text)) return dayString(Number(text));
  let day: string;
  const c = COMPACT.exec(text);
  const s = c ? null : SEPARATED.exec(text);
  if (c) {
    day = `${c[1]}-${c[2]}-${c[3]}`;
    if (c[4] !== undefined && (Number(c[4]) > 23 || Number(c[5]) > 59 || Number(c[6] ?? 0) > 59)) return null;
  } else if (s) {
    day = `${s[1]}-${pad2(Number(s[2]))}-${pad2(Number(s[3]))}`;
    // A time glued to the day needs the 日 between them: `2026-1-103:59` could be the 1st or the 10th.
    if (s[5] && !s[4] && !/^[T\s上下晚]/i.test(s[5])) return null;
    if (s[5] && !clockTime(s[5].replace(/[+-]\d{2}:?\d{0,2}$|\.\d+/g, ''))) return null;
    const zone = s[6];
    if (zone) {
      if (!isIsoDate(day)) return null;
      const at = zonedInstant(day, s[5] ?? '', zone);
      return Number.isNaN(at) ? null : dayString(at);
    }
  } else return null;
  return isIsoDate(day) ? day : null;
}

/** 入学年月 as a host writes it (`202609`, `2026-09`, `2026/9`, `2026年9月`, or a whole date) → YYYY-MM; else null. */
export function hostMonth(value: string | number | null | undefined): string | null {
  const text = String(value ?? '')
    .normalize('NFKC')
    .trim();
  const m = /^(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))$/.exec(text);
  if (m) {
    const month = Number(m[2] ?? m[3]);
    return month >= 1 && month <= 12 ? `${m[1]}-${pad2(month)}` : null;
  }
  return hostDate(text)?.slice(0, 7) ?? null;
}
