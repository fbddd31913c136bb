import { useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { type CaseCheck, checkAll } from '@/lib/paperwork/checks';
import { parseEvents, type StatusChangeCase, type Student } from '@/lib/records';
import type { Settings } from '@/lib/settings/settings';
import { todayString } from '@/lib/time/day';

/** Every case's checklist, recomputed whenever a case, a receipt or the school's settings change. */
export function usePaperwork(
  db: BaoxueDatabase,
  settings: Settings,
): { checks: CaseCheck[]; byId: Map<string, CaseCheck> } {
  const cases = useRx(() => db.cases.find().$, [db], []);
  const receipts = useRx(() => db.events.find({ selector: { kind: 'documentReceived' } }).$, [db], []);
  // The students the cases are about (their roll grade, 学籍卡 休学 term, 处分), not the whole roll.
  const ids = useMemo(() => [...new Set(cases.map((d) => d.get('xjh') as string))].sort().join(','), [cases]);
  const students = useRx(
    () => (ids ? db.students.findByIds(ids.split(',')).$ : undefined),
    [db, ids],
    new Map(),
  );
  const checks = useMemo(
    () =>
      checkAll(
        cases.map((d) => d.toJSON() as StatusChangeCase),
        parseEvents(receipts.map((e) => e.toJSON())),
        settings,
        todayString(),
        [...students.values()].map((d) => d.toJSON() as Student),
      ),
    [cases, receipts, settings, students],
  );
  return { checks, byId: useMemo(() => new Map(checks.map((x) => [x.c.id, x])), [checks]) };
}
