import { useEffect, useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/database';
import type { PaperworkSettings } from '@/lib/paperwork/settings';
import { type CaseCheck, checkAll, syncPaperworkTasks, todayString } from '@/lib/paperwork/store';
import type { BaoxueEvent, StatusChangeCase } from '@/lib/records';

/** Every case's checklist, recomputed whenever a case, a receipt or the school's settings change. */
export function usePaperwork(
  db: BaoxueDatabase,
  settings: PaperworkSettings,
): { checks: CaseCheck[]; byId: Map<string, CaseCheck> } {
  const cases = useRx(() => db.cases.find().$, [db], []);
  const receipts = useRx(() => db.events.find({ selector: { kind: 'documentReceived' } }).$, [db], []);
  const checks = useMemo(
    () =>
      checkAll(
        cases.map((d) => d.toJSON() as StatusChangeCase),
        receipts.map((e) => e.toJSON() as BaoxueEvent),
        settings,
        todayString(),
      ),
    [cases, receipts, settings],
  );
  useEffect(() => {
    if (checks.length) void syncPaperworkTasks(db, checks);
  }, [db, checks]);
  return { checks, byId: useMemo(() => new Map(checks.map((x) => [x.c.id, x])), [checks]) };
}
