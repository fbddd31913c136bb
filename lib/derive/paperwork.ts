/** The cases' checklists as the store has them today (read side of the derive engine). */
import type { BaoxueDatabase } from '../db/types';
import { type CaseCheck, checkAll } from '../paperwork/checks';
import type { BaoxueEvent, StatusChangeCase, Student } from '../records';
import { readSettings } from '../settings/store';
import { todayString } from '../time/day';

/** The students some cases are about (only those: a county's roll can be 50,000). */
export async function studentsOf(db: BaoxueDatabase, cases: StatusChangeCase[]): Promise<Student[]> {
  const ids = [...new Set(cases.map((c) => c.xjh).filter(Boolean))];
  if (!ids.length) return [];
  return [...(await db.students.findByIds(ids).exec()).values()].map((d) => d.toJSON() as Student);
}

export async function loadChecks(db: BaoxueDatabase, today = todayString()): Promise<CaseCheck[]> {
  const [cases, events, settings] = await Promise.all([
    db.cases.find().exec(),
    db.events.find({ selector: { kind: 'documentReceived' } }).exec(),
    readSettings(db),
  ]);
  const plain = cases.map((d) => d.toJSON() as StatusChangeCase);
  return checkAll(
    plain,
    events.map((e) => e.toJSON() as BaoxueEvent),
    settings,
    today,
    await studentsOf(db, plain),
  );
}
