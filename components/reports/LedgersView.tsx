/**
 * 台账与月报: pick a ledger (or the monthly report), filter it by date range, grade and class, export it as
 * xlsx, print the monthly report on A4. Everything is computed from the store by lib/reports.
 */

import { useMemo, useState } from 'preact/hooks';
import { ChildrenLedger } from '@/components/enrolment/ChildrenLedger';
import { Message, type MessageState } from '@/components/Message';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { sortedLabels } from '@/lib/grades';
import { type MessageKey, t } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import type { CaseCheck } from '@/lib/paperwork/checks';
import { buildLedger, LEDGER_KINDS, type LedgerFilter, type LedgerKind } from '@/lib/reports/ledgers';
import { monthlyReport } from '@/lib/reports/monthly';
import { suspectedThreshold } from '@/lib/reports/suspected';
import { ledgerWorkbook, monthlyWorkbook } from '@/lib/reports/xlsx';
import { semesterOf } from '@/lib/risk/quotas';
import { addDaysTo, todayString } from '@/lib/time/day';
import { downloadWorkbook, loadExcel } from './download';
import { MonthlyTable } from './MonthlyTable';
import { useReportData } from './useReportData';

/** 'children': the 适龄儿童台账, with its own import and filters (components/enrolment). */
type Choice = LedgerKind | 'monthly' | 'children';

export function LedgersView({
  db,
  checks,
  school,
}: {
  db: BaoxueDatabase;
  checks: CaseCheck[];
  school: string;
}) {
  const { students, events, cases, changes, options } = useReportData(db);
  const today = todayString();
  const [choice, setChoice] = useState<Choice>('monthly');
  const [filter, setFilter] = useState<LedgerFilter>(() => semesterOf(today));
  const [month, setMonth] = useState(today.slice(0, 7));
  const [message, setMessage] = useState<MessageState | null>(null);
  const grades = useMemo(() => sortedLabels(students.map((s) => s.grade)), [students]);
  const classes = useMemo(
    () =>
      sortedLabels(students.filter((s) => !filter.grade || s.grade === filter.grade).map((s) => s.className)),
    [students, filter.grade],
  );
  const ledger = useMemo(
    () =>
      choice === 'monthly' || choice === 'children'
        ? undefined
        : buildLedger(choice, { students, events, checks, today, suspected: options.suspected }, t, filter),
    [choice, students, events, checks, today, filter, options.suspected],
  );
  const report = useMemo(
    () =>
      choice === 'monthly' ? monthlyReport({ students, events, cases, changes }, month, options) : undefined,
    [choice, students, events, cases, changes, month, options],
  );
  const schoolName = school || t('report_school_unnamed');
  // This semester and the two before it, each named by its dates.
  const semesters = useMemo(() => {
    const out: [string, string][] = [];
    let day = today;
    for (let i = 0; i < 3; i++) {
      const s = semesterOf(day);
      out.push([`${s.from}～${s.to}`, s.from]);
      day = addDaysTo(s.from, -1);
    }
    return out;
  }, [today]);
  const period = `${filter.from ?? ''}～${filter.to ?? ''}`;

  async function exportXlsx() {
    try {
      const Excel = await loadExcel();
      if (report)
        await downloadWorkbook(
          monthlyWorkbook(Excel, report, schoolName, t),
          `控辍保学月报-${report.month}.xlsx`,
        );
      else if (ledger)
        await downloadWorkbook(
          ledgerWorkbook(Excel, ledger, { school: schoolName, period }),
          `${ledger.title}-${filter.from ?? ''}-${filter.to ?? ''}.xlsx`,
        );
      // 访问记录: an exported ledger holds children's data.
      void command('access/record', {
        what: 'ledger',
        name: report ? 'monthly' : (ledger?.kind ?? 'ledger'),
      }).catch(() => {});
      setMessage({ ok: true, text: t('report_exported') });
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }

  const set = (patch: Partial<LedgerFilter>) => setFilter({ ...filter, ...patch });
  return (
    <section>
      <div class="filters">
        <label>
          {t('report_which')}{' '}
          <select value={choice} onChange={(e) => setChoice(e.currentTarget.value as Choice)}>
            <option value="monthly">{t('report_monthly')}</option>
            <option value="children">{t('ledger_children')}</option>
            {LEDGER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`ledger_${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {choice === 'children' ? null : choice === 'monthly' ? (
          <label>
            {t('report_month')}{' '}
            <input type="month" value={month} onInput={(e) => setMonth(e.currentTarget.value)} />
          </label>
        ) : (
          <>
            <label>
              {t('report_semester')}{' '}
              <select
                onChange={(e) => {
                  const which = e.currentTarget.value;
                  if (which) set(semesterOf(which));
                }}
              >
                <option value="">—</option>
                {semesters.map(([label, day]) => (
                  <option key={day} value={day}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('report_from')}{' '}
              <input
                type="date"
                value={filter.from ?? ''}
                onInput={(e) => set({ from: e.currentTarget.value || undefined })}
              />
            </label>
            <label>
              {t('report_to')}{' '}
              <input
                type="date"
                value={filter.to ?? ''}
                onInput={(e) => set({ to: e.currentTarget.value || undefined })}
              />
            </label>
            <label>
              {t('report_grade')}{' '}
              <select
                value={filter.grade ?? ''}
                onChange={(e) => set({ grade: e.currentTarget.value || undefined, className: undefined })}
              >
                <option value="">{t('report_all')}</option>
                {grades.map((g) => (
                  <option key={g}>{g}</option>
                ))}
              </select>
            </label>
            <label>
              {t('report_class')}{' '}
              <select
                value={filter.className ?? ''}
                onChange={(e) => set({ className: e.currentTarget.value || undefined })}
              >
                <option value="">{t('report_all')}</option>
                {classes.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
          </>
        )}
        {choice !== 'children' && (
          <button type="button" onClick={() => void exportXlsx()}>
            {t('report_export')}
          </button>
        )}
        {report && (
          <a href={`/report.html?month=${report.month}`} target="_blank" rel="noopener">
            {t('report_print')}
          </a>
        )}
      </div>
      <Message message={message} />
      {choice === 'children' && <ChildrenLedger db={db} school={schoolName} />}
      {report && (
        <>
          <h2>{t('report_title', schoolName, report.month)}</h2>
          <MonthlyTable report={report} />
        </>
      )}
      {ledger && (
        <>
          <h2>
            {ledger.title}（{ledger.rows.length}）
          </h2>
          <table class="data" data-testid="ledger" data-kind={ledger.kind}>
            <thead>
              <tr>
                {ledger.columns.map((c) => (
                  <th key={c.key}>{c.header}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ledger.rows.map((r, i) => (
                <tr key={`${r.xjh ?? r.author}${i}`}>
                  {ledger.columns.map((c) => (
                    <td key={c.key}>{String(r[c.key] ?? '')}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {ledger.kind === 'suspected' && (
            <p class="definition" data-testid="suspected-definition">
              {t('suspected_definition', suspectedThreshold(options.suspected))}
            </p>
          )}
        </>
      )}
    </section>
  );
}
