/**
 * Lost permissions (issue 16, item 1), on the device: the gateway tells a member what they may read
 * (`GET /_baoxue/scope/<school>`, server/scope.ts), and at each sync the device removes what left that
 * scope — a teacher moved to another class keeps nothing of the old one. The removal is this device's
 * alone: the records are dropped from the local store (tombstones purged at once, so nothing readable is
 * left in IndexedDB) and never sent as deletions (couchdb.ts's push skips a removal this user may not
 * write); the server keeps them for everyone else. What was derived from them (tasks, 风险名单 rows) goes
 * too (lib/derive/purge.ts). Modelled on Aam Digital's replication-backend, where the server reports lost
 * permissions and the client purges locally.
 *
 * The same rules as the gateway's, on plain records: a student is kept when their class is one of the
 * member's or they are one of the member's 帮扶 children (named by the server's id, which is the local id on
 * a teacher's device, or the keyed hash of it); a case when its class is, or — while the member has 帮扶
 * children — when the server still answers it to them (a case names its child to the gateway only: the
 * device's copy holds no clear reference); a case's 材料 tick goes with its case; an event goes with its child (one about a child this device does not hold —
 * written here before the child arrived, or about no child — is the device's own: kept, the server judges
 * it), and a class's day report with its class; an access event (who opened or exported what) is its
 * author's alone, a colleague's goes; the 学籍 change log never for a teacher.
 */
import type { RxCollection } from 'rxdb';
import { changedSince, queryPlain } from '../db/bulk';
import { readSetting, writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import { dropDerivedFor } from '../derive/purge';
import { z } from '../zod';
import type { SyncAccount } from './account';
import { schoolCode } from './school';

export const DeviceScope = z.union([
  z.object({ school: z.string(), all: z.literal(true) }),
  z.object({
    school: z.string(),
    all: z.literal(false),
    classes: z.array(z.string().max(64)).max(64),
    children: z.array(z.string().max(128)).max(10_000),
  }),
]);
export type DeviceScope = z.infer<typeof DeviceScope>;

/**
 * The member's scope as the server applies it now (`fetcher`: one that signs in as the member, as the
 * replication's does); undefined when the server does not say (a server from
 * before scopes, or one not answering): then nothing is removed (the server filters what it sends anyway).
 */
export async function fetchScope(a: SyncAccount, fetcher: typeof fetch): Promise<DeviceScope | undefined> {
  try {
    const r = await fetcher(`${a.url}_baoxue/scope/${encodeURIComponent(schoolCode(a.school))}`, {
      headers: { accept: 'application/json' },
    });
    if (!r.ok) return undefined;
    const parsed = DeviceScope.safeParse(await r.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A short fingerprint of a limited scope ('' for the whole school): part of the replication's identity, so a
 * scope that grew pulls again from the start (records skipped by the server's filter before arrive).
 */
export function scopeKey(scope: DeviceScope | undefined): string {
  if (!scope || scope.all) return '';
  const text = JSON.stringify([[...scope.classes].sort(), [...scope.children].sort()]);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `scope-${h.toString(36)}`;
}

const SCOPE_ID = 'sync-scope';
const SeenScope = z.object({ key: z.string().max(64), generation: z.number().int().min(0) });

/**
 * The replication's identity suffix for this device: '' until the member's scope first changes, then a new
 * one at every change (kept as a device-local setting). A fresh identity pulls from the start, so a scope
 * that grew — or came back to one held before, whose records this device since removed — receives what
 * the server's filter skipped or this device dropped; RxDB's stored checkpoint would pass them by.
 */
export async function replicationSuffix(
  db: BaoxueDatabase,
  scope: DeviceScope | undefined,
): Promise<{
  suffix: string /** The one before, when it changed now: its replication is to be forgotten. */;
  previous?: string;
}> {
  const named = (generation: number) => (generation ? `scope-${generation}` : '');
  const seen = (await readSetting(db, SCOPE_ID, SeenScope)) ?? { key: '', generation: 0 };
  if (!scope) return { suffix: named(seen.generation) };
  const key = scopeKey(scope);
  if (seen.key === key) return { suffix: named(seen.generation) };
  const generation = seen.generation + 1;
  await writeSetting(db, SCOPE_ID, { key, generation });
  return { suffix: named(generation), previous: named(seen.generation) };
}

export interface Purged {
  students: string[];
  cases: string[];
  events: string[];
  changes: string[];
}

type Plain = {
  id: string;
  name?: string;
  className?: string;
  studentId?: string;
  kind?: string;
  author?: string;
  caseId?: string;
  data?: Record<string, unknown>;
};

/**
 * The events naming no child that a teacher's device holds, and whose they are — server/scope.ts
 * `NO_CHILD_EVENTS`, mirrored (scope.test.ts compares the two): a class's day report (`class`, its class in
 * `data.className`) and a ledger's access event (`own`, its author's alone). Access events about a child are
 * their author's too: a teacher never reads a colleague's.
 */
export const DEVICE_NO_CHILD_EVENTS: readonly {
  kind: string;
  type?: string;
  whose: 'class' | 'own' | 'case';
}[] = [
  { kind: 'riskNote', type: 'class-day-report', whose: 'class' },
  { kind: 'access', whose: 'own' },
  { kind: 'documentReceived', whose: 'case' },
];

/**
 * An event this member would no longer be given, judged by what it carries itself (its child is judged
 * apart): a colleague's access event, or a day report of a class no longer theirs (whatever child it
 * names). `self`: the account name (undefined: not known, then access events are not judged by author).
 */
function eventLeft(
  e: Plain,
  classes: ReadonlySet<string>,
  self: string | undefined,
  casesGone: ReadonlySet<string>,
): boolean {
  if (e.kind === 'access' && self !== undefined && e.author !== self) return true;
  const rule = DEVICE_NO_CHILD_EVENTS.find(
    (r) => r.kind === e.kind && (r.type === undefined || e.data?.type === r.type),
  );
  // A class's own report (考勤已报) is its class's even when it also names a child (server/scope.ts `inScope`,
  // review 16 finding 5): a child of one's class, or a 帮扶 child, does not keep another class's report.
  if (rule?.whose === 'class') {
    const cls = e.data?.className;
    return !(typeof cls === 'string' && classes.has(cls));
  }
  if (e.studentId) return false;
  if (rule?.whose === 'case') return typeof e.caseId === 'string' && casesGone.has(e.caseId);
  return false;
}

/**
 * Which local records are outside `scope`. `hash`: the server's id for a local id (the keyed hash), to
 * recognise a 帮扶 child held under their 学籍号 (a device that was an office member's before).
 */
export async function outOfScope(
  local: { students: Plain[]; cases: Plain[]; events: Plain[]; changes: Plain[] },
  scope: DeviceScope,
  hash: (id: string) => Promise<string>,
  /** The member's account name (an access event is its author's alone). */
  self?: string,
): Promise<Purged> {
  if (scope.all) return { students: [], cases: [], events: [], changes: [] };
  const classes = new Set(scope.classes);
  const children = new Set(scope.children);
  const students: string[] = [];
  for (const s of local.students) {
    const mine =
      (s.className !== undefined && classes.has(s.className)) ||
      children.has(s.id) ||
      (children.size > 0 && children.has(await hash(s.id)));
    if (!mine) students.push(s.id);
  }
  const gone = new Set(students);
  // A case of another class may be a 帮扶 child's: with any such child, that is the server's to say
  // (purgeOutOfScope asks it); with none, it goes.
  const cases = local.cases
    .filter((c) => !(c.className !== undefined && classes.has(c.className)) && children.size === 0)
    .map((c) => c.id);
  const casesGone = new Set(cases);
  return {
    students,
    cases,
    events: local.events
      .filter((e) => (e.studentId && gone.has(e.studentId)) || eventLeft(e, classes, self, casesGone))
      .map((e) => e.id),
    changes: local.changes.map((c) => c.id),
  };
}

/**
 * The removals the last purge of each database made (`collection/id`), in this page or worker: the push skips
 * them silently (never a deletion sent, nothing held back). Their tombstones are purged at once, so most never
 * reach the push; each purge starts a new list, so a record that came back and is then deleted by its user is
 * judged as any other deletion.
 */
const purgedBy = new WeakMap<BaoxueDatabase, Set<string>>();
export const isPurged = (db: BaoxueDatabase, collection: string, id: string) =>
  purgedBy.get(db)?.has(`${collection}/${id}`) ?? false;

/**
 * What this device wrote that the server has not taken yet: written since the last sync that got through
 * (`since`, the status's lastSyncedAt), or held back by it (`held`). The purge never removes these — an
 * absence or a 家访 recorded offline before a class change is the teacher's work, and it is sent first.
 */
export async function unacknowledged(
  db: BaoxueDatabase,
  since: number,
  held: readonly { collection: string; id: string }[] = [],
): Promise<Set<string>> {
  const keep = new Set(held.map((h) => `${h.collection}/${h.id}`));
  for (const c of ['students', 'cases', 'events', 'changes'] as const)
    for (const d of (await changedSince(db[c] as RxCollection<unknown>, { id: '', lwt: since }))
      .docs as Plain[])
      keep.add(`${c}/${d.id}`);
  return keep;
}

/** An unsent event of this device's own about a child the purge removed: it waits, held back. */
export interface Stranded {
  id: string;
  name: string;
  className: string;
}

/**
 * Removes from this device (and from its store's tombstones) what is outside `scope`, except what `keep`
 * names (`collection/id`: records the server has not acknowledged, see `unacknowledged`).
 */
export async function purgeOutOfScope(
  db: BaoxueDatabase,
  scope: DeviceScope,
  hash: (id: string) => Promise<string>,
  keep: ReadonlySet<string> = new Set(),
  /**
   * Of these local ids, those the server still answers for this member (`_all_docs` by keys: the gateway
   * answers a deleted record, or one now outside the member's classes, as missing); undefined when it does
   * not say (then nothing more is removed). A child deleted or moved to another class never reaches a
   * teacher's feed, so this is how the device learns of it.
   */
  onServer?: (collection: 'students' | 'cases' | 'events', ids: string[]) => Promise<Set<string> | undefined>,
  /** The member's account name (server/scope.ts `self`): a colleague's access event goes. */
  self?: string,
): Promise<Purged & { stranded: Stranded[] }> {
  const purged = new Set<string>();
  purgedBy.set(db, purged);
  if (scope.all) return { students: [], cases: [], events: [], changes: [], stranded: [] };
  const all = <T>(c: RxCollection<T>) => queryPlain(c, { selector: {} }) as Promise<Plain[]>;
  const local = {
    students: await all(db.students),
    cases: await all(db.cases),
    events: await all(db.events),
    changes: await all(db.changes),
  };
  const found = await outOfScope(local, scope, hash, self);
  if (onServer) {
    // What the server no longer has for this member (its own rules: deleted, or out of their classes).
    const missing = async (c: 'students' | 'cases' | 'events') => {
      const judged = new Set(found[c]);
      const ask = local[c].map((d) => d.id).filter((id) => !judged.has(id) && !keep.has(`${c}/${id}`));
      const there = ask.length ? await onServer(c, ask) : undefined;
      return there ? ask.filter((id) => !there.has(id)) : [];
    };
    const students = await missing('students');
    found.students.push(...students);
    const left = new Set(students);
    const cases = await missing('cases');
    found.cases.push(...cases);
    const casesLeft = new Set(found.cases);
    const events = new Set([...found.events, ...(await missing('events'))]);
    // An event goes with its child (as in outOfScope), a case's tick with its case.
    for (const e of local.events)
      if ((e.studentId && left.has(e.studentId)) || (e.caseId && casesLeft.has(e.caseId))) events.add(e.id);
    found.events = [...events];
  }
  const mayGo = (c: keyof Purged) => found[c].filter((id) => !keep.has(`${c}/${id}`));
  const gone: Purged = {
    students: mayGo('students'),
    cases: mayGo('cases'),
    events: mayGo('events'),
    changes: mayGo('changes'),
  };
  for (const c of ['students', 'cases', 'events', 'changes'] as const) {
    if (!gone[c].length) continue;
    for (const id of gone[c]) purged.add(`${c}/${id}`);
    const collection = db[c] as RxCollection<unknown>;
    for (let i = 0; i < gone[c].length; i += 500) await collection.bulkRemove(gone[c].slice(i, i + 500));
    // The tombstones hold the record's fields: purged from the storage now, not at some later clean-up.
    await collection.storageInstance.cleanup(0);
  }
  await dropDerivedFor(db, gone.students);
  // This device's own unsent records about a child who just left (a 家访 written offline before the class
  // changed): kept, and the server will refuse them. Named here with the child's name and class, which leave
  // the device with the child, so the teacher sees what waits and can discard it or keep it.
  const left = new Map(local.students.filter((s) => gone.students.includes(s.id)).map((s) => [s.id, s]));
  const stranded = local.events.flatMap((e) => {
    const child = e.studentId ? left.get(e.studentId) : undefined;
    if (!child || !keep.has(`events/${e.id}`)) return [];
    return [{ id: e.id, name: child.name ?? '', className: child.className ?? '' }];
  });
  return { ...gone, stranded };
}
