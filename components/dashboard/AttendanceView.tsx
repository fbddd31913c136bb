/**
 * 考勤: a class roster for one day where a teacher marks half-day absences in a click each (every button
 * is reachable by Tab and Enter). Each click is an append-only mark; a wrong mark is corrected by the next.
 */
import { useMemo, useState } from 'preact/hooks';
import { AuthorLine } from '@/components/AuthorLine';
import { DayReportButton } from '@/components/enrolment/DayReportButton';
import { Message, type MessageState } from '@/components/Message';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { sortedLabels } from '@/lib/grades';
import { t, tx } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import { parseEvents, type Student } from '@/lib/records';
import { absenceFromEvent, dayStates, type Half, type Mark } from '@/lib/risk/absences';
import { parseAbsenceRows } from '@/lib/risk/importAbsences';
import { holdsXjh } from '@/lib/students/pick';
import { DEFAULT_CALENDAR, isWorkingDay } from '@/lib/time/calendar';
import { todayString } from '@/lib/time/day';
import { AbsenceRangeForm, AbsenceTemplateLinks } from './AbsenceRange';
import { SelectFilter } from './filters';
import { readTable } from './readTable';

const STATE: Record<Mark, 'att_state_present' | 'att_state_unexcused' | 'att_state_excused'> = {
  present: 'att_state_present',
  unexcused: 'att_state_unexcused',
  excused: 'att_state_excused',
};

/** `by`: who records (the signed-in sync user, else the 本机使用者): shown; the worker stamps it. */
export function AttendanceView({ db, by }: { db: BaoxueDatabase; by: string }) {
  const docs = useRx(() => db.students.find({ selector: { onRoll: true } }).$, [db], []);
  const students = useMemo(() => docs.map((d) => d.toJSON() as Student), [docs]);
  const classes = useMemo(() => sortedLabels(students.map((s) => s.className)), [students]);
  const [className, setClassName] = useState('');
  const [date, setDate] = useState(todayString());
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<MessageState | null>(null);
  const marks = useRx(
    () => db.events.find({ selector: { kind: 'absence', 'data.date': date } }).$,
    [db, date],
    [],
  );
  const states = useMemo(
    () =>
      dayStates(
        parseEvents(marks.map((m) => m.toJSON()))
          .map(absenceFromEvent)
          .filter((m) => m !== null),
      ),
    [marks],
  );
  const [importErrors, setImportErrors] = useState<string[]>([]);

  async function importFile(file: File) {
    setImportErrors([]);
    try {
      const rows = await readTable(file);
      const pool = className ? students.filter((s) => s.className === className) : students;
      const parsed = parseAbsenceRows(rows, pool);
      if (!parsed.ok) {
        setImportErrors(parsed.errors.map(tx));
        return setMessage({ ok: false, text: t('att_import_failed', parsed.errors.length) });
      }
      await command('absence/record', { marks: parsed.marks });
      setMessage({ ok: true, text: t('att_imported', parsed.marks.length) });
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }

  const roster = students
    .filter((s) => s.className === className)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const withXjh = holdsXjh(roster);

  async function mark(s: Student, half: Half, m: Mark) {
    try {
      if (m === 'present') await command('absence/present', { studentId: s.id, date, half });
      else
        await command('absence/record', {
          marks: [{ studentId: s.id, date, half, mark: m, reason: reason.trim() }],
        });
      setMessage(null);
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }

  return (
    <section>
      <div class="filters">
        <SelectFilter
          label={t('att_class')}
          all={t('att_pick_class')}
          values={classes}
          value={className}
          onChange={setClassName}
        />
        <label>
          {t('att_date')} <input type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        </label>
        <AuthorLine by={by} />
        <input
          placeholder={t('att_reason')}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
          aria-label={t('att_reason')}
        />
      </div>
      {!isWorkingDay(date, DEFAULT_CALENDAR) && <p class="msg error">{t('att_not_school_day', date)}</p>}
      <p>
        <label>
          {t('att_import')}{' '}
          <input
            type="file"
            accept=".csv,.xlsx"
            data-testid="absence-import"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void importFile(file);
            }}
          />
        </label>{' '}
        <small>{t('att_import_help')}</small> <AbsenceTemplateLinks />
      </p>
      <Message message={message} testId="attendance-message" />
      {importErrors.length > 0 && (
        <ul class="msg error" data-testid="import-errors">
          {importErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {/* 不过夜 (篇二 §二.2): the class's day closes with its report to the school. components/enrolment */}
      {className && <DayReportButton db={db} className={className} date={date} />}
      {roster.length > 0 && <AbsenceRangeForm db={db} roster={roster} />}
      {roster.length > 0 && (
        // A teacher's device holds no 学籍号 (lib/sync/sealed.ts): no empty column, never the id's hash.
        <table class="data" data-testid="roster">
          <thead>
            <tr>
              <th>{t('col_name')}</th>
              {withXjh && <th>{t('col_xjh')}</th>}
              <th>{t('att_am_short')}</th>
              <th>{t('att_pm_short')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {roster.map((s) => {
              const d = states.get(s.id)?.get(date) ?? { am: 'present' as Mark, pm: 'present' as Mark };
              return (
                <tr key={s.id} data-id={s.id} data-am={d.am} data-pm={d.pm}>
                  <td>{s.name}</td>
                  {withXjh && <td class="mono">{s.xjh}</td>}
                  <td class={d.am === 'unexcused' ? 'flags has-problem' : ''}>{t(STATE[d.am])}</td>
                  <td class={d.pm === 'unexcused' ? 'flags has-problem' : ''}>{t(STATE[d.pm])}</td>
                  <td class="actions">
                    <button type="button" onClick={() => void mark(s, 'am', 'unexcused')}>
                      {t('att_am')}
                    </button>
                    <button type="button" onClick={() => void mark(s, 'pm', 'unexcused')}>
                      {t('att_pm')}
                    </button>
                    <button type="button" onClick={() => void mark(s, 'day', 'unexcused')}>
                      {t('att_day')}
                    </button>
                    <button type="button" onClick={() => void mark(s, 'day', 'excused')}>
                      {t('att_excused')}
                    </button>
                    <button type="button" onClick={() => void mark(s, 'day', 'present')}>
                      {t('att_present')}
                    </button>
                    {/* A half-day at school ends a run of absence (lib/risk/absences.ts): marked per half. */}
                    <button type="button" onClick={() => void mark(s, 'am', 'present')}>
                      {t('att_am_present')}
                    </button>
                    <button type="button" onClick={() => void mark(s, 'pm', 'present')}>
                      {t('att_pm_present')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
