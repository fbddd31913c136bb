import { useEffect, useMemo, useState } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/database';
import { paperworkConsequences } from '@/lib/paperwork/consequences';
import { contextFrom, type PaperworkSettings } from '@/lib/paperwork/settings';
import type { CaseCheck } from '@/lib/paperwork/store';
import { todayString } from '@/lib/paperwork/store';
import type { BaoxueEvent, Student } from '@/lib/records';
import { applyLadder } from '@/lib/risk/ladder';
import { computeRiskInChunks, RISK_EVENT_KINDS, type StudentRisk, syncLadderTasks } from '@/lib/risk/store';

/** Every student's tier and ladder tasks, recomputed when a student, a mark, a visit or a case changes. */
/** Undefined until the first computation finishes. */
export function useRisk(
  db: BaoxueDatabase,
  checks: CaseCheck[],
  settings: PaperworkSettings,
): StudentRisk[] | undefined {
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
  const [risks, setRisks] = useState<StudentRisk[]>();
  // Computed in chunks so a county's list never freezes the page; a newer input discards an older run.
  useEffect(() => {
    let stale = false;
    void computeRiskInChunks(
      students.map((d) => d.toJSON() as Student),
      events.map((e) => e.toJSON() as BaoxueEvent),
      paperworkConsequences(checks, Date.now()).atRisk,
      todayString(),
      Date.now(),
      {
        calendar: contextFrom(settings).calendar,
        ladder: applyLadder(settings.ladder),
        termStart: settings.termStart,
      },
    ).then((r) => {
      if (stale) return;
      setRisks(r);
      void syncLadderTasks(db, r);
    });
    return () => {
      stale = true;
    };
  }, [db, students, events, checks, settings]);
  return risks;
}
