/**
 * 更换编号密钥 (lib/sync/reid.ts) and the records a teacher's device wrote offline before it: they name their
 * child by the old hash, which the re-id retired. The registrar's device leaves on each retired student's
 * tombstone the child's new server id (`movedTo`, a keyed hash: hash ↔ hash only, never a 学籍号; only a
 * registrar may retire a record, lib/sync/school.ts). The gateway's index (server/scope.ts) keeps these, and
 * judges an event naming a retired hash by the child it moved to — its class, its 帮扶 partner — so the
 * teacher's write is taken instead of held back on the device for good. The next 更换编号密钥 run (which
 * resolves old hashes: lib/sync/sealed.ts `oldHashId`) moves such late events to the new ids.
 */
import { isAlias } from '../lib/sync/sealed';

type Doc = Record<string, unknown>;

/** The tombstone field naming the retired child's new server id. */
export const MOVED_TO = 'movedTo';

/** Keeps `moved` (old server id → new) up to date from one row of the students' changes feed. */
export function noteMoved(
  moved: Map<string, string>,
  row: { id: string; deleted?: boolean; doc?: Doc },
): void {
  const to = row.doc?.[MOVED_TO];
  // Only a registrar's retirement counts (a live record, or a plain id, maps nothing).
  if (row.deleted && row.doc?.retired === true && isAlias(row.id) && isAlias(to) && to !== row.id)
    moved.set(row.id, to);
  else moved.delete(row.id);
}

/**
 * The event as the scope judges it: one naming a retired child (no live student under that id) names the
 * child it moved to (a few re-ids at most are followed). Any other document as it is.
 */
export function followMoved(
  doc: Doc,
  index: { classes: ReadonlyMap<string, string>; moved?: ReadonlyMap<string, string> } | undefined,
): Doc {
  const from = doc.studentId;
  if (typeof from !== 'string' || !index?.moved?.size) return doc;
  let id = from;
  for (let hop = 0; hop < 4 && !index.classes.has(id); hop++) {
    const next = index.moved.get(id);
    if (!next) break;
    id = next;
  }
  return id === from ? doc : { ...doc, studentId: id };
}
