/** Every case's checklist at once: pure, from the cases, their receipts, the settings and the students. */
import type { BaoxueEvent, StatusChangeCase, Student } from '../records';
import type { Settings } from '../settings/settings';
import { type Checklist, checkCase, latestReceipts } from './checklist';
import { contextFrom } from './context';

export interface CaseCheck {
  c: StatusChangeCase;
  list: Checklist;
}

/**
 * Every case's checklist (a case's rules may look at the student's other cases, and at the student's
 * record: the roll's grade, the 学籍卡's 休学 term and 处分).
 */
export function checkAll(
  cases: StatusChangeCase[],
  events: BaoxueEvent[],
  settings: Settings,
  today: string,
  students: Student[] = [],
): CaseCheck[] {
  const ctx = contextFrom(settings);
  const receiptEvents = events.filter((e) => e.kind === 'documentReceived');
  const byId = new Map(students.map((s) => [s.id, s]));
  return cases.map((c) => ({
    c,
    list: checkCase(c, {
      ...ctx,
      today,
      receipts: latestReceipts(receiptEvents, c.id),
      allCases: cases,
      students: byId,
    }),
  }));
}
