import { useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { DAY_REPORT_TYPE, type DayReport, dayReportFromEvent } from '@/lib/enrolment/dayReport';
import { contextFrom } from '@/lib/paperwork/context';
import { parseEvents } from '@/lib/records';
import { parseSettings } from '@/lib/settings/settings';
import { settings$ } from '@/lib/settings/store';

/** The classes' reports of one day (as the events say, synced from colleagues), live. */
export function useDayReports(db: BaoxueDatabase, date: string): DayReport[] {
  const docs = useRx(
    () =>
      db.events.find({ selector: { kind: 'riskNote', 'data.type': DAY_REPORT_TYPE, 'data.date': date } }).$,
    [db, date],
    [],
  );
  return useMemo(
    () =>
      parseEvents(docs.map((d) => d.toJSON()))
        .map(dayReportFromEvent)
        .filter((r) => r !== null),
    [docs],
  );
}

const DEFAULTS = parseSettings(undefined);

/** The school's calendar: the shipped holidays and 调休 days plus its own (设置 → 节假日). */
export function useSchoolCalendar(db: BaoxueDatabase) {
  const settings = useRx(() => settings$(db), [db], DEFAULTS);
  return useMemo(() => contextFrom(settings).calendar, [settings]);
}
