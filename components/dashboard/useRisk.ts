import { useEffect, useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/database';
import { paperworkConsequences } from '@/lib/paperwork/consequences';
import type { CaseCheck } from '@/lib/paperwork/store';
import { todayString } from '@/lib/paperwork/store';
import type { BaoxueEvent, Student } from '@/lib/records';
import { computeRisk, RISK_EVENT_KINDS, type StudentRisk, syncLadderTasks } from '@/lib/risk/store';

/** Every student's tier and ladder tasks, recomputed when a student, a mark, a visit or a case changes. */
export function useRisk(db: BaoxueDatabase, checks: CaseCheck[]): StudentRisk[] {
  const events = useRx(
    () => db.events.find({ selector: { kind: { $in: [...RISK_EVENT_KINDS] } } }).$,
    [db],
    [],
  );
  // Only the students the records name: a school's whole roll is not read to list a few hundred.
  const ids = useMemo(
    () => [...new Set(events.map((e) => e.studentId).filter((x): x is string => !!x))].sort(),
    [events],
  );
  const students = useRx(() => db.students.find({ selector: { id: { $in: ids } } }).$, [db, ids.join()], []);
  const risks = useMemo(
    () =>
      computeRisk(
        students.map((d) => d.toJSON() as Student),
        events.map((e) => e.toJSON() as BaoxueEvent),
        paperworkConsequences(checks, Date.now()).atRisk,
        todayString(),
        Date.now(),
      ),
    [students, events, checks],
  );
  useEffect(() => void syncLadderTasks(db, risks), [db, risks]);
  return risks;
}
