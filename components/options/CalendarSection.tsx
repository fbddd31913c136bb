/**
 * 设置 → 学年与校历: 学年初 (the base of 年辍学率), this term's first day ("not arrived within a week"),
 * and the school's own days off and 调休 working days. Bad dates are named and nothing is saved.
 */
import { useEffect, useState } from 'preact/hooks';
import { Message } from '@/components/Message';
import { t } from '@/lib/i18n';
import { isIsoDate } from '@/lib/time/day';
import { lines } from './SchoolSection';
import { useSettingsPart } from './useSettingsPart';

const KEYS = ['schoolYearStart', 'termStart', 'calendar'] as const;

export function CalendarSection() {
  const {
    draft: s,
    set,
    save,
    message,
    setMessage,
  } = useSettingsPart(
    KEYS,
    { schoolYearStart: 'opt_school_year_start', termStart: 'opt_term_start', calendar: 'opt_calendar' },
    'opt_saved_calendar',
  );
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const loaded = !!s;
  useEffect(() => {
    if (!s) return;
    setHolidays(s.calendar.holidays.join('\n'));
    setWorkdays(s.calendar.workdays.join('\n'));
  }, [loaded]);
  if (!s) return null;

  function submit(e: Event) {
    e.preventDefault();
    if (!s) return;
    const bad = [...lines(holidays), ...lines(workdays)].filter((d) => !isIsoDate(d));
    if (bad.length) return setMessage({ ok: false, text: t('opt_invalid_dates', bad.join('、')) });
    if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(s.schoolYearStart))
      return setMessage({ ok: false, text: t('opt_bad_year_start', s.schoolYearStart) });
    void save({ ...s, calendar: { holidays: lines(holidays), workdays: lines(workdays) } });
  }

  return (
    <form data-testid="calendar-settings" onSubmit={submit}>
      <p>
        <label>
          {t('opt_school_year_start')}{' '}
          <input
            value={s.schoolYearStart}
            size={5}
            onInput={(e) => set({ schoolYearStart: e.currentTarget.value.trim() })}
          />
        </label>
      </p>
      <p>
        <label>
          {t('opt_term_start')}{' '}
          <input type="date" value={s.termStart} onInput={(e) => set({ termStart: e.currentTarget.value })} />
        </label>
      </p>
      <p>{t('opt_calendar_help')}</p>
      <label>
        {t('opt_calendar_holidays')}
        <textarea rows={4} value={holidays} onInput={(e) => setHolidays(e.currentTarget.value)} />
      </label>
      <label>
        {t('opt_calendar_workdays')}
        <textarea rows={4} value={workdays} onInput={(e) => setWorkdays(e.currentTarget.value)} />
      </label>
      <p>
        <button type="submit">{t('opt_save_calendar')}</button>
      </p>
      <Message message={message} testId="calendar-settings-message" />
    </form>
  );
}
