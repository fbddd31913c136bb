/**
 * 适龄儿童台账 in 台账与月报: import the village's or 户籍's list (CSV/xlsx; refused whole, each bad row named,
 * when any row is wrong), see it against the roll with each count's definition beside it, record a
 * child's 去向, export it as xlsx. The rules are lib/enrolment's; this page only words them.
 */
import { useMemo, useState } from 'preact/hooks';
import { SelectFilter } from '@/components/dashboard/filters';
import { ListControls, type ShownColumn, SortHeaders, useListTools } from '@/components/dashboard/ListTools';
import { readTable } from '@/components/dashboard/readTable';
import { Message, type MessageState } from '@/components/Message';
import { downloadWorkbook, loadExcel } from '@/components/reports/download';
import { useRx } from '@/components/useRx';
import { useIdentityHidden } from '@/components/useXjhShown';
import type { BaoxueDatabase } from '@/lib/db/types';
import type { ImportError } from '@/lib/enrolment/importChildren';
import { parseChildRows } from '@/lib/enrolment/importChildren';
import {
  type EnrolmentRow,
  type EnrolmentStatus,
  enrolmentLedger,
  WHEREABOUTS,
} from '@/lib/enrolment/ledger';
import {
  ageRange,
  checkEnrolmentSettings,
  type EnrolmentSettings,
  parseEnrolmentSettings,
  schoolYearOf,
} from '@/lib/enrolment/schoolAge';
import {
  CHILD_SELECTOR,
  childFromDoc,
  ENROLMENT_SETTINGS_ID,
  removeChildren,
  saveChildren,
  setWhereabouts,
  writeEnrolmentSettings,
} from '@/lib/enrolment/store';
import { errorText } from '@/lib/errors';
import { type MessageKey, t } from '@/lib/i18n';
import type { Student } from '@/lib/records';
import { todayString } from '@/lib/time/day';
import { childrenWorkbook } from './childrenXlsx';

const STATUS_KEY: Record<EnrolmentStatus, MessageKey> = {
  'not-enrolled': 'enrol_status_not_enrolled',
  elsewhere: 'enrol_status_elsewhere',
  enrolled: 'enrol_status_enrolled',
};

/** A refused row in the registrar's words: `第 3 行：…`. */
export function importErrorText(e: ImportError): string {
  const text = t(`enrol_err_${e.problem.replace(/-/g, '_')}` as MessageKey, ...e.values);
  return e.row ? t('enrol_err_row', e.row, text) : text;
}

const whereLabel = (w: string) => (w ? t(`enrol_where_${w.replace(/-/g, '_')}` as MessageKey) : '');

function statusText(r: EnrolmentRow): string {
  if (r.status === 'elsewhere') return t('enrol_status_elsewhere_as', whereLabel(r.child.whereabouts));
  if (r.leftRoll) return t('enrol_status_left_roll');
  return t(STATUS_KEY[r.status]);
}

export function ChildrenLedger({ db, school }: { db: BaoxueDatabase; school: string }) {
  const today = todayString();
  const childDocs = useRx(() => db.settings.find({ selector: CHILD_SELECTOR }).$, [db], []);
  const children = useMemo(
    () => childDocs.map((d) => childFromDoc(d)).filter((c) => c !== null),
    [childDocs],
  );
  const hidden = useIdentityHidden(db);
  const studentDocs = useRx(() => db.students.find().$, [db], []);
  const students = useMemo(() => studentDocs.map((d) => d.toJSON() as Student), [studentDocs]);
  const settingDoc = useRx(() => db.settings.findOne(ENROLMENT_SETTINGS_ID).$, [db], null);
  const settings = useMemo(() => parseEnrolmentSettings(settingDoc?.value), [settingDoc]);
  const current = schoolYearOf(today);
  const [year, setYear] = useState(current);
  const [show, setShow] = useState<EnrolmentStatus | ''>('');
  const [message, setMessage] = useState<MessageState | null>(null);
  const [importErrors, setImportErrors] = useState<string[]>([]);
  const ledger = useMemo(
    () => enrolmentLedger(children, students, year, settings),
    [children, students, year, settings],
  );
  // The ledger has no grade or class (the children are not yet enrolled): it filters by 去向 and 户籍地/村.
  const [village, setVillage] = useState('');
  const villages = useMemo(
    () =>
      [...new Set(ledger.rows.map((r) => r.child.village))]
        .filter(Boolean)
        .sort((a, b) => a.localeCompare(b, 'zh-CN')),
    [ledger],
  );
  const { min, max } = ageRange(settings);

  async function importFile(file: File) {
    setImportErrors([]);
    setMessage(null);
    try {
      const parsed = parseChildRows(await readTable(file), { year, today, settings });
      if (!parsed.ok) {
        setImportErrors(parsed.errors.map(importErrorText));
        return setMessage({ ok: false, text: t('enrol_import_failed', parsed.errors.length) });
      }
      const added = await saveChildren(db, parsed.children);
      setMessage({ ok: true, text: t('enrol_imported', parsed.children.length, added) });
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }

  async function clearList() {
    if (!window.confirm(t('enrol_clear_confirm', children.length))) return;
    try {
      setMessage({ ok: true, text: t('enrol_cleared', await removeChildren(db)) });
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }

  async function saveSettings(patch: Partial<EnrolmentSettings>) {
    const next = checkEnrolmentSettings({ ...settings, ...patch });
    if (!next) return setMessage({ ok: false, text: t('enrol_settings_bad') });
    try {
      await writeEnrolmentSettings(db, next);
      setMessage(null);
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }

  // A teacher's device holds no 学籍号: the cell says so (on screen and in the xlsx), never a bare class.
  const placed = (r: EnrolmentRow): string =>
    !r.student
      ? ''
      : r.student.xjh || !hidden
        ? `${r.student.className} ${r.student.xjh}`.trim()
        : t('enrol_placed_no_xjh', r.student.className);
  const columns: ShownColumn<EnrolmentRow>[] = [
    { key: 'name', header: t('enrol_col_name'), kind: 'text', value: (r) => r.child.name, width: 10 },
    {
      key: 'idNumber',
      header: t('enrol_col_id'),
      kind: 'text',
      value: (r) => r.child.idNumber,
      id: true,
      width: 22,
    },
    {
      key: 'birthDate',
      header: t('enrol_col_birth'),
      kind: 'date',
      value: (r) => r.child.birthDate,
      width: 12,
    },
    { key: 'age', header: t('enrol_col_age', ledger.cutoff), kind: 'number', value: (r) => r.age, width: 10 },
    {
      key: 'village',
      header: t('enrol_col_village'),
      kind: 'text',
      value: (r) => r.child.village,
      width: 16,
    },
    {
      key: 'guardian',
      header: t('enrol_col_guardian'),
      kind: 'text',
      value: (r) => r.child.guardian,
      width: 10,
    },
    {
      key: 'phone',
      header: t('enrol_col_phone'),
      kind: 'text',
      value: (r) => r.child.phone,
      id: true,
      width: 14,
    },
    { key: 'status', header: t('enrol_col_status'), kind: 'text', value: statusText, width: 22 },
    // 已在本校: the class first, so it sorts in school order (三年级2班 before 七年级1班).
    { key: 'placed', header: t('enrol_col_placed'), kind: 'grade', value: placed, id: true, width: 28 },
    { key: 'note', header: t('enrol_col_note'), kind: 'text', value: (r) => r.child.note, width: 20 },
  ];
  const tools = useListTools(ledger.rows, columns, {
    searchOf: (r) => [r.child.name, r.child.idNumber],
    keep: (r) => (!show || r.status === show) && (!village || r.child.village === village),
  });
  const rows = tools.shown;
  const cells = (r: EnrolmentRow): Record<string, string | number> =>
    Object.fromEntries(columns.map((c) => [c.key, c.value(r)]));
  // The filters in force, as the export's title row states them (as the other lists' exports do).
  const filterText = t(
    'list_export_filters',
    [show && t(STATUS_KEY[show]), village, tools.q.trim() && t('list_export_search', tools.q.trim())]
      .filter(Boolean)
      .join(' · ') || t('list_export_no_filter'),
  );
  const schoolName = school || t('report_school_unnamed');
  const title = t('enrol_title', year);

  async function exportXlsx() {
    try {
      const Excel = await loadExcel();
      const heading = `${t('enrol_xlsx_heading', schoolName, title, today)} ${filterText}`;
      await downloadWorkbook(
        childrenWorkbook(
          Excel,
          title,
          heading,
          columns.map(({ key, header, id, width }) => ({ key, header, width, ...(id ? { id } : {}) })),
          rows.map(cells),
          t('enrol_definition', ledger.cutoff, settings.entryAge, min, max + 1),
        ),
        `${title}-${today}.xlsx`,
      );
      setMessage({ ok: true, text: t('report_exported') });
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }

  return (
    <section data-testid="children">
      <div class="filters">
        <label>
          {t('enrol_year')}{' '}
          <select value={year} onChange={(e) => setYear(Number(e.currentTarget.value))}>
            {[current - 1, current, current + 1].map((y) => (
              <option key={y} value={y}>
                {t('enrol_year_option', y, y + 1)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('enrol_show')}{' '}
          <select value={show} onChange={(e) => setShow(e.currentTarget.value as EnrolmentStatus | '')}>
            <option value="">{t('report_all')}</option>
            {(Object.keys(STATUS_KEY) as EnrolmentStatus[]).map((s) => (
              <option key={s} value={s}>
                {t(STATUS_KEY[s])}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={rows.length === 0} onClick={() => void exportXlsx()}>
          {t('report_export')}
        </button>
      </div>
      <p>
        <label>
          {t('enrol_import')}{' '}
          <input
            type="file"
            accept=".csv,.xlsx"
            data-testid="children-import"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void importFile(file);
            }}
          />
        </label>{' '}
        <small>{t('enrol_import_help')}</small>{' '}
        {children.length > 0 && (
          <button type="button" onClick={() => void clearList()}>
            {t('enrol_clear')}
          </button>
        )}
      </p>
      <details>
        <summary>{t('enrol_settings')}</summary>
        <div class="filters">
          <label>
            {t('enrol_cutoff')}{' '}
            <input
              value={settings.cutoff}
              pattern="\d{2}-\d{2}"
              size={5}
              onChange={(e) => void saveSettings({ cutoff: e.currentTarget.value.trim() })}
            />
          </label>
          <label>
            {t('enrol_entry_age')}{' '}
            <select
              value={settings.entryAge}
              onChange={(e) => void saveSettings({ entryAge: Number(e.currentTarget.value) })}
            >
              <option value={6}>6</option>
              <option value={7}>7</option>
            </select>
          </label>
          <label>
            {t('enrol_grades')}{' '}
            <select
              value={`${settings.firstGrade}-${settings.lastGrade}`}
              onChange={(e) => {
                const [firstGrade, lastGrade] = e.currentTarget.value.split('-').map(Number);
                void saveSettings({ firstGrade, lastGrade });
              }}
            >
              <option value="1-9">{t('enrol_grades_1_9')}</option>
              <option value="1-6">{t('enrol_grades_1_6')}</option>
              <option value="7-9">{t('enrol_grades_7_9')}</option>
            </select>
          </label>
        </div>
      </details>
      <Message message={message} testId="children-message" />
      {importErrors.length > 0 && (
        <ul class="msg error" data-testid="children-import-errors">
          {importErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <h2>
        {schoolName} {title}（{t('enrol_as_of', today)}）
      </h2>
      <ul data-testid="enrol-counts">
        <li data-count="not-enrolled">
          <strong>{t('enrol_count_not_enrolled', ledger.counts['not-enrolled'])}</strong>{' '}
          <small>{t('enrol_def_not_enrolled')}</small>
        </li>
        <li data-count="elsewhere">
          {t('enrol_count_elsewhere', ledger.counts.elsewhere)} <small>{t('enrol_def_elsewhere')}</small>
        </li>
        <li data-count="enrolled">
          {t('enrol_count_enrolled', ledger.counts.enrolled)} <small>{t('enrol_def_enrolled')}</small>
        </li>
        <li data-count="listed">{t('enrol_count_listed', ledger.counts.listed, ledger.counts.outOfRange)}</li>
      </ul>
      <p class="muted">
        <small>{t('enrol_definition', ledger.cutoff, settings.entryAge, min, max + 1)}</small>
      </p>
      <ListControls tools={tools} countTestId="children-count">
        {villages.length > 0 && (
          <SelectFilter
            label={t('enrol_col_village')}
            all={t('enrol_filter_all_villages')}
            values={villages}
            value={village}
            onChange={setVillage}
          />
        )}
      </ListControls>
      <table class="data" data-testid="children-ledger">
        <thead>
          <SortHeaders tools={tools}>
            <th>{t('enrol_col_where')}</th>
          </SortHeaders>
        </thead>
        <tbody>
          {rows.map((r) => {
            const c = cells(r);
            return (
              <tr key={r.child.id} data-child={r.child.name} data-status={r.status}>
                {columns.map((col) => (
                  <td key={col.key} class={col.id ? 'mono' : ''}>
                    {String(c[col.key] ?? '')}
                  </td>
                ))}
                <td>
                  {r.status !== 'enrolled' && (
                    <select
                      aria-label={t('enrol_col_where')}
                      value={r.child.whereabouts}
                      onChange={(e) =>
                        void setWhereabouts(
                          db,
                          r.child.id,
                          e.currentTarget.value as (typeof WHEREABOUTS)[number] | '',
                        ).catch((err) => setMessage({ ok: false, text: t('error_prefix', errorText(err)) }))
                      }
                    >
                      <option value="">{t('enrol_where_none')}</option>
                      {WHEREABOUTS.map((w) => (
                        <option key={w} value={w}>
                          {whereLabel(w)}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
