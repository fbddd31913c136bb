/**
 * Stores one capture: records that did not change are not written again (reading a page twice adds
 * nothing); those that did are upserted in one bulk write per collection, with a change event each.
 * Identifier flags are recomputed here, on the store side, rather than trusted from the message.
 */
import type { BaoxueDatabase } from '../db/database';
import { identifierProblems } from '../identifiers';
import type { SaveResult } from '../messaging';
import type { ChangeEvent, Provenance, StatusChangeCase, Student } from '../records';
import { type Diff, diffCase, diffStudent } from './diff';

const ID_FLAGS = /^(id-|xjh-)/;

function withIdentifierFlags(s: Student): Student {
  const flags = new Set(s.flags.filter((f) => !ID_FLAGS.test(f)));
  for (const p of identifierProblems(s)) flags.add(p);
  return { ...s, flags: [...flags].sort() };
}

async function saveFamily<T extends Student | StatusChangeCase>(
  collection: BaoxueDatabase['students'] | BaoxueDatabase['cases'],
  incoming: T[],
  diff: (before: T | undefined, after: T) => Diff,
  source: Provenance,
  events: ChangeEvent[],
): Promise<{ saved: number; unchanged: number }> {
  if (incoming.length === 0) return { saved: 0, unchanged: 0 };
  // Last one wins within a capture, so a duplicated row cannot double-count.
  const byId = new Map(incoming.map((r) => [r.id, r]));
  const existing = await collection.findByIds([...byId.keys()]).exec();
  const writes: T[] = [];
  for (const [id, record] of byId) {
    const before = existing.get(id)?.toMutableJSON() as T | undefined;
    const d = diff(before, record);
    if (!d.changed) continue;
    writes.push(record);
    if (d.event)
      events.push({
        id: `${d.event.kind}:${id}:${source.seenAt}`,
        ...d.event,
        recordId: id,
        at: source.seenAt,
        source,
      });
  }
  if (writes.length) {
    const result = await (collection as BaoxueDatabase['students']).bulkUpsert(writes as Student[]);
    if (result.error.length)
      throw new Error(`保存失败 ${result.error.length} 条 (${result.error[0]?.status})`);
  }
  return { saved: writes.length, unchanged: byId.size - writes.length };
}

export async function saveCapture(
  db: BaoxueDatabase,
  capture: { source: Provenance; students: Student[]; cases: StatusChangeCase[] },
): Promise<SaveResult> {
  const events: ChangeEvent[] = [];
  const s = await saveFamily(
    db.students,
    capture.students.map(withIdentifierFlags),
    diffStudent,
    capture.source,
    events,
  );
  const c = await saveFamily(db.cases, capture.cases, diffCase, capture.source, events);
  if (events.length) await db.changes.bulkUpsert(events);
  return { saved: s.saved + c.saved, unchanged: s.unchanged + c.unchanged, changes: events.length };
}

/** The flags the store holds for these records (badges show them). */
export async function knownFlags(db: BaoxueDatabase, ids: string[]): Promise<Record<string, string[]>> {
  const found = await db.students.findByIds(ids).exec();
  const cases = await db.cases.findByIds(ids).exec();
  const out: Record<string, string[]> = {};
  for (const [id, doc] of [...found, ...cases]) out[id] = [...doc.flags];
  return out;
}
