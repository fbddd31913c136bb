/**
 * The task reconcilers: stored 待办 kept in step with what the rules compute (ladder and follow-up tasks
 * from the risk engine, paperwork tasks from the checklists). Only the derive engine calls them.
 */
import { queryPlain, upsertInChunks } from '../db/bulk';
import type { BaoxueDatabase } from '../db/types';
import type { CaseCheck } from '../paperwork/checks';
import { paperworkConsequences } from '../paperwork/consequences';
import type { Task } from '../records';
import type { StudentRisk } from '../risk/engine';

/** Up to this many students, one indexed query each; beyond, one read of the whole kind costs less. */
export const PER_STUDENT_LIMIT = 40;

/** The query for a student's ladder and follow-up tasks (by the studentId index), or every student's. */
export function ladderTasksOf(studentId?: string) {
  const ladder = { $regex: '^(ladder|followup)-' };
  return { selector: studentId ? { studentId, kind: ladder } : { kind: ladder } };
}

/**
 * Keeps stored ladder tasks in step with the computed ones: new or changed tasks are written; an open
 * task of a streak that has ended (the child is back) is closed as such. With `scope`, only those
 * students' risks were computed, and only their tasks are touched.
 */
export async function syncLadderTasks(
  db: BaoxueDatabase,
  risks: StudentRisk[],
  now = Date.now(),
  scope?: Set<string>,
): Promise<void> {
  const computed = new Map(risks.flatMap((r) => r.tasks).map((t) => [t.id, t]));
  const stored = !scope
    ? await queryPlain(db.tasks, ladderTasksOf())
    : scope.size <= PER_STUDENT_LIMIT
      ? (await Promise.all([...scope].map((sid) => queryPlain(db.tasks, ladderTasksOf(sid))))).flat()
      : (await queryPlain(db.tasks, ladderTasksOf())).filter((t) => scope.has(t.studentId ?? ''));
  const storedById = new Map(stored.map((d) => [d.id, d]));
  const writes: Task[] = [];
  for (const t of computed.values()) {
    const s = storedById.get(t.id);
    if (!s) writes.push(t);
    // A title stored as words by an older version is rewritten as its code, so it reads in the UI's language.
    else if (
      s.state !== t.state ||
      s.due !== t.due ||
      s.closedBy !== t.closedBy ||
      JSON.stringify(s.title) !== JSON.stringify(t.title)
    )
      writes.push({ ...t, createdAt: s.createdAt, updatedAt: now });
  }
  // An open ladder task of a run that has ended (the child is back) is done as such; an open follow-up no
  // longer asked for (the case closed, the 重点生 designation ended, a new semester) is cancelled.
  for (const s of storedById.values())
    if (!computed.has(s.id) && (s.state === 'open' || s.state === 'escalated'))
      writes.push(
        s.kind.startsWith('followup-')
          ? { ...s, state: 'cancelled', updatedAt: now }
          : { ...s, state: 'done', closedBy: 'returned', updatedAt: now },
      );
  await upsertInChunks(db.tasks, writes);
}

/**
 * Brings the paperwork tasks in line with the checklists: a new consequence opens a task (once), one that
 * no longer holds (documents arrived, 复学 filed) closes its open task.
 */
export async function syncPaperworkTasks(
  db: BaoxueDatabase,
  checks: CaseCheck[],
  now = Date.now(),
): Promise<void> {
  const { tasks } = paperworkConsequences(checks, now);
  const existing = await db.tasks
    .find({ selector: { kind: { $in: ['urge-transfer', 'suspension-expired'] } } })
    .exec();
  const byId = new Map(existing.map((d) => [d.id, d.toJSON() as Task]));
  const wanted = new Set(tasks.map((t) => t.id));
  const writes: Task[] = tasks.filter((t) => !byId.has(t.id));
  // An open task whose title an older version stored as words takes today's coded title.
  for (const t of tasks) {
    const s = byId.get(t.id);
    if (s && s.state === 'open' && JSON.stringify(s.title) !== JSON.stringify(t.title))
      writes.push({ ...s, title: t.title, updatedAt: now });
  }
  for (const t of byId.values())
    if (t.state === 'open' && !wanted.has(t.id))
      writes.push({ ...t, state: 'done', closedBy: 'paperwork', updatedAt: now });
  if (writes.length) await db.tasks.bulkUpsert(writes);
}
