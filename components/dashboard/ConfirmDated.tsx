/**
 * An act that goes on record and cannot be taken back (已返校（销号）, 已报告乡镇政府) asks first: what it
 * does, on which day it happened (asked, never assumed: the box starts empty), and a second click.
 */
import { useState } from 'preact/hooks';
import { errorText } from '@/lib/errors';
import { type MessageKey, t } from '@/lib/i18n';
import { todayString } from '@/lib/time/day';

export function ConfirmDated({
  label,
  explain,
  dateLabel,
  onConfirm,
  testId,
}: {
  label: MessageKey;
  /** What confirming records, in words (the child's name given). */
  explain: string;
  dateLabel: MessageKey;
  onConfirm: (date: string) => Promise<unknown>;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t(label)}
      </button>
    );
  async function confirm() {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return setError(t('confirm_date_needed', t(dateLabel)));
    if (date > todayString()) return setError(t('confirm_date_future', t(dateLabel)));
    setBusy(true);
    try {
      await onConfirm(date);
      setOpen(false);
      setDate('');
      setError('');
    } catch (e) {
      setError(t('error_prefix', errorText(e)));
    } finally {
      setBusy(false);
    }
  }
  return (
    <fieldset class="confirm" data-testid={testId}>
      <legend>{t(label)}</legend>
      <p>{explain}</p>
      <p class="muted">{t('confirm_on_record')}</p>
      <label>
        {t(dateLabel)}{' '}
        <input type="date" value={date} max={todayString()} onInput={(e) => setDate(e.currentTarget.value)} />
      </label>{' '}
      <button type="button" disabled={busy} onClick={() => void confirm()}>
        {t('confirm_yes')}
      </button>{' '}
      <button
        type="button"
        onClick={() => {
          setOpen(false);
          setError('');
        }}
      >
        {t('confirm_cancel')}
      </button>
      {error && (
        <p class="msg error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
