import { map } from 'rxjs';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { riskListBuilt$ } from '@/lib/derive/riskIndex';
import type { RiskSummary } from '@/lib/records';

const toPlain = map((docs: { toJSON(): unknown }[]) => docs.map((d) => d.toJSON() as RiskSummary));

/**
 * The at-risk list as stored (one indexed query). The background worker's derive engine keeps it in step
 * with every mark, visit, roster row, paperwork state and replication pull; this hook only subscribes. On
 * a device that never built the list it is undefined until the first pass ends, so an empty list is never
 * shown before it is known.
 */
export function useRisk(db: BaoxueDatabase): RiskSummary[] | undefined {
  const summaries = useRx<RiskSummary[] | undefined>(
    () => db.risks.find({ sort: [{ rank: 'asc' }, { id: 'asc' }] }).$.pipe(toPlain),
    [db],
    undefined,
  );
  const built = useRx(() => riskListBuilt$(db), [db], false);
  return built ? summaries : undefined;
}
