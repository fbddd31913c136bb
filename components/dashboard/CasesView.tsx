import { useMemo, useState } from 'preact/hooks';
import { bulkTick } from '@/components/paperwork/BulkTick';
import { ChecklistView } from '@/components/paperwork/ChecklistView';
import { useAuthor } from '@/components/useAuthor';
import { useRx } from '@/components/useRx';
import { useIdentityHidden, xjhText } from '@/components/useXjhShown';
import { CASE_DATE_FLAG } from '@/lib/capture/pages/status-change';
import type { BaoxueDatabase } from '@/lib/db/types';
import { t } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import type { CaseCheck } from '@/lib/paperwork/checks';
import { DESTINATION_CODE } from '@/lib/paperwork/destination';
import { PAPERWORK_STATE_LABEL, paperworkStatus } from '@/lib/paperwork/status';
import type { StatusChangeCase } from '@/lib/records';
import { parseSettings } from '@/lib/settings/settings';
import { settings$ } from '@/lib/settings/store';
import { labelKey, sameLabel } from '@/lib/text';
import { dateShown } from './dateShown';
import { SelectFilter } from './filters';
import { ListControls, NoMatchRow, type ShownColumn, SortHeader, useListTools } from './ListTools';

function paperworkText(x: CaseCheck | undefined): string {
  if (!x) return '';
  if (!x.list.ruleType) return t('pw_unknown_type', x.c.changeType);
  const status = paperworkStatus(x.list);
  const state = t(PAPERWORK_STATE_LABEL[status.state], status.missing);
  return status.overdue ? `${state} · ${t('pw_overdue', x.list.due ?? '')}` : state;
}

const DEFAULT_SETTINGS = parseSettings(undefined);
const caseGrade = (c: StatusChangeCase) => c.grade;
const caseClass = (c: StatusChangeCase) => c.className;
const caseSearch = (c: StatusChangeCase) => [c.name, c.xjh, c.className, c.toSchool, c.fromSchool];
/** 申请日期, or 日期无法识别 where the host wrote it unreadably (and the export says so too). */
const appliedShown = (c: StatusChangeCase) => dateShown(c.appliedDate, c.flags, CASE_DATE_FLAG.appliedDate);

export function CasesView({ db, paperwork }: { db: BaoxueDatabase; paperwork: Map<string, CaseCheck> }) {
  // The school's name from 设置, for the export's title.
  const school = useRx(() => settings$(db), [db], DEFAULT_SETTINGS).schoolName;
  const [open, setOpen] = useState<string>();
  const verifier = useAuthor(db);
  // A teacher's device holds no 学籍号: the column (and its export) says so rather than a blank.
  const hidden = useIdentityHidden(db);
  const docs = useRx(() => db.cases.find({ sort: [{ updatedAt: 'desc' }] }).$, [db], []);
  const cases = useMemo(() => docs.map((d) => d.toJSON() as StatusChangeCase), [docs]);
  const [type, setType] = useState('');
  const [state, setState] = useState('');
  // One option per change type however the host wrote it (`转学（转出）` = `转学(转出)`): compared by labelKey.
  const types = useMemo(
    () => [...new Map(cases.map((c) => [labelKey(c.changeType), c.changeType] as const)).values()].sort(),
    [cases],
  );
  const states = useMemo(() => [...new Set(cases.map((c) => c.reviewStatus))].sort(), [cases]);
  // Sort, grade/class filters, search and 导出当前列表 (ListTools); the type and review filters are this list's own.
  const columns = useMemo((): ShownColumn<StatusChangeCase>[] => {
    return [
      { key: 'xjh', header: t('col_xjh'), kind: 'text', id: true, value: (c) => xjhText(c.xjh, hidden) },
      { key: 'name', header: t('col_name'), kind: 'text', value: (c) => c.name },
      { key: 'class', header: t('col_class'), kind: 'grade', value: (c) => c.className },
      { key: 'type', header: t('col_change_type'), kind: 'text', value: (c) => c.changeType },
      { key: 'applied', header: t('col_applied'), kind: 'date', value: (c) => appliedShown(c).text },
      { key: 'review', header: t('col_review'), kind: 'text', value: (c) => c.reviewStatus },
      { key: 'from', header: t('col_from_school'), kind: 'text', value: (c) => c.fromSchool },
      { key: 'to', header: t('col_to_school'), kind: 'text', value: (c) => c.toSchool },
      {
        key: 'paperwork',
        header: t('col_paperwork'),
        kind: 'text',
        value: (c) => paperworkText(paperwork.get(c.id)),
      },
    ];
  }, [paperwork, hidden]);
  const tools = useListTools(cases, columns, {
    gradeOf: caseGrade,
    classOf: caseClass,
    searchOf: caseSearch,
    keep:
      type || state
        ? (c) => (!type || sameLabel(c.changeType, type)) && (!state || c.reviewStatus === state)
        : undefined,
  });
  const shown = tools.shown;
  if (cases.length === 0) return <p class="empty">{t('dash_empty')}</p>;
  return (
    <section>
      <ListControls
        tools={tools}
        countTestId="case-count"
        exportAs={{
          list: t('list_cases'),
          school,
          // This list's own filters, named in the title row (异动类别：转学 · 审核状态：待审核) before grade and class.
          filters: [
            type && t('list_export_labelled', t('col_change_type'), type),
            state && t('list_export_labelled', t('col_review'), state),
          ].filter(Boolean),
        }}
      >
        <SelectFilter
          label={t('col_change_type')}
          all={t('dash_filter_all_types')}
          values={types}
          value={type}
          onChange={setType}
        />
        <SelectFilter
          label={t('col_review')}
          all={t('dash_filter_all_states')}
          values={states}
          value={state}
          onChange={setState}
        />
      </ListControls>
      <table class="data" data-testid="cases">
        <thead>
          <tr>
            {columns.map((c) => (
              <SortHeader key={c.key} tools={tools} column={c} />
            ))}
          </tr>
        </thead>
        <tbody>
          <NoMatchRow shown={shown.length} colSpan={columns.length} />
          {shown.map((c) => {
            const x = paperwork.get(c.id);
            return (
              <>
                <tr
                  key={c.id}
                  data-id={c.id}
                  class={x?.list.overdue ? 'has-problem clickable' : 'clickable'}
                  onClick={() => setOpen(open === c.id ? undefined : c.id)}
                >
                  <td class={c.xjh ? 'mono' : 'muted'}>{xjhText(c.xjh, hidden)}</td>
                  <td>{c.name}</td>
                  <td>{c.className}</td>
                  <td>{c.changeType}</td>
                  <td title={appliedShown(c).why} class={appliedShown(c).why ? 'muted' : undefined}>
                    {appliedShown(c).text}
                  </td>
                  <td>{c.reviewStatus}</td>
                  <td>{c.fromSchool}</td>
                  <td>{c.toSchool}</td>
                  <td class="flags" data-testid="paperwork">
                    {paperworkText(x)}
                  </td>
                </tr>
                {open === c.id && x && (
                  <tr key={`${c.id}:open`}>
                    <td colSpan={9}>
                      <ChecklistView
                        c={x.c}
                        list={x.list}
                        verifier={verifier}
                        printHref={`/print.html?case=${encodeURIComponent(c.id)}`}
                        bulk={bulkTick(paperwork.values())}
                        onTick={async (doc, state, note, destination) => {
                          if (doc === DESTINATION_CODE && destination && state === 'received')
                            await command('destination/record', { caseId: c.id, ...destination });
                          else await command('document/tick', { caseId: c.id, doc, state, note });
                        }}
                      />
                    </td>
                  </tr>
                )}
              </>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
