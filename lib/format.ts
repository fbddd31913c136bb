/** Dates for people, in the reader's language. */
import { tx } from './i18n';
import { type Coded, say } from './say';
import { beijingTime } from './time/day';

/**
 * A moment as the school reads it (Beijing time, whatever the device's zone), as a coded text:
 * 2026年11月20日 07:30 in Chinese, 2026-11-20 07:30 in English.
 */
export function dateTimeText(ms: number): Coded {
  const { day, hour, minute } = beijingTime(ms);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return say(
    'format_datetime',
    y,
    m,
    d,
    `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
    day,
  );
}

/** The same, rendered for the page. */
export const formatDateTime = (ms: number) => tx(dateTimeText(ms));
