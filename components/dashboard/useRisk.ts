import { useEffect, useState } from 'preact/hooks';
import { map, merge } from 'rxjs';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { riskInputs } from '@/lib/derive/refresh';
import { refreshRiskIndex, riskListBuilt } from '@/lib/derive/riskIndex';
import type { CaseCheck } from '@/lib/paperwork/checks';
import type { RiskSummary } from '@/lib/records';
import type { Settings } from '@/lib/settings/settings';

const toPlain = map((docs: { toJSON(): unknown }[]) => docs.map((d) => d.toJSON() as RiskSummary));

/**
 * The at-risk list as stored (one indexed query), kept in step while the dashboard is open: a new mark,
 * visit, roster row or paperwork state recomputes the students it concerns. A list built before shows at
 * once (a new day's full pass then updates it in place); on a device that never built one it is
 * undefined until the first pass ends, so an empty list is never shown before it is known.
 */
export function useRisk(
  db: BaoxueDatabase,
  checks: CaseCheck[],
  settings: Settings,
): RiskSummary[] | undefined {
  const summaries = useRx<RiskSummary[] | undefined>(
    () => db.risks.find({ sort: [{ rank: 'asc' }, { id: 'asc' }] }).$.pipe(toPlain),
    [db],
    undefined,
  );
  const [ready, setReady] = useState(false);
  useEffect(() => {
    void riskListBuilt(db).then((built) => built && setReady(true));
  }, [db]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      // A burst of writes (an imported class, a synced batch) is one refresh.
      timer = setTimeout(() => {
        refreshRiskIndex(db, riskInputs(checks, settings))
          .catch((e) => console.error('risk list refresh failed', e))
          .finally(() => setReady(true));
      }, 30);
    };
    refresh();
    const sub = merge(db.events.$, db.students.$).subscribe(refresh);
    return () => {
      clearTimeout(timer);
      sub.unsubscribe();
    };
  }, [db, checks, settings]);
  return ready ? summaries : undefined;
}
