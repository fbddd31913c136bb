/**
 * 访问记录 (registrars and leaders): who opened a child's file, printed a notice or exported a ledger, and
 * when, filtered by person and month; and the yearly compliance audit (个人信息保护合规审计) as xlsx. The
 * rows are the access events this device holds; a child is named only from this device's own records.
 */
import { useMemo, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { downloadWorkbook, loadExcel } from '@/components/reports/download';
import { useRx } from '@/components/useRx';
import { auditReport, type StaffScope } from '@/lib/audit/access';
import { accessRows, accessWords, auditWorkbook, filterAccess, monthOf } from '@/lib/audit/accessLog';
import { fetchStaff, partnersOf, staffScopes } from '@/lib/audit/schoolStaff';
import { currentAuthor } from '@/lib/commands/author';
import type { BaoxueDatabase } from '@/lib/db/types';
import { formatDateTime } from '@/lib/format';
import { t } from '@/lib/i18n';
import { parseEvents } from '@/lib/records';
import { parseSettings } from '@/lib/settings/settings';
import { settings$ } from '@/lib/settings/store';
import { readAccount } from '@/lib/sync/account';
import { beijingTime, todayString } from '@/lib/time/day';
import { staffErrorText } from './StaffClassesView';

const DEFAULT_SETTINGS = parseSettings(undefined);

export function AccessLogView({ db }: { db: BaoxueDatabase }) {
  const docs = useRx(() => db.events.find({ selector: { kind: 'access' } }).$, [db], []);
  const events = useMemo(() => docs.map((d) => d.toJSON()), [docs]);
  const rows = useMemo(() => accessRows(events), [events]);
  const ids = useMemo(() => [...new Set(rows.map((r) => r.studentId).filter(Boolean))], [rows]);
  const students = useRx(() => db.students.findByIds(ids).$, [db, ids.join()], new Map());
  const names = useMemo(
    () => new Map([...students].map(([id, s]) => [id, s.name] as [string, string])),
    [students],
  );
  const settings = useRx(() => settings$(db), [db], DEFAULT_SETTINGS);
  const [who, setWho] = useState('');
  const [month, setMonth] = useState('');
  const thisYear = Number(beijingTime(Date.now()).day.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [message, setMessage] = useState<MessageState | null>(null);
  const people = useMemo(
    () => [...new Set(rows.map((r) => r.who))].sort((a, b) => a.localeCompare(b, 'zh')),
    [rows],
  );
  const years = useMemo(
    () =>
      [...new Set([thisYear, ...rows.map((r) => Number(monthOf(r.at).slice(0, 4)))])].sort((a, b) => b - a),
    [rows, thisYear],
  );
  const shown = useMemo(() => filterAccess(rows, { who, month }), [rows, who, month]);

  async function exportAudit() {
    setMessage(null);
    try {
      // The staff and their scopes as the school's server holds them; without a server, this device's user.
      let staff: StaffScope[];
      const a = await readAccount(db);
      const notes: string[] = [];
      if (a) {
        try {
          staff = staffScopes(await fetchStaff(a));
        } catch (e) {
          notes.push(t('access_staff_unavailable', staffErrorText(e)));
          staff = staffScopes([{ name: a.user, roles: a.roles ?? [] }]);
        }
      } else {
        const me = await currentAuthor(db);
        staff = me ? staffScopes([{ name: me.name, roles: me.role ? [me.role] : [] }]) : [];
      }
      const report = auditReport(events, staff, year, new Date());
      const riskNotes = await db.events.find({ selector: { kind: 'riskNote' } }).exec();
      const mentored = new Map(
        [...partnersOf(parseEvents(riskNotes.map((n) => n.toJSON())), todayString())].map(
          ([name, ids]) => [name, ids.length] as [string, number],
        ),
      );
      const school = settings.schoolName || t('report_school_unnamed');
      const Excel = await loadExcel();
      await downloadWorkbook(
        auditWorkbook(Excel, report, names, school, t, mentored),
        `个人信息保护合规审计-${year}.xlsx`,
      );
      setMessage({ ok: notes.length === 0, text: [t('access_exported'), ...notes].join(' ') });
    } catch (e) {
      setMessage({ ok: false, text: t('access_export_failed', String((e as Error)?.message ?? e)) });
    }
  }

  return (
    <section data-testid="access-log">
      <p>{t('access_note')}</p>
      <div class="filters">
        <label>
          {t('access_filter_who')}{' '}
          <select value={who} onChange={(e) => setWho(e.currentTarget.value)}>
            <option value="">{t('access_filter_all')}</option>
            {people.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('access_filter_month')}{' '}
          <input type="month" value={month} onInput={(e) => setMonth(e.currentTarget.value)} />
        </label>{' '}
        <span class="muted">{t('access_count', shown.length)}</span>
      </div>
      <div class="filters">
        <label>
          {t('access_export_year')}{' '}
          <select value={String(year)} onChange={(e) => setYear(Number(e.currentTarget.value))}>
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" onClick={() => void exportAudit()}>
          {t('access_export')}
        </button>
      </div>
      <Message message={message} testId="access-message" />
      {shown.length === 0 ? (
        <p class="empty">{t('access_empty')}</p>
      ) : (
        <table class="data" data-testid="access-rows">
          <thead>
            <tr>
              <th>{t('access_col_time')}</th>
              <th>{t('access_col_who')}</th>
              <th>{t('access_col_what')}</th>
              <th>{t('access_col_child')}</th>
              <th>{t('access_col_item')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const w = accessWords(r, names, t);
              return (
                <tr
                  key={`${r.at}${r.who}${r.what}${r.studentId}${r.name}`}
                  data-what={r.what}
                  data-who={r.who}
                >
                  <td>{formatDateTime(r.at)}</td>
                  <td>{r.who}</td>
                  <td>{w.what}</td>
                  <td>{w.child}</td>
                  <td>{w.item}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
