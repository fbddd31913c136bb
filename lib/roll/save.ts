/**
 * Stores one capture: records that did not change are not written again (reading a page twice adds
 * nothing); those that did are upserted in one bulk write per collection, with a change event each.
 * Identifier flags are recomputed here, on the store side, rather than trusted from the message.
 */

import type { BaoxueDatabase } from '../db/types';
import { currentChecks } from '../derive/paperwork';
import { identifierProblems } from '../identifiers';
import type { KnownResult, RecordResult, SaveResult } from '../messaging';
import type { ChangeEvent, Provenance, StatusChangeCase, Student } from '../records';
import { CodedError, say } from '../say';
import { type Diff, diffCase, diffStudent, LISTS_MAY_LACK } from './diff';

const ID_FLAGS = /^(id-|xjh-)/;

/**
 * What a read shows of a record: its defined fields, and of the fields lists leave out (LISTS_MAY_LACK: the
 * 2.0 list has no 身份证件类型) only a value, never an empty cell over a stored one. A list without the
 * column reads it as empty; taken as shown, every visit to it cleared what the 1.0 list had stored and
 * said 新变动 (“1 → ”), and the next 1.0 visit silently put it back.
 */
function shownOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(
      ([k, v]) => v !== undefined && !(LISTS_MAY_LACK.has(k) && String(v).trim() === ''),
    ),
  ) as Partial<T>;
}

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
  for (const [id, incoming] of byId) {
    const before = existing.get(id)?.toMutableJSON() as T | undefined;
    // A source that does not show a field (a list without 联系电话) leaves what another source saw.
    const record = before ? ({ ...before, ...shownOnly(incoming) } as T) : incoming;
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
      throw new CodedError(
        say('err_records_not_saved', result.error.length, String(result.error[0]?.status)),
      );
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

/** What badges show: the flags the store holds, and for cases their paperwork as of today. Reads only. */
export async function knownFlags(db: BaoxueDatabase, ids: string[]): Promise<KnownResult> {
  const students = await db.students.findByIds(ids).exec();
  const wanted = new Set(ids);
  const flags: Record<string, string[]> = {};
  const paperwork: KnownResult['paperwork'] = {};
  for (const [id, doc] of students) flags[id] = [...doc.flags];
  const anyCase = (await db.cases.findByIds(ids).exec()).size > 0;
  // The derive engine's checklists (recomputed only for what changed), not every case's per batch.
  const checks = anyCase ? await currentChecks(db) : [];
  for (const { c, list } of checks) {
    if (!wanted.has(c.id)) continue;
    flags[c.id] = [...new Set([...c.flags, ...list.flags])].sort();
    paperwork[c.id] = {
      missing: list.missing.map((d) => d.name),
      known: list.ruleType !== undefined,
      closed: list.stage === 'closed',
    };
  }
  return { flags, paperwork };
}

/** One stored record and its latest change events, for the overlay's panel. */
export async function recordWithChanges(
  db: BaoxueDatabase,
  id: string,
  family: 'students' | 'cases',
): Promise<RecordResult> {
  const doc = await db[family].findOne(id).exec();
  const changes = await db.changes
    .find({ selector: { recordId: id }, sort: [{ at: 'desc' }], limit: 5 })
    .exec();
  return {
    record: doc ? (doc.toJSON() as Student | StatusChangeCase) : null,
    changes: changes.map((c) => c.toJSON() as ChangeEvent),
  };
}

/**
 * A whole, unfiltered roll was read from one host: students of that host who were on the roll and are
 * not on it any more have left (转出, 毕业 …). They are kept, marked off the roll, with a change event.
 */
export async function markRoll(
  db: BaoxueDatabase,
  host: string,
  ids: string[],
  seenAt: number,
): Promise<{ gone: number }> {
  const seen = new Set(ids);
  const onRoll = await db.students.find({ selector: { onRoll: true } }).exec();
  const gone = onRoll
    .filter((d) => d.source.host === host && !seen.has(d.id))
    .map((d) => d.toMutableJSON() as Student);
  if (!gone.length) return { gone: 0 };
  const source = { host, pageKind: 'student-list', seenAt };
  await db.students.bulkUpsert(gone.map((s) => ({ ...s, onRoll: false, source, updatedAt: seenAt })));
  await db.changes.bulkUpsert(
    gone.map((s) => ({
      id: `student-gone:${s.id}:${seenAt}`,
      kind: 'student-gone' as const,
      recordId: s.id,
      summary: [s.name, s.className, s.xjh].filter(Boolean).join(' · '),
      at: seenAt,
      source,
    })),
  );
  return { gone: gone.length };
}
