import { useMemo } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { paperworkConsequences } from '@/lib/paperwork/consequences';
import type { CaseCheck } from '@/lib/paperwork/store';

/** Students at risk because of paperwork (疑似辍学 from an overdue 转出, a 休学 past its end). */
export function AtRiskView({ checks }: { checks: CaseCheck[] }) {
  const { atRisk } = useMemo(() => paperworkConsequences(checks, Date.now()), [checks]);
  if (!atRisk.length) return <p class="empty">{t('risk_none')}</p>;
  return (
    <table class="data" data-testid="at-risk">
      <thead>
        <tr>
          <th>{t('col_xjh')}</th>
          <th>{t('col_name')}</th>
          <th>{t('col_class')}</th>
          <th>{t('col_reason_risk')}</th>
        </tr>
      </thead>
      <tbody>
        {atRisk.map((r) => (
          <tr key={`${r.reason}:${r.caseId}`} data-reason={r.reason} data-xjh={r.xjh}>
            <td class="mono">{r.xjh}</td>
            <td>{r.name}</td>
            <td>{r.className}</td>
            <td>
              {r.reason === 'transfer-overdue'
                ? t('risk_transfer_overdue', r.since)
                : t('risk_suspension_expired', r.since)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
