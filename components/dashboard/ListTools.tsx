/**
 * The dashboard lists' toolkit (issue 15): click a header to sort, filter by grade and class, search, and
 * "导出当前列表" — exactly the rows and columns on screen, as xlsx. The rules are pure (lib/lists/listRows.ts);
 * this file holds the state and the controls.
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { type GradeSystem, gradeSystemOf, sortedLabels } from '@/lib/grades';
import { t } from '@/lib/i18n';
import { type ListColumn, type ListSort, listRows, nextSort, sortRows } from '@/lib/lists/listRows';
import { type ExportColumn, listWorkbook } from '@/lib/lists/xlsx';
import { parseSettings } from '@/lib/settings/settings';
import { settings$ } from '@/lib/settings/store';
import { todayString } from '@/lib/time/day';
import { downloadWorkbook, loadExcel } from '../reports/download';
import { SearchBox, SelectFilter } from './filters';

const DEFAULT_SETTINGS = parseSettings(undefined);

/** The school's name (the export's title) and 学制 (grades in school order), from 设置. */
export function useSchool(db: BaoxueDatabase): { school: string; system: GradeSystem } {
  const settings = useRx(() => settings$(db), [db], DEFAULT_SETTINGS);
  return { school: settings.schoolName, system: gradeSystemOf(settings) };
}

/** A list column as shown: its header text beside the sorting rule. */
export interface ShownColumn<R> extends ListColumn<R> {
  header: string;
}

export interface ListToolsOptions<R> {
  gradeOf?: (row: R) => string;
  classOf?: (row: R) => string;
  searchOf?: (row: R) => string[];
  system?: GradeSystem;
  /** Extra filter of the view's own (e.g. 只看有问题的). */
  keep?: (row: R) => boolean;
  /** The list's own groups, kept whatever the sort (lib/lists/listRows.ts `groupOf`). */
  groupOf?: (row: R) => number;
}

export function useListTools<R>(rows: R[], columns: ShownColumn<R>[], opts: ListToolsOptions<R>) {
  const [sort, setSort] = useState<ListSort | null>(null);
  const [grade, setGrade] = useState('');
  const [className, setClassName] = useState('');
  const [q, setQ] = useState('');
  const { gradeOf, classOf, searchOf, system, keep, groupOf } = opts;
  const grades = useMemo(
    () => (gradeOf ? sortedLabels(rows.map(gradeOf), system) : []),
    [rows, gradeOf, system],
  );
  // The classes of the chosen grade only, so the two filters never contradict each other.
  const classes = useMemo(
    () =>
      classOf
        ? sortedLabels(rows.filter((r) => !grade || !gradeOf || gradeOf(r) === grade).map(classOf), system)
        : [],
    [rows, classOf, gradeOf, grade, system],
  );
  const shown = listRows(keep ? rows.filter(keep) : rows, columns, {
    sort,
    grade,
    className,
    q,
    gradeOf,
    classOf,
    searchOf,
    groupOf,
    system,
  });
  return {
    columns,
    shown,
    total: rows.length,
    sort,
    sortBy: (key: string) => setSort((s) => nextSort(s, key)),
    grade,
    setGrade: (g: string) => {
      setGrade(g);
      setClassName('');
    },
    className,
    setClassName,
    q,
    setQ,
    grades,
    classes,
  };
}
export type ListTools<R> = ReturnType<typeof useListTools<R>>;

/**
 * A list whose lines are made from its records (最近变动: a reading's new students are one line): the
 * filters and the search pick records, `arrange` makes the lines of those, the sort orders the lines.
 */
export function useArrangedTools<R, S>(
  records: R[],
  columns: ShownColumn<S>[],
  arrange: (records: R[]) => S[],
  opts: ListToolsOptions<R>,
): ListTools<S> {
  const base = useListTools<R>(records, [], opts);
  const all = useMemo(() => arrange(records), [records, arrange]);
  const shown = sortRows(arrange(base.shown), columns, base.sort, opts.system);
  return { ...base, columns, shown, total: all.length };
}

/** How an export names the list: its name (title and file name), the school, the view's own filters. */
export interface ExportAs<R = never> {
  list: string;
  /**
   * Columns the file puts before the screen's, for what the screen shows as a heading row (待办: 我的待办 /
   * 全校其他待办), so the file's rows stay exactly the screen's rows.
   */
  leadColumns?: ShownColumn<R>[];
  school: string;
  /** The view's own filters as the reader sees them (学期, 异动类别 …), for the title row. */
  filters?: string[];
  /** The button's words, when not "导出当前列表". */
  label?: string;
  /** After a file is saved (a ledger's export is logged in 访问记录). */
  onExported?: () => void;
  /** A ledger exports even with no row: an empty 台账 is a nil return a registrar still hands in. */
  allowEmpty?: boolean;
}

/** Search, grade and class filters, the view's own controls (children), the count and the export. */
export function ListControls<R>({
  tools,
  exportAs,
  countTestId = 'list-count',
  children,
}: {
  tools: ListTools<R>;
  countTestId?: string;
  /** The list's name and the school's name, for "导出当前列表". */
  exportAs?: ExportAs<R>;
  children?: ComponentChildren;
}) {
  return (
    <div class="filters">
      <SearchBox value={tools.q} onInput={tools.setQ} />
      {tools.grades.length > 0 && (
        <SelectFilter
          label={t('col_grade')}
          all={t('dash_filter_all_grades')}
          values={tools.grades}
          value={tools.grade}
          onChange={tools.setGrade}
        />
      )}
      {tools.classes.length > 0 && (
        <SelectFilter
          label={t('col_class')}
          all={t('list_all_classes')}
          values={tools.classes}
          value={tools.className}
          onChange={tools.setClassName}
        />
      )}
      {children}
      <span class="count" data-testid={countTestId}>
        {t('dash_count', tools.total, tools.shown.length)}
      </span>
      {exportAs && <ExportListButton tools={tools} {...exportAs} />}
    </div>
  );
}

/** A header that sorts its column: ▲ ascending, ▼ descending, a third click back to the list's order. */
export function SortHeader<R>({ tools, column }: { tools: ListTools<R>; column: ShownColumn<R> }) {
  const dir = tools.sort?.key === column.key ? tools.sort.dir : undefined;
  return (
    <th
      aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
      data-col={column.key}
    >
      <button type="button" class="sort" title={t('list_sort_hint')} onClick={() => tools.sortBy(column.key)}>
        {column.header}
        {dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}
      </button>
    </th>
  );
}

/** For a list that is not a table (家访): one button per column, sorting as a header would. */
export function SortButtons<R>({ tools }: { tools: ListTools<R> }) {
  return (
    <div class="filters" data-testid="sort-buttons">
      {t('list_sort_by')}
      {tools.columns.map((c) => {
        const dir = tools.sort?.key === c.key ? tools.sort.dir : undefined;
        return (
          <button
            type="button"
            key={c.key}
            class="sort"
            data-col={c.key}
            aria-pressed={!!dir}
            data-dir={dir ?? ''}
            title={t('list_sort_hint')}
            onClick={() => tools.sortBy(c.key)}
          >
            {c.header}
            {dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}
          </button>
        );
      })}
    </div>
  );
}

/** The headers of a list's columns, each sorting its column; the view adds its own (an actions column). */
export function SortHeaders<R>({ tools, children }: { tools: ListTools<R>; children?: ComponentChildren }) {
  return (
    <tr>
      {tools.columns.map((c) => (
        <SortHeader key={c.key} tools={tools} column={c} />
      ))}
      {children}
    </tr>
  );
}

/** The filters in force, as the title row states them: the view's own, then grade, class and search. */
function filterText<R>(tools: ListTools<R>, own: string[] = []): string {
  const parts = [
    ...own,
    tools.grade,
    tools.className,
    tools.q.trim() && t('list_export_search', tools.q.trim()),
  ];
  const said = parts.filter(Boolean).join(' · ');
  return t('list_export_filters', said || t('list_export_no_filter'));
}

/** An export column for a list column: identifiers as text, numbers as numbers, days and instants as dates. */
const exportColumn = <R,>(c: ShownColumn<R>): ExportColumn => ({
  header: c.header,
  ...(c.id ? { id: true } : {}),
  ...(c.kind === 'number' ? { number: true } : {}),
  ...(c.percent ? { percent: true } : {}),
  ...(c.width ? { width: c.width } : {}),
  ...(c.kind === 'date'
    ? { date: 'day' as const }
    : c.kind === 'datetime'
      ? { date: 'minute' as const }
      : {}),
});

/** "导出当前列表": the rows on screen (filtered, searched, in the order shown) with the columns on screen. */
export function ExportListButton<R>({
  tools,
  list,
  school,
  filters,
  label,
  onExported,
  leadColumns = [],
  allowEmpty = false,
}: { tools: ListTools<R> } & ExportAs<R>) {
  // The message speaks of the rows exported: once the list shown changes (a search, a filter, a sort, a
  // record added or gone), "已导出 N 行（与屏幕上的列表一致）" would no longer be true, so it goes.
  // (The key is worked out only while a message stands, not on every render of a long list.)
  const [said, setSaid] = useState<{ message: MessageState; key: string } | null>(null);
  const message = said && said.key === shownListKey(tools, filters) ? said.message : null;
  const setMessage = (m: MessageState) => setSaid({ message: m, key: shownListKey(tools, filters) });
  const empty = tools.shown.length === 0 && !allowEmpty;
  async function run() {
    try {
      const Excel = await loadExcel();
      const wb = listWorkbook(Excel, {
        title: t(
          'list_export_title_filtered',
          school || t('report_school_unnamed'),
          list,
          filterText(tools, filters),
          todayString(),
        ),
        sheetName: list,
        columns: [...leadColumns, ...tools.columns].map(exportColumn),
        rows: tools.shown.map((r) => [...leadColumns, ...tools.columns].map((c) => c.value(r))),
      });
      await downloadWorkbook(wb, `${list}-${todayString()}.xlsx`);
      onExported?.();
      setMessage({ ok: true, text: t('list_exported', tools.shown.length) });
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }
  return (
    <>
      <button
        type="button"
        data-testid="export-list"
        disabled={empty}
        title={empty ? t('list_export_empty') : undefined}
        onClick={() => void run()}
      >
        {label ?? t('list_export')}
      </button>
      <Message message={message} testId="export-list-message" />
    </>
  );
}

/** What the list shows, as far as an export's message is concerned: the filters, the sort and the rows. */
function shownListKey<R>(tools: ListTools<R>, own: string[] = []): string {
  return JSON.stringify([
    own,
    tools.q,
    tools.grade,
    tools.className,
    tools.sort,
    tools.total,
    tools.shown.map((r) => tools.columns.map((c) => c.value(r))),
  ]);
}

/**
 * The line a list's table shows when its search and filters match nothing, instead of a bare header row
 * (`shown`: the rows the table shows); `colSpan` counts the view's own columns (an actions column) too.
 */
export function NoMatchRow({ shown, colSpan }: { shown: number; colSpan: number }) {
  if (shown > 0) return null;
  return (
    <tr data-testid="list-no-match">
      <td colSpan={colSpan} class="empty">
        {t('list_no_match')}
      </td>
    </tr>
  );
}
