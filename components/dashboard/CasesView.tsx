import { useMemo, useState } from 'preact/hooks';
import { ChecklistView } from '@/components/paperwork/ChecklistView';
import { useAuthor } from '@/components/useAuthor';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { t } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import type { CaseCheck } from '@/lib/paperwork/checks';
import { DESTINATION_CODE } from '@/lib/paperwork/destination';
import { PAPERWORK_STATE_LABEL, paperworkStatus } from '@/lib/paperwork/status';
import type { StatusChangeCase } from '@/lib/records';
import { labelKey, sameLabel } from '@/lib/text';
import { SearchBox, SelectFilter } from './filters';

function paperworkText(x: CaseCheck | undefined): string {
  if (!x) return '';
  if (!x.list.ruleType) return t('pw_unknown_type', x.c.changeType);
  const status = paperworkStatus(x.list);
  const state = t(PAPERWORK_STATE_LABEL[status.state], status.missing);
  return status.overdue ? `${state} · ${t('pw_overdue', x.list.due ?? '')}` : state;
}

export function CasesView({ db, paperwork }: { db: BaoxueDatabase; paperwork: Map<string, CaseCheck> }) {
  const [open, setOpen] = useState<string>();
  const verifier = useAuthor(db);
  const docs = useRx(() => db.cases.find({ sort: [{ updatedAt: 'desc' }] }).$, [db], []);
  const cases = useMemo(() => docs.map((d) => d.toJSON() as StatusChangeCase), [docs]);
  const [q, setQ] = useState('');
  const [type, setType] = useState('');
  const [state, setState] = useState('');
  // One option per change type however the host wrote it (`转学（转出）` = `转学(转出)`): compared by labelKey.
  const types = useMemo(
    () => [...new Map(cases.map((c) => [labelKey(c.changeType), c.changeType] as const)).values()].sort(),
    [cases],
  );
  const states = useMemo(() => [...new Set(cases.map((c) => c.reviewStatus))].sort(), [cases]);
  const shown = cases.filter(
    (c) =>
      (!type || sameLabel(c.changeType, type)) &&
      (!state || c.reviewStatus === state) &&
      (!q || [c.name, c.xjh, c.className, c.toSchool, c.fromSchool].some((v) => v.includes(q.trim()))),
  );
  if (cases.length === 0) return <p class="empty">{t('dash_empty')}</p>;
  return (
    <section>
      <div class="filters">
        <SearchBox value={q} onInput={setQ} />
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
        <span class="count" data-testid="case-count">
          {t('dash_count', cases.length, shown.length)}
        </span>
      </div>
      <table class="data" data-testid="cases">
        <thead>
          <tr>
            <th>{t('col_xjh')}</th>
            <th>{t('col_name')}</th>
            <th>{t('col_class')}</th>
            <th>{t('col_change_type')}</th>
            <th>{t('col_applied')}</th>
            <th>{t('col_review')}</th>
            <th>{t('col_from_school')}</th>
            <th>{t('col_to_school')}</th>
            <th>{t('col_paperwork')}</th>
          </tr>
        </thead>
        <tbody>
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
                  <td class="mono">{c.xjh}</td>
                  <td>{c.name}</td>
                  <td>{c.className}</td>
                  <td>{c.changeType}</td>
                  <td>{c.appliedDate}</td>
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
