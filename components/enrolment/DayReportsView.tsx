/**
 * 班级日报 for the school (registrar, leader): which classes have not reported their attendance on a day,
 * and each class's absences that day (篇二 §二.2 "各班辍学学生名单上报学校不过夜，各班主任每天都要向学校汇报
 * 学生情况，学校都要作出详细统计"). Computed by lib/enrolment/dayReport from the synced events.
 */
import { useMemo, useState } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { type Absentee, classDays } from '@/lib/enrolment/dayReport';
import { formatDateTime } from '@/lib/format';
import { type MessageKey, t } from '@/lib/i18n';
import { parseEvents, type Student } from '@/lib/records';
import { absenceFromEvent, type Mark } from '@/lib/risk/absences';
import { todayString } from '@/lib/time/day';
import { useDayReports, useSchoolCalendar } from './useDayReports';

const STATE: Record<Mark, MessageKey> = {
  present: 'att_state_present',
  unexcused: 'att_state_unexcused',
  excused: 'att_state_excused',
};
/** 全天缺课 / 上午缺课 / 上午请假 下午缺课 */
function halves(a: Absentee): string {
  if (a.am === a.pm) return t('dayrep_whole_day', t(STATE[a.am]));
  return [
    a.am !== 'present' ? `${t('att_am_short')}${t(STATE[a.am])}` : '',
    a.pm !== 'present' ? `${t('att_pm_short')}${t(STATE[a.pm])}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function DayReportsView({ db }: { db: BaoxueDatabase }) {
  const [date, setDate] = useState(todayString());
  const docs = useRx(() => db.students.find({ selector: { onRoll: true } }).$, [db], []);
  const students = useMemo(() => docs.map((d) => d.toJSON() as Student), [docs]);
  const markDocs = useRx(
    () => db.events.find({ selector: { kind: 'absence', 'data.date': date } }).$,
    [db, date],
    [],
  );
  const marks = useMemo(
    () =>
      parseEvents(markDocs.map((m) => m.toJSON()))
        .map(absenceFromEvent)
        .filter((m) => m !== null),
    [markDocs],
  );
  const reports = useDayReports(db, date);
  const cal = useSchoolCalendar(db);
  const day = useMemo(
    () => classDays({ date, students, marks, reports, cal }),
    [date, students, marks, reports, cal],
  );
  const halfDays = (n: number) => (n ? String(n) : '');

  return (
    <section>
      <div class="filters">
        <label>
          {t('att_date')} <input type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        </label>
      </div>
      {day.classes.length === 0 ? (
        // No roll read yet: "每个班都已上报" would be true of no class at all; say how to begin instead.
        <p class="empty" data-testid="not-reported" data-count="0">
          {t('dash_empty')}
        </p>
      ) : !day.schoolDay ? (
        <p class="empty" data-testid="not-reported" data-count="0">
          {t('dayrep_not_school_day', date)}
        </p>
      ) : (
        <p data-testid="not-reported" data-count={day.notReported.length}>
          <strong>
            {day.notReported.length
              ? t('dayrep_missing', date, day.notReported.length, day.notReported.join('、'))
              : t('dayrep_all_in', date)}
          </strong>
        </p>
      )}
      <p class="muted">
        <small>{t('dayrep_definition')}</small>
      </p>
      <table class="data" data-testid="day-reports">
        <thead>
          <tr>
            <th>{t('col_class')}</th>
            <th>{t('dayrep_col_state')}</th>
            <th>{t('dayrep_col_by')}</th>
            <th>{t('dayrep_col_unexcused')}</th>
            <th>{t('dayrep_col_excused')}</th>
            <th>{t('dayrep_col_absentees')}</th>
          </tr>
        </thead>
        <tbody>
          {day.classes.map((c) => (
            <tr key={c.className} data-class={c.className} data-reported={c.report ? 'yes' : 'no'}>
              <td>{c.className}</td>
              <td class={!c.report && day.schoolDay ? 'flags has-problem' : ''}>
                {c.report ? t('dayrep_state_done') : day.schoolDay ? t('dayrep_state_missing') : ''}
                {c.changedAfterReport > 0 && ` ${t('dayrep_changed_after', c.changedAfterReport)}`}
              </td>
              <td>{c.report ? `${c.report.by} ${formatDateTime(c.report.at)}` : ''}</td>
              <td>{halfDays(c.unexcused)}</td>
              <td>{halfDays(c.excused)}</td>
              <td>{c.absentees.map((a) => t('dayrep_absentee', a.name, halves(a))).join('、')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
