/** The cases' checklists as the store has them today (read side of the derive engine). */
import { type Checkpoint, changedSince, findPlain, nowCheckpoint, queryPlain } from '../db/bulk';
import type { BaoxueDatabase } from '../db/types';
import { type CaseCheck, checkAll } from '../paperwork/checks';
import { parseEvents, type StatusChangeCase, type Student } from '../records';
import type { Settings } from '../settings/settings';
import { readSettings } from '../settings/store';
import { todayString } from '../time/day';

/** The students some cases are about (only those: a county's roll can be 50,000). */
export async function studentsOf(db: BaoxueDatabase, cases: StatusChangeCase[]): Promise<Student[]> {
  const ids = [...new Set(cases.map((c) => c.xjh).filter(Boolean))];
  if (!ids.length) return [];
  return [...(await db.students.findByIds(ids).exec()).values()].map((d) => d.toJSON() as Student);
}

/** What the last pass saw, per database: the checklists and the change-feed positions they stand at. */
interface PaperworkState {
  day: string;
  /** The settings the checklists were computed under (any change: all recomputed). */
  key: string;
  cases: Checkpoint;
  events: Checkpoint;
  students: Checkpoint;
  checks: Map<string, CaseCheck>;
}
const states = new WeakMap<BaoxueDatabase, PaperworkState>();

// The receipts of some cases, as the rules read them.
const receiptsOf = async (db: BaoxueDatabase, caseIds: string[]) =>
  parseEvents(
    await queryPlain(db.events, { selector: { kind: 'documentReceived', caseId: { $in: caseIds } } }),
  );

/**
 * Every case's checklist as of `today`, kept in memory between passes: the first pass (or a new day, or
 * changed settings) computes them all; after that only the students whose cases, receipts or 学籍 record
 * changed since (the change feed: local writes, captures and replication pulls alike) are recomputed.
 */
export async function currentChecks(
  db: BaoxueDatabase,
  today = todayString(),
  settings?: Settings,
): Promise<CaseCheck[]> {
  const s = settings ?? (await readSettings(db));
  const key = JSON.stringify(s);
  const state = states.get(db);
  if (!state || state.day !== today || state.key !== key) {
    // Positions taken before reading: what is written meanwhile is seen again by the next pass.
    const tips = { cases: nowCheckpoint(), events: nowCheckpoint(), students: nowCheckpoint() };
    const cases = await queryPlain(db.cases, { selector: {} });
    const receipts = parseEvents(await queryPlain(db.events, { selector: { kind: 'documentReceived' } }));
    const checks = checkAll(cases, receipts, s, today, await studentsOf(db, cases));
    states.set(db, { day: today, key, ...tips, checks: new Map(checks.map((x) => [x.c.id, x])) });
    return checks;
  }
  const [cases, events, students] = await Promise.all([
    changedSince(db.cases, state.cases),
    changedSince(db.events, state.events),
    changedSince(db.students, state.students),
  ]);
  const touched = new Set<string>(cases.docs.map((c) => c.xjh));
  for (const e of events.docs) {
    const xjh = e.kind === 'documentReceived' && e.caseId ? state.checks.get(e.caseId)?.c.xjh : undefined;
    if (xjh) touched.add(xjh);
  }
  if (students.docs.length) {
    const subjects = new Set([...state.checks.values()].map((x) => x.c.xjh));
    for (const st of students.docs) if (subjects.has(st.id)) touched.add(st.id);
  }
  touched.delete('');
  if (touched.size) {
    // A case's rules look at that student's other cases and record only: recompute per student.
    const theirs = await queryPlain(db.cases, { selector: { xjh: { $in: [...touched] } } });
    const fresh = checkAll(
      theirs,
      await receiptsOf(
        db,
        theirs.map((c) => c.id),
      ),
      s,
      today,
      await findPlain(db.students, [...touched]),
    );
    for (const [id, x] of state.checks) if (touched.has(x.c.xjh)) state.checks.delete(id);
    for (const x of fresh) state.checks.set(x.c.id, x);
  }
  Object.assign(state, {
    cases: cases.checkpoint,
    events: events.checkpoint,
    students: students.checkpoint,
  });
  return [...state.checks.values()];
}
