import { useMemo, useState } from 'preact/hooks';
import { SuspectedFigure } from '@/components/reports/SuspectedFigure';
import type { BaoxueDatabase } from '@/lib/db/types';
import { t, tx } from '@/lib/i18n';
import { gradeOfClass } from '@/lib/lists/listRows';
import type { RiskSummary } from '@/lib/records';
import type { Tier } from '@/lib/risk/tiers';
import { holdsXjh } from '@/lib/students/pick';
import {
  ListControls,
  type ListTools,
  NoMatchRow,
  type ShownColumn,
  SortHeaders,
  useListTools,
  useSchool,
} from './ListTools';
import { PersuasionPanel } from './PersuasionPanel';
import { VisitForm } from './VisitForm';

const ORDER: Record<Tier, number> = { urgent: 0, warning: 1, watch: 2 };

const xjhColumn: ShownColumn<RiskSummary> = {
  key: 'xjh',
  header: '',
  kind: 'text',
  id: true,
  value: (r) => r.student.xjh,
};
const riskColumns = (withXjh: boolean): ShownColumn<RiskSummary>[] => [
  // Sorted by the tier's rank (紧急 before 预警), shown in words.
  { key: 'tier', header: t('col_tier'), kind: 'text', value: (r) => t(`risk_tier_${r.tier!}`) },
  ...(withXjh ? [{ ...xjhColumn, header: t('col_xjh') }] : []),
  { key: 'name', header: t('col_name'), kind: 'text', value: (r) => r.student.name },
  { key: 'class', header: t('col_class'), kind: 'grade', value: (r) => r.student.className },
  {
    key: 'reasons',
    header: t('col_reason_risk'),
    kind: 'text',
    value: (r) => r.reasons.map(tx).join(t('list_separator')),
  },
  {
    key: 'groups',
    header: t('col_groups'),
    kind: 'text',
    value: (r) => r.student.specialGroups?.join('、') ?? '',
  },
];
const gradeOf = (r: RiskSummary) => gradeOfClass(r.student.className);
const classOf = (r: RiskSummary) => r.student.className;
const searchOf = (r: RiskSummary) => [r.student.name, r.student.xjh, r.student.className];
// 风险名单 above, 关注名单 below, whatever the sort.
const groupOf = (r: RiskSummary) => (r.tier === 'watch' ? 1 : 0);

/**
 * 风险名单 (紧急, 预警) and, below it, the 关注名单: each student with the reasons for the tier, the special
 * groups as context for care (never part of the tier), a 家访 to log and a 劝返 case to follow.
 */
export function AtRiskView({ db, risks, by }: { db: BaoxueDatabase; risks: RiskSummary[]; by: string }) {
  const { school, system } = useSchool(db);
  const listed = useMemo(
    () =>
      risks
        .filter((r) => r.tier)
        .sort((a, b) => ORDER[a.tier!] - ORDER[b.tier!] || b.streakDays - a.streakDays),
    [risks],
  );
  // A teacher's device holds no 学籍号 (lib/sync/sealed.ts): no empty column, and never the id's hash in its place.
  const withXjh = holdsXjh(listed.map((r) => r.student));
  const columns = useMemo(() => riskColumns(withXjh), [withXjh]);
  const tools = useListTools(listed, columns, { gradeOf, classOf, searchOf, groupOf, system });
  const anyAtRisk = listed.some((r) => r.tier !== 'watch');
  const atRisk = tools.shown.filter((r) => r.tier !== 'watch');
  const watch = tools.shown.filter((r) => r.tier === 'watch');
  return (
    <section>
      <SuspectedFigure />
      {listed.length > 0 && (
        <ListControls tools={tools} countTestId="risk-count" exportAs={{ list: t('list_at_risk'), school }} />
      )}
      {risks.length === 0 ? (
        // A fresh install: nothing read yet. Say how to begin, not that all is well.
        <div class="empty" data-testid="at-risk-start">
          <p>{t('risk_start')}</p>
          <ol>
            <li>{t('risk_start_open')}</li>
            <li>{t('risk_start_read')}</li>
            <li>{t('risk_start_mark')}</li>
          </ol>
        </div>
      ) : anyAtRisk ? (
        <RiskTable rows={atRisk} tools={tools} by={by} testId="at-risk" />
      ) : (
        <p class="empty" data-testid="at-risk-none">
          {t('risk_none_of', risks.length)}
        </p>
      )}
      {listed.some((r) => r.tier === 'watch') && (
        <>
          <h2>{t('watch_list')}</h2>
          <RiskTable rows={watch} tools={tools} by={by} testId="watch-list" />
        </>
      )}
    </section>
  );
}

/** One of the two tables (风险名单, 关注名单): the rows on screen of its group, the shared sort headers. */
function RiskTable({
  rows,
  tools,
  by,
  testId,
}: {
  rows: RiskSummary[];
  tools: ListTools<RiskSummary>;
  by: string;
  testId: string;
}) {
  const [open, setOpen] = useState<{ id: string; what: 'visit' | 'persuasion' }>();
  const toggle = (id: string, what: 'visit' | 'persuasion') =>
    setOpen(open?.id === id && open.what === what ? undefined : { id, what });
  const withXjh = tools.columns.some((c) => c.key === 'xjh');
  return (
    <table class="data" data-testid={testId}>
      <thead>
        <SortHeaders tools={tools}>
          <th />
        </SortHeaders>
      </thead>
      <tbody>
        <NoMatchRow shown={rows.length} colSpan={tools.columns.length + 1} />
        {rows.map((r) => (
          <>
            <tr key={r.student.id} data-xjh={r.student.id} data-tier={r.tier} class={`tier-${r.tier}`}>
              <td>{t(`risk_tier_${r.tier!}`)}</td>
              {withXjh && <td class="mono">{r.student.xjh}</td>}
              <td>{r.student.name}</td>
              <td>{r.student.className}</td>
              <td>{r.reasons.map(tx).join(t('list_separator'))}</td>
              <td>{r.student.specialGroups?.join('、')}</td>
              <td class="actions">
                <button type="button" onClick={() => toggle(r.student.id, 'visit')}>
                  {t('visit_log')}
                </button>
                <button type="button" onClick={() => toggle(r.student.id, 'persuasion')}>
                  {r.persuasion ? t('pers_continue') : t('pers_open')}
                </button>
              </td>
            </tr>
            {open?.id === r.student.id && (
              <tr key={`${r.student.id}:${open.what}`}>
                <td colSpan={withXjh ? 7 : 6}>
                  {open.what === 'visit' ? (
                    <VisitForm student={r.student} by={by} onDone={() => setOpen(undefined)} />
                  ) : (
                    <PersuasionPanel risk={r} by={by} />
                  )}
                </td>
              </tr>
            )}
          </>
        ))}
      </tbody>
    </table>
  );
}
