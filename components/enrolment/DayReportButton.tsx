/**
 * In 考勤: the class teacher closes the class's day with "今日考勤已报" (篇二 §二.2 不过夜), with or without
 * absences. Once reported, the line says by whom and when; a mark changed afterwards shows to the school.
 */
import { useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import type { BaoxueDatabase } from '@/lib/db/types';
import { reportable } from '@/lib/enrolment/dayReport';
import { errorText } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { t } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import { todayString } from '@/lib/time/day';
import { useDayReports, useSchoolCalendar } from './useDayReports';

export function DayReportButton({
  db,
  className,
  date,
}: {
  db: BaoxueDatabase;
  className: string;
  date: string;
}) {
  const reports = useDayReports(db, date);
  const cal = useSchoolCalendar(db);
  const [message, setMessage] = useState<MessageState | null>(null);
  const today = todayString();
  const mine = reports.filter((r) => r.className === className).sort((a, b) => a.at - b.at)[0];
  const can = reportable(date, today, cal);

  async function report() {
    try {
      // In the name of the signed-in user or the 本机使用者: the worker stamps it (lib/commands).
      await command('class-day/report', { className, date });
      setMessage(null);
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }

  return (
    <div data-testid="day-report" data-reported={mine ? 'yes' : 'no'}>
      {mine ? (
        <p class="msg ok">{t('dayrep_done', className, date, mine.by, formatDateTime(mine.at))}</p>
      ) : can === 'ok' ? (
        <p>
          <button type="button" onClick={() => void report()}>
            {date === today ? t('dayrep_button_today') : t('dayrep_button_day', date)}
          </button>{' '}
          <small>{t('dayrep_help')}</small>
        </p>
      ) : null}
      <Message message={message} />
    </div>
  );
}
