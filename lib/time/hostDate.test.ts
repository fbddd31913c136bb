import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayString, isIsoDate } from './day';
import { hostDate, hostMonth } from './hostDate';

const pad2 = (n: number) => String(n).padStart(2, '0');
/** A real calendar day, as its parts. */
const aDay = fc
  .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => ({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() }));
const iso = (p: { y: number; m: number; d: number }) => `${p.y}-${pad2(p.m)}-${pad2(p.d)}`;
/** A time of day as hosts write it beside a date (no zone: the school's own clock). */
const aTime = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
  .chain(([h, m, s]) =>
    fc.constantFrom(
      '',
      ` ${pad2(h)}:${pad2(m)}`,
      ` ${h}:${pad2(m)}:${pad2(s)}`,
      `T${pad2(h)}:${pad2(m)}:${pad2(s)}`,
      `T${pad2(h)}:${pad2(m)}:${pad2(s)}.000`,
      ` ${pad2(h)}:${pad2(m)}:${pad2(s)}.0`,
      `${pad2(h)}:${pad2(m)}`,
      ` ${h}时${m}分`,
    ),
  );
/** The ways host pages write one day (domain.md §2: 出生日期 YYYYMMDD in JSON, 申请时间 with a time). */
const written = (p: { y: number; m: number; d: number }) =>
  fc.constantFrom(
    iso(p),
    `${p.y}-${p.m}-${p.d}`,
    `${p.y}/${p.m}/${p.d}`,
    `${p.y}/${pad2(p.m)}/${pad2(p.d)}`,
    `${p.y}.${pad2(p.m)}.${pad2(p.d)}`,
    `${p.y}年${p.m}月${p.d}日`,
    `${p.y}年${pad2(p.m)}月${pad2(p.d)}日`,
    `${p.y}年${p.m}月${p.d}号`,
  );

describe('hostDate: a host date in any written form → the Beijing day, YYYY-MM-DD', () => {
  it('reads every written form of a day, with or without a time of day, as that day', () => {
    fc.assert(
      fc.property(
        aDay.chain((p) => fc.tuple(fc.constant(p), written(p), aTime)),
        ([p, text, time]) => {
          // A time glued to the day only after 日/号 (`2026-1-103:59` could be the 1st or the 10th).
          const glue = /^\d/.test(time) && !/[日号]$/.test(text) ? ' ' : '';
          expect(hostDate(`${text}${glue}${time}`)).toBe(iso(p));
        },
      ),
    );
  });

  it('reads the compact forms (20260901, with 0830 or 083000 after it) and full-width digits', () => {
    fc.assert(
      fc.property(aDay, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (p, h, m) => {
        const compact = `${p.y}${pad2(p.m)}${pad2(p.d)}`;
        expect(hostDate(compact)).toBe(iso(p));
        expect(hostDate(`${compact}${pad2(h)}${pad2(m)}`)).toBe(iso(p));
        expect(hostDate(`${compact}${pad2(h)}${pad2(m)}00`)).toBe(iso(p));
        const wide = `${p.y}／${p.m}／${p.d}`.replace(/\d/g, (c) => String.fromCharCode(0xff10 + Number(c)));
        expect(hostDate(wide)).toBe(iso(p));
      }),
    );
  });

  it('takes an instant (a zone, or epoch milliseconds) to the Beijing day it falls on', () => {
    const instants = fc.integer({ min: Date.UTC(2001, 8, 10), max: Date.UTC(2099, 0, 1) });
    fc.assert(
      fc.property(instants, (ms) => {
        expect(hostDate(new Date(ms).toISOString())).toBe(dayString(ms)); // …Z
        expect(hostDate(ms)).toBe(dayString(ms)); // a JSON number
        expect(hostDate(String(ms))).toBe(dayString(ms));
        // The same instant written in Beijing's own offset names the day written.
        const beijing = new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
        expect(hostDate(beijing)).toBe(dayString(ms));
      }),
    );
    expect(hostDate('2026-08-31T16:00:00Z')).toBe('2026-09-01'); // midnight in Beijing
    expect(hostDate('2026-08-31T15:59:59Z')).toBe('2026-08-31');
    expect(hostDate('2026-09-01T00:30:00-05:00')).toBe('2026-09-01'); // 13:30 in Beijing
  });

  it('answers only an ISO day or null, whatever the text (never the text itself)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[\d年月日/.: T-]{0,20}$/)),
        (s) => {
          const day = hostDate(s);
          expect(day === null || isIsoDate(day)).toBe(true);
          if (day !== null) expect(hostDate(day)).toBe(day); // an ISO day reads as itself
        },
      ),
    );
  });

  it('takes spaces around the separators as form', () => {
    expect(hostDate('2025 年 9 月 10 日')).toBe('2025-09-10');
    expect(hostDate('2025 - 09 - 10 08:30')).toBe('2025-09-10');
    expect(hostDate('2025-09-10 上午')).toBe('2025-09-10'); // a half-day without a clock time
    expect(hostDate('2025年9月10日下午3:30')).toBe('2025-09-10');
  });

  it('refuses days the calendar has not and text that is not a date', () => {
    for (const text of [
      '2026-02-30',
      '2026/13/1',
      '2025年2月29日',
      '20260230',
      '不详',
      '2026',
      '2026-09',
      '2026-09-01 25:00',
      '2026090',
      '1234567890',
      '2026-09-01 然后',
      '2026-1-103:59',
      '',
    ])
      expect(hostDate(text), text).toBeNull();
    expect(hostDate(undefined)).toBeNull();
  });
});

describe('hostMonth: 入学年月 in any written form → YYYY-MM', () => {
  it('reads a month as hosts write it, and a whole date as its month', () => {
    fc.assert(
      fc.property(aDay, (p) => {
        const month = `${p.y}-${pad2(p.m)}`;
        for (const text of [
          `${p.y}${pad2(p.m)}`,
          month,
          `${p.y}/${p.m}`,
          `${p.y}年${p.m}月`,
          `${p.y}.${pad2(p.m)}`,
        ])
          expect(hostMonth(text), text).toBe(month);
        expect(hostMonth(`${p.y}年${p.m}月${p.d}日`)).toBe(month);
      }),
    );
    for (const text of ['202613', '2026-00', '不详', '', '2026']) expect(hostMonth(text), text).toBeNull();
  });
});
