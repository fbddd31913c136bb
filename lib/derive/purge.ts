/**
 * What the device derived about children it no longer holds (lib/sync/scope.ts removed them: a teacher's
 * classes changed) goes with them: their 待办 and their 风险名单 rows. Derived data is this device's own and
 * never replicated, so removing it tells nobody anything. The next derive pass finds no records of theirs
 * and makes nothing new.
 */
import type { RxCollection } from 'rxdb';
import { queryPlain, removeInChunks } from '../db/bulk';
import type { BaoxueDatabase } from '../db/types';

export async function dropDerivedFor(db: BaoxueDatabase, studentIds: readonly string[]): Promise<void> {
  if (!studentIds.length) return;
  const ids = new Set(studentIds);
  const tasks = (await queryPlain(db.tasks, { selector: {} })).filter((t) => ids.has(t.studentId ?? ''));
  await removeInChunks(
    db.tasks,
    tasks.map((t) => t.id),
  );
  const risks = (await queryPlain(db.risks, { selector: {} })).filter((r) => ids.has(r.id));
  await removeInChunks(
    db.risks,
    risks.map((r) => r.id),
  );
  // The tombstones would still name the child: purged now.
  for (const c of [db.tasks, db.risks] as RxCollection<unknown>[]) await c.storageInstance.cleanup(0);
}
