/**
 * The dashboard lists' toolkit (issue 15): click a header to sort, filter by grade and class, search, and
 * "导出当前列表" — exactly the rows and columns on screen, as xlsx. The rules are pure (lib/lists/listRows.ts);
 * this file holds the state and the controls.
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { errorText } from '@/lib/errors';
import { type GradeSystem, sortedLabels } from '@/lib/grades';
import { t } from '@/lib/i18n';
import { type ListColumn, type ListSort, listRows, nextSort } from '@/lib/lists/listRows';
import { type ExportColumn, listWorkbook } from '@/lib/lists/xlsx';
import { todayString } from '@/lib/time/day';
import { downloadWorkbook, loadExcel } from '../reports/download';
import { SearchBox, SelectFilter } from './filters';

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
}

export function useListTools<R>(rows: R[], columns: ShownColumn<R>[], opts: ListToolsOptions<R>) {
  const [sort, setSort] = useState<ListSort | null>(null);
  const [grade, setGrade] = useState('');
  const [className, setClassName] = useState('');
  const [q, setQ] = useState('');
  const { gradeOf, classOf, searchOf, system, keep } = opts;
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

/** Search, grade and class filters, the view's own controls (children), the count and the export. */
export function ListControls<R>({
  tools,
  exportAs,
  countTestId = 'list-count',
  children,
}: {
  tools: ListTools<R>;
  countTestId?: string;
  /** The list's name (title and file name) and the school's name, for "导出当前列表". */
  exportAs?: { list: string; school: string };
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
      {exportAs && <ExportListButton tools={tools} list={exportAs.list} school={exportAs.school} />}
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

/** "导出当前列表": the rows on screen (filtered, searched, in the order shown) with the columns on screen. */
export function ExportListButton<R>({
  tools,
  list,
  school,
}: {
  tools: ListTools<R>;
  list: string;
  school: string;
}) {
  const [message, setMessage] = useState<MessageState | null>(null);
  async function run() {
    try {
      const Excel = await loadExcel();
      const columns: ExportColumn[] = tools.columns.map((c) => ({
        header: c.header,
        ...(c.id ? { id: true } : {}),
        ...(c.kind === 'number' ? { number: true } : {}),
      }));
      const wb = listWorkbook(Excel, {
        title: t('list_export_title', school || t('report_school_unnamed'), list, todayString()),
        sheetName: list,
        columns,
        rows: tools.shown.map((r) => tools.columns.map((c) => c.value(r))),
      });
      await downloadWorkbook(wb, `${list}-${todayString()}.xlsx`);
      setMessage({ ok: true, text: t('list_exported', tools.shown.length) });
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }
  return (
    <>
      <button type="button" data-testid="export-list" onClick={() => void run()}>
        {t('list_export')}
      </button>
      <Message message={message} testId="export-list-message" />
    </>
  );
}
