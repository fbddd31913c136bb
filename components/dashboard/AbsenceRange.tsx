/**
 * 考勤 beyond one day (issue 15): a child off school for several days is recorded from one entry (each school
 * day in the range, by lib/risk/absenceRange.ts, in one `absence/record` command: all or nothing), and the
 * 考勤 template a teacher fills in for the import (lib/risk/absenceTemplate.ts).
 */
import { useMemo, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { t, tx } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import { parseEvents, type Student } from '@/lib/records';
import { rangeMarks } from '@/lib/risk/absenceRange';
import { absenceFromEvent, dayStates, type Half, type Mark } from '@/lib/risk/absences';
import { absenceTemplateCsv, absenceTemplateWorkbook } from '@/lib/risk/absenceTemplate';
import { parseSettings } from '@/lib/settings/settings';
import { settings$ } from '@/lib/settings/store';
import { DEFAULT_CALENDAR, mergeCalendar } from '@/lib/time/calendar';
import { todayString } from '@/lib/time/day';
import { downloadWorkbook, loadExcel } from '../reports/download';

const DEFAULT_SETTINGS = parseSettings(undefined);
const STATE: Record<Mark, 'att_state_present' | 'att_state_unexcused' | 'att_state_excused'> = {
  present: 'att_state_present',
  unexcused: 'att_state_unexcused',
  excused: 'att_state_excused',
};

/** Several days of absence for one child of the roster (the chosen class). */
export function AbsenceRangeForm({ db, roster }: { db: BaoxueDatabase; roster: Student[] }) {
  const settings = useRx(() => settings$(db), [db], DEFAULT_SETTINGS);
  // The shipped calendar with the school's own days off and 调休 days, as the risk rules count them.
  const calendar = useMemo(() => mergeCalendar(DEFAULT_CALENDAR, settings.calendar), [settings]);
  const [studentId, setStudentId] = useState('');
  const [from, setFrom] = useState(todayString());
  const [to, setTo] = useState(todayString());
  const [half, setHalf] = useState<Half>('day');
  const [kind, setKind] = useState<'unexcused' | 'excused'>('unexcused');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<MessageState | null>(null);
  const child = roster.find((s) => s.id === studentId);

  async function record() {
    const r = rangeMarks({ studentId: child?.id ?? '', from, to, half, mark: kind, reason }, calendar);
    if (!r.ok) return setMessage({ ok: false, text: tx(r.error) });
    try {
      await command('absence/record', { marks: r.marks });
      setMessage({ ok: true, text: t('att_range_recorded', child?.name ?? '', r.marks.length, from, to) });
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }

  return (
    <fieldset class="range" data-testid="absence-range">
      <legend>{t('att_range_title')}</legend>
      <label>
        {t('att_range_student')}{' '}
        <select value={studentId} onChange={(e) => setStudentId(e.currentTarget.value)}>
          <option value="">—</option>
          {roster.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
              {s.xjh ? `（${s.xjh}）` : ''}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        {t('att_range_from')}{' '}
        <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </label>{' '}
      <label>
        {t('att_range_to')} <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>{' '}
      <label>
        {t('att_range_half')}{' '}
        <select value={half} onChange={(e) => setHalf(e.currentTarget.value as Half)}>
          <option value="day">{t('att_half_day')}</option>
          <option value="am">{t('att_half_am')}</option>
          <option value="pm">{t('att_half_pm')}</option>
        </select>
      </label>{' '}
      <label>
        {t('att_range_kind')}{' '}
        <select value={kind} onChange={(e) => setKind(e.currentTarget.value as 'unexcused' | 'excused')}>
          <option value="unexcused">{t('att_kind_unexcused')}</option>
          <option value="excused">{t('att_kind_excused')}</option>
        </select>
      </label>{' '}
      <input
        placeholder={t('att_reason')}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
        aria-label={t('att_reason')}
      />{' '}
      <button type="button" onClick={() => void record()}>
        {t('att_range_record')}
      </button>
      <Message message={message} testId="absence-range-message" />
      {child && <ChildAbsences db={db} studentId={child.id} />}
    </fieldset>
  );
}

/** The days a child has an absence recorded, newest first: what the range just wrote is seen here. */
function ChildAbsences({ db, studentId }: { db: BaoxueDatabase; studentId: string }) {
  const marks = useRx(
    () => db.events.find({ selector: { kind: 'absence', studentId } }).$,
    [db, studentId],
    [],
  );
  const days = useMemo(() => {
    const states = dayStates(
      parseEvents(marks.map((m) => m.toJSON()))
        .map(absenceFromEvent)
        .filter((m) => m !== null),
    ).get(studentId);
    return [...(states ?? new Map())]
      .filter(([, d]) => d.am !== 'present' || d.pm !== 'present')
      .sort(([a], [b]) => (a < b ? 1 : -1));
  }, [marks, studentId]);
  if (!days.length) return <p class="empty">{t('att_range_none')}</p>;
  return (
    <table class="data" data-testid="child-absences" aria-label={t('att_range_list')}>
      <thead>
        <tr>
          <th>{t('att_date')}</th>
          <th>{t('att_am_short')}</th>
          <th>{t('att_pm_short')}</th>
        </tr>
      </thead>
      <tbody>
        {days.map(([date, d]) => (
          <tr key={date} data-date={date}>
            <td>{date}</td>
            <td>{t(STATE[d.am as Mark])}</td>
            <td>{t(STATE[d.pm as Mark])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The 考勤 template: headers the import reads and one example line (xlsx, or CSV for other tools). */
export function AbsenceTemplateLinks() {
  const [message, setMessage] = useState<MessageState | null>(null);
  async function xlsx() {
    try {
      await downloadWorkbook(absenceTemplateWorkbook(await loadExcel(), todayString()), '考勤模板.xlsx');
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }
  function csv() {
    const url = URL.createObjectURL(new Blob([absenceTemplateCsv(todayString())], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = '考勤模板.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return (
    <>
      <button type="button" data-testid="absence-template" onClick={() => void xlsx()}>
        {t('att_template')}
      </button>{' '}
      <button type="button" class="link" data-testid="absence-template-csv" onClick={csv}>
        {t('att_template_csv')}
      </button>
      <Message message={message} testId="absence-template-message" />
    </>
  );
}
