/**
 * 台账与月报: pick a ledger (or the monthly report), filter it by date range, grade and class, export it as
 * xlsx, print the monthly report on A4. Everything is computed from the store by lib/reports.
 */

import { useMemo, useState } from 'preact/hooks';
import {
  ListControls,
  NoMatchRow,
  type ShownColumn,
  SortHeaders,
  useListTools,
  useSchool,
} from '@/components/dashboard/ListTools';
import { useAuthorRoles } from '@/components/dashboard/useMyRoles';
import { ChildrenLedger } from '@/components/enrolment/ChildrenLedger';
import { Message, type MessageState } from '@/components/Message';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { type GradeSystem, sortedLabels } from '@/lib/grades';
import { type MessageKey, t } from '@/lib/i18n';
import { inferKind } from '@/lib/lists/listRows';
import { command } from '@/lib/messaging-client';
import type { CaseCheck } from '@/lib/paperwork/checks';
import {
  buildLedger,
  LEDGER_KINDS,
  type Ledger,
  type LedgerFilter,
  type LedgerKind,
  type Row,
} from '@/lib/reports/ledgers';
import { monthlyReport } from '@/lib/reports/monthly';
import { suspectedThreshold } from '@/lib/reports/suspected';
import { monthlyWorkbook } from '@/lib/reports/xlsx';
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
  const { system } = useSchool(db);
  // 家访记录汇总: a visit counts under its author's own role where this device knows it.
  const rolesOf = useAuthorRoles(db);
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
        : buildLedger(
            choice,
            { students, events, checks, today, suspected: options.suspected, rolesOf },
            t,
            filter,
          ),
    [choice, students, events, checks, today, filter, options.suspected, rolesOf],
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

  // 访问记录: an exported ledger holds children's data.
  const logExport = (name: string) => void command('access/record', { what: 'ledger', name }).catch(() => {});
  async function exportMonthly() {
    if (!report) return;
    try {
      const Excel = await loadExcel();
      await downloadWorkbook(
        monthlyWorkbook(Excel, report, schoolName, t),
        `控辍保学月报-${report.month}.xlsx`,
      );
      logExport('monthly');
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
        {report && (
          <button type="button" onClick={() => void exportMonthly()}>
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
          <LedgerTable
            key={ledger.kind}
            ledger={ledger}
            system={system}
            school={schoolName}
            filters={[period, filter.grade ?? '', filter.className ?? ''].filter(Boolean)}
            onExported={() => logExport(ledger.kind)}
          />
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

/** A ledger's column as a list column: grades and classes in school order, days as dates, counts as numbers. */
const ledgerColumns = (ledger: Ledger): ShownColumn<Row>[] =>
  ledger.columns.map((c) => ({
    key: c.key,
    header: c.header,
    kind: c.key === 'grade' || c.key === 'className' ? 'grade' : inferKind(ledger.rows.map((r) => r[c.key])),
    value: (r: Row) => r[c.key] ?? '',
    ...(c.id ? { id: true } : {}),
    ...(c.percent ? { percent: true } : {}),
    ...(c.width ? { width: c.width } : {}),
  }));

/**
 * One ledger on screen: a header click sorts, the search narrows (the date range, grade and class above
 * pick the rows first), and 导出 xlsx saves exactly these rows and columns, the filters in its title.
 */
function LedgerTable({
  ledger,
  school,
  filters,
  onExported,
  system,
}: {
  ledger: Ledger;
  school: string;
  filters: string[];
  onExported: () => void;
  system?: GradeSystem;
}) {
  const columns = useMemo(() => ledgerColumns(ledger), [ledger]);
  const tools = useListTools(ledger.rows, columns, {
    searchOf: (r) => ledger.columns.map((c) => String(r[c.key] ?? '')),
    system,
  });
  return (
    <>
      <h2>
        {ledger.title}（{ledger.rows.length}）
      </h2>
      <ListControls
        tools={tools}
        countTestId="ledger-count"
        exportAs={{
          list: ledger.title,
          school,
          filters,
          label: t('report_export'),
          onExported,
          allowEmpty: true,
        }}
      />
      <table class="data" data-testid="ledger" data-kind={ledger.kind}>
        <thead>
          <SortHeaders tools={tools} />
        </thead>
        <tbody>
          <NoMatchRow shown={tools.shown.length} colSpan={tools.columns.length} />
          {tools.shown.map((r, i) => (
            <tr key={`${r.xjh ?? r.author}${i}`}>
              {ledger.columns.map((c) => (
                <td key={c.key}>{String(r[c.key] ?? '')}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
