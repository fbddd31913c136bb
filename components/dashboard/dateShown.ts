import { flagLabel } from '@/components/overlay/flag-labels';
import { t } from '@/lib/i18n';

/**
 * A date as a dashboard list shows it. A date the host wrote unreadably is stored blank with a flag naming the
 * field (lib/capture/normalize.ts `dateCell`); a blank cell would leave the registrar guessing whether the host
 * has no date or Baoxue lost it, so the cell says 日期无法识别 and its tooltip which date and what to do: the
 * flag's label, the same words the overlay's badge on the host's row gives (components/overlay/flag-labels.ts).
 * A blank date without the flag (the host wrote none) stays blank.
 */
export function dateShown(
  value: string,
  flags: readonly string[],
  /** The flag the reader sets for this field (e.g. lib/capture/pages/status-change.ts `CASE_DATE_FLAG`). */
  flag: string,
): { text: string; why?: string } {
  if (value || !flags.includes(flag)) return { text: value };
  return { text: t('flag_date_unreadable'), why: flagLabel(flag) };
}
