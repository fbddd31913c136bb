/**
 * 本月疑似辍学 beside the 风险名单: the same figure, by the same definition (lib/reports/suspected.ts), as the
 * 月报's 疑似辍学 and the 疑似辍学学生台账 for this month, with the definition and the tiers' meaning beside it,
 * so a registrar never sees two different counts under one name.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getDatabase } from '@/lib/db/database';
import type { BaoxueDatabase } from '@/lib/db/types';
import { t } from '@/lib/i18n';
import { suspectedDropouts, suspectedThreshold } from '@/lib/reports/suspected';
import { todayString } from '@/lib/time/day';
import { useReportData } from './useReportData';

export function SuspectedFigure() {
  const [db, setDb] = useState<BaoxueDatabase>();
  useEffect(() => {
    void getDatabase().then(setDb);
  }, []);
  return db ? <Figure db={db} /> : null;
}

function Figure({ db }: { db: BaoxueDatabase }) {
  const { events, options } = useReportData(db);
  const today = todayString();
  const count = useMemo(
    () => suspectedDropouts(events, `${today.slice(0, 7)}-01`, today, options.suspected).size,
    [events, today, options.suspected],
  );
  return (
    <div class="figure-note">
      <p>
        <strong data-testid="suspected-month" data-count={count}>
          {t('suspected_month', count)}
        </strong>
      </p>
      <details>
        <summary>{t('report_def_heading')}</summary>
        <p data-testid="suspected-definition">
          {t('suspected_definition', suspectedThreshold(options.suspected))}
        </p>
        <p data-testid="tier-definition">{t('risk_tier_definition')}</p>
      </details>
    </div>
  );
}
