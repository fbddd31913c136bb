import { useEffect, useMemo, useState } from 'preact/hooks';
import { usePaperwork } from '@/components/dashboard/usePaperwork';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { riskOptions } from '@/lib/derive/refresh';
import { gradeSystemOf } from '@/lib/grades';
import {
  type BaoxueEvent,
  type ChangeEvent,
  parseEvents,
  type StatusChangeCase,
  type Student,
} from '@/lib/records';
import type { ReportInput, ReportOptions } from '@/lib/reports/monthly';
import { overdueTransfers } from '@/lib/reports/suspected';
import { parseSettings, type Settings } from '@/lib/settings/settings';
import { readSettings } from '@/lib/settings/store';

const DEFAULT_SETTINGS = parseSettings(undefined);

/**
 * What the ledgers and the monthly report are computed from: the roll, the 劝返/重点生/家访/考勤 records, and for
 * the roll at 学年初 the 学籍异动 cases and the "student-gone" change events (when a child left the roll);
 * the school's 学制, 学年初 and 劝返复学率 base from its settings; the 转出 overdue today (the cases' checklists,
 * as the 风险名单 reads them), which are 疑似辍学 (lib/reports/suspected.ts).
 */
export function useReportData(db: BaoxueDatabase): ReportInput & {
  students: Student[];
  events: BaoxueEvent[];
  options: ReportOptions;
} {
  const students = useRx(() => db.students.find().$, [db], []);
  const events = useRx(
    () =>
      db.events.find({
        selector: { kind: { $in: ['persuasionAttempt', 'riskNote', 'homeVisit', 'absence'] } },
      }).$,
    [db],
    [],
  );
  const cases = useRx(() => db.cases.find().$, [db], []);
  const gone = useRx(() => db.changes.find({ selector: { kind: 'student-gone' } }).$, [db], []);
  const [settings, setSettings] = useState<Settings>();
  const [base, setOptions] = useState<ReportOptions>({});
  useEffect(() => {
    void readSettings(db).then((s) => {
      setSettings(s);
      setOptions({
        gradeSystem: gradeSystemOf(s),
        schoolYearStart: s.schoolYearStart,
        returnRateBase: s.returnRateBase,
        schoolName: s.schoolName,
        // The 疑似辍学 threshold and the calendar the 风险名单 counts with (lib/reports/suspected.ts).
        suspected: riskOptions(s),
      });
    });
  }, [db]);
  const { checks } = usePaperwork(db, settings ?? DEFAULT_SETTINGS);
  // Until the school's settings are read, its checklists are not either: no 转出 is counted half-way.
  const transfers = useMemo(() => (settings ? overdueTransfers(checks) : []), [settings, checks]);
  const options = useMemo(
    () => ({ ...base, suspected: { ...base.suspected, transfers } }),
    [base, transfers],
  );
  return {
    students: useMemo(() => students.map((d) => d.toJSON() as Student), [students]),
    events: useMemo(() => parseEvents(events.map((d) => d.toJSON())), [events]),
    cases: useMemo(() => cases.map((d) => d.toJSON() as StatusChangeCase), [cases]),
    changes: useMemo(() => gone.map((d) => d.toJSON() as ChangeEvent), [gone]),
    options,
  };
}
