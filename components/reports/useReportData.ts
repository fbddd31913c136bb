import { useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/database';
import type { BaoxueEvent, Student } from '@/lib/records';

/** What the ledgers and the monthly report are computed from: the roll and the 劝返/重点生/家访 records. */
export function useReportData(db: BaoxueDatabase): { students: Student[]; events: BaoxueEvent[] } {
  const students = useRx(() => db.students.find().$, [db], []);
  const events = useRx(
    () => db.events.find({ selector: { kind: { $in: ['persuasionAttempt', 'riskNote', 'homeVisit'] } } }).$,
    [db],
    [],
  );
  return {
    students: useMemo(() => students.map((d) => d.toJSON() as Student), [students]),
    events: useMemo(() => events.map((d) => d.toJSON() as BaoxueEvent), [events]),
  };
}
