import { useState } from 'preact/hooks';
import { SuspectedFigure } from '@/components/reports/SuspectedFigure';
import { t, tx } from '@/lib/i18n';
import type { RiskSummary } from '@/lib/records';
import type { Tier } from '@/lib/risk/tiers';
import { holdsXjh } from '@/lib/students/pick';
import { PersuasionPanel } from './PersuasionPanel';
import { VisitForm } from './VisitForm';

const ORDER: Record<Tier, number> = { urgent: 0, warning: 1, watch: 2 };

/**
 * 风险名单 (紧急, 预警) and, below it, the 关注名单: each student with the reasons for the tier, the special
 * groups as context for care (never part of the tier), a 家访 to log and a 劝返 case to follow.
 */
export function AtRiskView({ risks, by }: { risks: RiskSummary[]; by: string }) {
  const listed = risks
    .filter((r) => r.tier)
    .sort((a, b) => ORDER[a.tier!] - ORDER[b.tier!] || b.streakDays - a.streakDays);
  const atRisk = listed.filter((r) => r.tier !== 'watch');
  const watch = listed.filter((r) => r.tier === 'watch');
  return (
    <section>
      <SuspectedFigure />
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
      ) : atRisk.length ? (
        <RiskTable rows={atRisk} by={by} testId="at-risk" />
      ) : (
        <p class="empty" data-testid="at-risk-none">
          {t('risk_none_of', risks.length)}
        </p>
      )}
      {watch.length > 0 && (
        <>
          <h2>{t('watch_list')}</h2>
          <RiskTable rows={watch} by={by} testId="watch-list" />
        </>
      )}
    </section>
  );
}

function RiskTable({ rows, by, testId }: { rows: RiskSummary[]; by: string; testId: string }) {
  const [open, setOpen] = useState<{ id: string; what: 'visit' | 'persuasion' }>();
  const toggle = (id: string, what: 'visit' | 'persuasion') =>
    setOpen(open?.id === id && open.what === what ? undefined : { id, what });
  // A teacher's device holds no 学籍号 (lib/sync/sealed.ts): no empty column, and never the id's hash in its place.
  const withXjh = holdsXjh(rows.map((r) => r.student));
  return (
    <table class="data" data-testid={testId}>
      <thead>
        <tr>
          <th>{t('col_tier')}</th>
          {withXjh && <th>{t('col_xjh')}</th>}
          <th>{t('col_name')}</th>
          <th>{t('col_class')}</th>
          <th>{t('col_reason_risk')}</th>
          <th>{t('col_groups')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
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
