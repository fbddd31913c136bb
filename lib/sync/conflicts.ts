/**
 * Two devices changed the same document while apart: what to keep. RxDB's default keeps the server's copy
 * and silently drops the local edit; Baoxue never does.
 *
 * - Events are append-only (a correction is a new event), so two devices never write the same one; if the
 *   copies differ anyway, the server's stands and the local copy is kept as a conflict to look at.
 * - Captured records (students, cases, changes) are readings of the 学籍系统. Field by field: a field only
 *   one side changed takes that side's value; a field both changed takes the later reading's value (the
 *   host system is the truth, the later reading the more current), and the other value is kept as a
 *   conflict with who and when, for a person to look at and, if need be, restore.
 */
import { deepEqual, type RxConflictHandler, type WithDeleted } from 'rxdb';
import { z } from '../zod';

export const SyncConflict = z.object({
  collection: z.string(),
  docId: z.string(),
  field: z.string(),
  /** The value that was not kept, and where it came from. */
  kept: z.unknown(),
  dropped: z.unknown(),
  keptFrom: z.enum(['local', 'server']),
  /** Who wrote the value not kept (an event's author, or the host a record was read from) and when. */
  droppedBy: z.string(),
  droppedAt: z.number(),
  at: z.number(),
});
export type SyncConflict = z.infer<typeof SyncConflict>;

type Doc = Record<string, unknown> & { _deleted: boolean };

/** When a version was read or written, and by whom: the later one wins a field both changed. */
function stamp(d: Doc): { at: number; by: string } {
  const source = d.source as { host?: string; seenAt?: number } | undefined;
  const at = Number(source?.seenAt ?? d.updatedAt ?? d.recordedAt ?? d.at ?? 0);
  return { at, by: String(d.author ?? source?.host ?? '') };
}

const META = new Set(['_rev', '_meta', '_attachments']);

export function mergeVersions(
  collection: string,
  input: { assumedMasterState?: Doc; realMasterState: Doc; newDocumentState: Doc },
  now: number,
): { doc: Doc; conflicts: SyncConflict[] } {
  const local = input.newDocumentState;
  const server = input.realMasterState;
  const base = input.assumedMasterState;
  const docId = String(local.id ?? server.id ?? '');
  const conflicts: SyncConflict[] = [];
  const clash = (field: string, keptFrom: 'local' | 'server') => {
    const dropped = keptFrom === 'local' ? server : local;
    const s = stamp(dropped);
    conflicts.push({
      collection,
      docId,
      field,
      kept: (keptFrom === 'local' ? local : server)[field],
      dropped: dropped[field],
      keptFrom,
      droppedBy: s.by,
      droppedAt: s.at,
      at: now,
    });
  };
  if (collection === 'events') {
    for (const field of new Set([...Object.keys(local), ...Object.keys(server)]))
      if (!META.has(field) && !deepEqual(local[field], server[field])) clash(field, 'server');
    return { doc: server, conflicts };
  }
  const laterIsLocal = stamp(local).at >= stamp(server).at;
  const doc: Doc = { ...server };
  for (const field of new Set([...Object.keys(local), ...Object.keys(server)])) {
    if (META.has(field) || deepEqual(local[field], server[field])) continue;
    const localChanged = !base || !deepEqual(local[field], base[field]);
    const serverChanged = !base || !deepEqual(server[field], base[field]);
    if (localChanged && !serverChanged) doc[field] = local[field];
    else if (localChanged && serverChanged) {
      doc[field] = laterIsLocal ? local[field] : server[field];
      // Bookkeeping fields follow the winner silently: they are not what a person would resolve.
      if (field !== 'updatedAt' && field !== 'source') clash(field, laterIsLocal ? 'local' : 'server');
    }
  }
  return { doc, conflicts };
}

/** RxDB's conflict handler for a synced collection; `report` hears every value not kept. */
export function conflictHandlerFor<T>(
  collection: string,
  report: (conflicts: SyncConflict[]) => void,
): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => deepEqual(strip(a as Doc), strip(b as Doc)),
    resolve: async (i) => {
      const { doc, conflicts } = mergeVersions(collection, i as never, Date.now());
      if (conflicts.length) report(conflicts);
      return doc as WithDeleted<T>;
    },
  };
}

function strip(d: Doc): Doc {
  const { _rev, _meta, _attachments, ...rest } = d;
  return rest as Doc;
}
