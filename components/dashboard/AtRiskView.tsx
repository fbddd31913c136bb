import { useState } from 'preact/hooks';
import type { BaoxueDatabase } from '@/lib/db/database';
import { t } from '@/lib/i18n';
import type { StudentRisk } from '@/lib/risk/store';
import type { Tier } from '@/lib/risk/tiers';
import { VisitForm } from './VisitForm';

const ORDER: Record<Tier, number> = { urgent: 0, warning: 1, watch: 2 };

/** 风险名单: every student with a tier, most urgent first, each with the reasons. */
export function AtRiskView({ db, risks, by }: { db: BaoxueDatabase; risks: StudentRisk[]; by: string }) {
  const [visiting, setVisiting] = useState<string>();
  const listed = risks
    .filter((r) => r.tier)
    .sort((a, b) => ORDER[a.tier!] - ORDER[b.tier!] || b.streakDays - a.streakDays);
  if (!listed.length) return <p class="empty">{t('risk_none')}</p>;
  return (
    <table class="data" data-testid="at-risk">
      <thead>
        <tr>
          <th>{t('col_tier')}</th>
          <th>{t('col_xjh')}</th>
          <th>{t('col_name')}</th>
          <th>{t('col_class')}</th>
          <th>{t('col_reason_risk')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {listed.map((r) => (
          <>
            <tr key={r.student.id} data-xjh={r.student.id} data-tier={r.tier} class={`tier-${r.tier}`}>
              <td>{t(`risk_tier_${r.tier!}`)}</td>
              <td class="mono">{r.student.xjh}</td>
              <td>{r.student.name}</td>
              <td>{r.student.className}</td>
              <td>{r.reasons.join('；')}</td>
              <td>
                <button
                  type="button"
                  onClick={() => setVisiting(visiting === r.student.id ? undefined : r.student.id)}
                >
                  {t('visit_log')}
                </button>
              </td>
            </tr>
            {visiting === r.student.id && (
              <tr key={`${r.student.id}:visit`}>
                <td colSpan={6}>
                  <VisitForm db={db} student={r.student} by={by} onDone={() => setVisiting(undefined)} />
                </td>
              </tr>
            )}
          </>
        ))}
      </tbody>
    </table>
  );
}
