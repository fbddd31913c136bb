/**
 * What each member of a school may read (issue 16, item 1): a registrar, a leader and the school's own
 * admin read the school (each role counting only in the school it is held in: an account's place per school,
 * server/auth/accounts.ts); a teacher reads the classes their account carries (班主任 and 科任, set by
 * `server:setup --staff 名:密码:teacher:七年级1班+七年级2班` or the admin's account API) and the children
 * paired with them as 帮扶 partner teacher. Fails closed: a teacher account with no classes yet reads none of
 * the school's children, any other role (or none) reads nothing, and a document whose class the gateway
 * cannot tell is not a teacher's to read.
 *
 * The class of a document, as the server holds it (personal fields sealed, ids hashed; class stays clear):
 * - students, cases: their `className`;
 * - events: the class of the student named by `studentId` (the same keyed hash as that student's document
 *   id), looked up in the school's students database. Events carry no class of their own (a child who moves
 *   class takes their history along), so the gateway keeps one index per school, student id → class, brought
 *   up to date from the students' changes feed before each judgement (one short read when nothing moved);
 * - events naming no child: only the kinds listed in `NO_CHILD_EVENTS` — a class's own report (its class in
 *   `data.className`) and an author's own access event of a ledger export; any other is no teacher's;
 * - changes (the 学籍 change log): its record id is sealed, so never a teacher's.
 *
 * 帮扶 partners: the 重点生 designation (an event, kind `riskNote`, `data.type` `key-student`) names its
 * partner teacher in `data.partner`, which stays clear on the server (a colleague's name, not the child's:
 * lib/sync/personal.ts `CLEAR_EVENT_DATA`). The partner whose account name is exactly that text (Unicode
 * NFC, spaces at the ends ignored) reads that child's student record, the child's events and the child's cases
 * (转出/休学/劝返 paperwork), never the rest of the class. A case names its child by 学籍号 only sealed; a case
 * sealed by a device of this version also names the child in clear by the child's server id (`studentRef`,
 * lib/sync/personal.ts `CASE_CHILD_REF`, a keyed hash only: server/sealedOnly.ts), which the partner is judged
 * by. A case sealed before carries none and stays its class's and the office's. A case's 材料 ticks
 * (`documentReceived`, naming the case only) go with their case. The latest designation event
 * of a child (in the server's changes-feed order, never the device-set `at`) decides: a `key-student-end`
 * after it, or one naming someone else, ends the access. Who may name whom: lib/sync/designation.ts.
 * A name matching no account gives nobody anything; a designation sealed by an older version (partner not
 * clear) gives nobody anything either, and neither does one naming its own author: a teacher's designation of
 * themselves extends nothing beyond their classes, only the office's naming of a teacher does. The same index
 * keeps these, from the events' changes feed.
 *
 * This index is the one place the gateway follows the school's changes feeds for what it judges by: the
 * events' feed also gives each 劝返 case's steps (server/caseSteps.ts), which server/eventRefs.ts reads.
 *
 * Lost permissions: `GET /_baoxue/scope/<school>` answers a member their scope as the gateway applies it
 * (`all`, or their classes and their 帮扶 children's server ids), so a device drops what left it
 * (lib/sync/scope.ts) without any deletion reaching the server.
 */
import type { ServerResponse } from 'node:http';
import { CASE_CHILD_REF } from '../lib/sync/personal';
import { databaseName, memberRole, type SyncedCollection } from '../lib/sync/school';
import { isAlias } from '../lib/sync/sealed';
import { type CaseSteps, noCaseSteps, noteCaseStep } from './caseSteps';
import { placeIn, type UserCtx } from './contracts';
import { followMoved, noteMoved } from './reidMoved';
import { sendError, sendJson, type Upstream } from './upstream';

export type Scope =
  | { all: true }
  | {
      all: false;
      classes: ReadonlySet<string>;
      /** Whose 帮扶 children count (the account name as a designation's partner is compared). */
      name: string;
      /** The account name exactly, as an event's `author` is stamped and checked (lib/sync/school.ts). */
      self: string;
    };

/** The roles that read the whole school they are held in. Every other role reads by class. */
const OFFICE = ['registrar', 'leader', 'admin'];

/**
 * What `user` may read of `school`, from what the account is in THAT school (issue 16): an office role held
 * in another school counts for nothing here, and a teacher reads the classes their place here carries. The
 * server admin reads everything.
 */
export function scopeOf(user: UserCtx, school: string): Scope {
  if (user.roles.includes('_admin')) return { all: true };
  const place = placeIn(user, school);
  const roles = place?.roles ?? [];
  if (roles.some((r) => OFFICE.includes(r))) return { all: true };
  // Only a teacher has classes at all; an account never assigned any reads none.
  const classes = roles.includes('teacher') ? (place?.classes ?? []) : [];
  return { all: false, classes: new Set(classes), name: partnerName(user.name), self: user.name };
}

/** A name as a designation's partner and an account are compared. */
const partnerName = (name: string) => name.normalize('NFC').trim();

type Doc = Record<string, unknown>;

/**
 * What the gateway knows of a school to judge a teacher's reads: student → class, student → 帮扶 partner, and
 * case (by server id) → its class and child, for a case's 材料 ticks (events naming the case only).
 */
export interface SchoolIndex {
  classes: ReadonlyMap<string, string>;
  partners: ReadonlyMap<string, string>;
  cases?: ReadonlyMap<string, CaseNote>;
  /** A retired child's server id → the one it moved to (更换编号密钥: server/reidMoved.ts). */
  moved?: ReadonlyMap<string, string>;
  /** A 劝返 case (`caseId`) → its steps: event id → the child it names (server/caseSteps.ts). */
  caseSteps?: ReadonlyMap<string, ReadonlyMap<string, string>>;
}
/** A case as its ticks are judged: the case's clear class and child reference. */
export interface CaseNote {
  className?: unknown;
  studentRef?: unknown;
}

interface Feed {
  seq: string;
  running?: Promise<void>;
  next?: Promise<void>;
}
interface KeyNote {
  student: string;
  /** Its place in the events' changes feed (the server's order, never the device-set `at`). */
  order: number;
  /** The partner it names, when someone else named them (the office: it pairs them with the child). */
  partner?: string;
  /** The partner it names, when that is its own author (a teacher naming themselves). */
  self?: string;
}
/** A designation's author, as its partner is compared (an event's `author` is the signed-in writer's name). */
const authorOf = (doc: Doc) => (typeof doc.author === 'string' ? partnerName(doc.author) : undefined);
interface Entry {
  students: Feed;
  events: Feed;
  casesFeed: Feed;
  cases: Map<string, CaseNote>;
  classes: Map<string, string>;
  moved: Map<string, string>;
  /** Designation events by id (few: only `key-student` and `key-student-end` notes). */
  keyNotes: Map<string, KeyNote>;
  /** How many designation rows the events feed has given so far (the next one's `order`). */
  noteCount: number;
  partners: Map<string, string>;
  steps: CaseSteps;
}

/**
 * Per school: which class each student (by server id) is in, who their 帮扶 partner is, each case's class and
 * child, and each 劝返 case's steps.
 */
export class ClassIndex {
  private indexes = new Map<string, Entry>();

  constructor(private engine: Upstream) {}

  /** The index of `school`, read up to its students' and events' current positions. */
  async current(school: string): Promise<SchoolIndex> {
    let ix = this.indexes.get(school);
    if (!ix) {
      ix = {
        students: { seq: '0' },
        events: { seq: '0' },
        casesFeed: { seq: '0' },
        cases: new Map(),
        classes: new Map(),
        moved: new Map(),
        keyNotes: new Map(),
        noteCount: 0,
        partners: new Map(),
        steps: noCaseSteps(),
      };
      this.indexes.set(school, ix);
    }
    const entry = ix;
    await Promise.all([
      this.catchUp(entry.students, databaseName(school, 'students'), (row) => {
        const c = row.doc?.className;
        if (!row.deleted && typeof c === 'string') entry.classes.set(row.id, c);
        else entry.classes.delete(row.id);
        noteMoved(entry.moved, row);
        return false;
      }),
      this.catchUp(entry.casesFeed, databaseName(school, 'cases'), (row) => {
        if (!row.deleted && row.doc)
          entry.cases.set(row.id, { className: row.doc.className, studentRef: row.doc[CASE_CHILD_REF] });
        else entry.cases.delete(row.id);
        return false;
      }),
      this.catchUp(entry.events, databaseName(school, 'events'), (row) => {
        noteCaseStep(entry.steps, row);
        const note = row.deleted ? undefined : keyNote(row.doc, entry.noteCount + 1);
        if (note) {
          entry.noteCount = note.order;
          entry.keyNotes.set(row.id, note);
        } else if (entry.keyNotes.has(row.id)) entry.keyNotes.delete(row.id);
        else return false;
        return true;
      }).then((moved) => {
        if (moved) entry.partners = partnersOf(entry.keyNotes);
      }),
    ]);
    return {
      classes: entry.classes,
      partners: entry.partners,
      cases: entry.cases,
      moved: entry.moved,
      caseSteps: entry.steps.cases,
    };
  }

  /**
   * Reads one feed on from where it stood. Readers share catch-ups: one arriving while a catch-up runs joins
   * the next one (queued once, started when the running one ends), so it sees every write made before it
   * asked. Resolves true when `apply` said a row mattered.
   */
  private async catchUp(
    feed: Feed,
    database: string,
    apply: (row: { id: string; deleted?: boolean; doc?: Doc }) => boolean,
  ): Promise<boolean> {
    let moved = false;
    const run = async () => {
      const db = encodeURIComponent(database);
      for (;;) {
        const r = await this.engine.json<{
          results?: { id: string; deleted?: boolean; doc?: Doc }[];
          last_seq?: unknown;
        }>('GET', `/${db}/_changes?include_docs=true&limit=5000&since=${encodeURIComponent(feed.seq)}`);
        if (r.status !== 200 || !Array.isArray(r.json.results))
          throw new Error(`${database} feed: ${r.status}`);
        for (const row of r.json.results) if (apply(row)) moved = true;
        feed.seq = typeof r.json.last_seq === 'string' ? r.json.last_seq : String(r.json.last_seq ?? 0);
        if (r.json.results.length < 5000) return;
      }
    };
    if (!feed.next) {
      const queued = (feed.running ?? Promise.resolve())
        .catch(() => {})
        .then(() => {
          feed.next = undefined;
          const running = run().finally(() => {
            if (feed.running === running) feed.running = undefined;
          });
          feed.running = running;
          return running;
        });
      feed.next = queued;
    }
    await feed.next;
    return moved;
  }
}

/** A 重点生 designation or its end, as the server holds it (undefined: any other document). */
function keyNote(doc: Doc | undefined, order: number): KeyNote | undefined {
  if (!doc) return undefined;
  if (doc.kind !== 'riskNote' || typeof doc.studentId !== 'string' || !doc.studentId) return undefined;
  const data = doc.data as Doc | undefined;
  const type = data?.type;
  if (type !== 'key-student' && type !== 'key-student-end') return undefined;
  const named =
    type === 'key-student' && typeof data?.partner === 'string' ? partnerName(data.partner) : undefined;
  // A teacher's own designation (naming themselves) gives no access beyond their classes (review 16, finding 6):
  // only the office names a partner who reads the child (lib/sync/designation.ts refuses a teacher naming a
  // colleague), so a teacher moved to another class keeps nothing of the old one through a note they wrote
  // about themselves (partnersOf).
  if (named && named === authorOf(doc)) return { student: doc.studentId, order, self: named };
  return { student: doc.studentId, order, ...(named ? { partner: named } : {}) };
}

/**
 * Each child's partner, the designation events taken in the order the server took them (the events' changes
 * feed: a device's `at` is the device's word, and one dated years ahead would never have been ended). One naming
 * someone else pairs that partner with the child; an end pairs nobody; one naming its own author pairs nobody
 * new: it leaves the pairing of that same teacher as it is (the office paired them, they noted the child
 * again) and ends any other (a registrar taking the child on themselves).
 */
function partnersOf(notes: ReadonlyMap<string, KeyNote>): Map<string, string> {
  const out = new Map<string, string>();
  for (const note of [...notes.values()].sort((a, b) => a.order - b.order)) {
    if (note.partner) out.set(note.student, note.partner);
    else if (note.self === undefined || out.get(note.student) !== note.self) out.delete(note.student);
  }
  return out;
}

/**
 * Whether a document may be read (or, for an event, written) by someone of this scope. `index`: the
 * school's index (needed for students, cases and events).
 */
export function inScope(
  scope: Scope,
  collection: SyncedCollection,
  doc: Doc | null | undefined,
  index: SchoolIndex | undefined,
): boolean {
  if (scope.all) return true;
  if (!doc || doc._deleted) return false;
  // An event naming a child the re-id retired is judged by the child it moved to (server/reidMoved.ts).
  if (collection === 'events') doc = followMoved(doc, index);
  // An access event (who opened or exported what) is its author's own, about a child or not: a teacher never
  // reads a colleague's, even about a child of their class (registrars and leaders read them all).
  if (collection === 'events' && doc.kind === 'access' && doc.author !== scope.self) return false;
  // A class's own report (考勤已报) is its class's, whether or not it also names a child (review 16, finding 5:
  // naming a child of one's own class must not file another class's report).
  if (collection === 'events' && classRule(doc) && !classNamedInScope(scope, doc)) return false;
  if (collection === 'events' && !doc.studentId) return noChildInScope(scope, doc, index);
  const cls = classOf(collection, doc, index);
  if (cls !== undefined && scope.classes.has(cls)) return true;
  return isPartnerOf(scope, childOf(collection, doc), index);
}

/** The child (server id) a document is about, as a 帮扶 partner is judged (a case's: its clear `studentRef`). */
function childOf(collection: SyncedCollection, doc: Doc): unknown {
  if (collection === 'students') return doc._id;
  if (collection === 'events') return doc.studentId;
  // Only a keyed hash counts (sealedOnly refuses any other value in a sealed school; an unsealed one has none).
  if (collection === 'cases') return isAlias(doc[CASE_CHILD_REF]) ? doc[CASE_CHILD_REF] : undefined;
  return undefined;
}

const isPartnerOf = (
  scope: Extract<Scope, { all: false }>,
  child: unknown,
  index: SchoolIndex | undefined,
): boolean => typeof child === 'string' && child !== '' && index?.partners.get(child) === scope.name;

/** A case's tick (an event naming the case only) is read by whoever reads its case; an unknown case: nobody. */
function caseInScope(scope: Extract<Scope, { all: false }>, doc: Doc, index: SchoolIndex | undefined) {
  const id = doc.caseId;
  const c = typeof id === 'string' && id ? index?.cases?.get(id) : undefined;
  if (!c) return false;
  if (typeof c.className === 'string' && scope.classes.has(c.className)) return true;
  return isAlias(c.studentRef) && isPartnerOf(scope, c.studentRef, index);
}

/**
 * Events that name no child, and whose a teacher's they are (the same rule reads and writes: the write rules
 * have already made sure the author is the signed-in user). Listed, so fail-closed: any other event without a
 * child (a 材料 received on a case, a page taught, a note of another type) is no teacher's to read or write.
 * - `class`: about a class, carried clear in `data.className` — read and written by the teachers of that class
 *   (a 班主任's 今日考勤已报 `class-day-report`, lib/records.ts `RiskNoteData`);
 * - `own`: about no child's class at all — read and written by their author only (an `access` event of a
 *   ledger export, lib/audit/access.ts: a child's file or notice always names its child, so an access event
 *   without one is a ledger's; its `data.what` is sealed on the server). Leaders and registrars read them all.
 * - `case`: a case's 材料 tick (`documentReceived`, naming its case by `caseId`, the case's server id): read by
 *   whoever reads the case (its class's teachers, its child's 帮扶 partner). Only the office writes them
 *   (lib/sync/school.ts), so this widens no teacher's writes.
 */
export const NO_CHILD_EVENTS: readonly {
  kind: string;
  /** `data.type`, for kinds holding several (a riskNote); absent: any. */
  type?: string;
  whose: 'class' | 'own' | 'case';
}[] = [
  { kind: 'riskNote', type: 'class-day-report', whose: 'class' },
  { kind: 'access', whose: 'own' },
  { kind: 'documentReceived', whose: 'case' },
];

const noChildRule = (doc: Doc) => {
  const data = doc.data as Doc | undefined;
  return NO_CHILD_EVENTS.find((r) => r.kind === doc.kind && (r.type === undefined || data?.type === r.type));
};
/** Whether the event is a class's own report (judged by its `data.className` always). */
const classRule = (doc: Doc) => noChildRule(doc)?.whose === 'class';
function classNamedInScope(scope: Extract<Scope, { all: false }>, doc: Doc): boolean {
  const cls = (doc.data as Doc | undefined)?.className;
  return typeof cls === 'string' && scope.classes.has(cls);
}

function noChildInScope(
  scope: Extract<Scope, { all: false }>,
  doc: Doc,
  index: SchoolIndex | undefined,
): boolean {
  const rule = noChildRule(doc);
  if (!rule) return false;
  if (rule.whose === 'own') return typeof doc.author === 'string' && doc.author === scope.self;
  if (rule.whose === 'case') return caseInScope(scope, doc, index);
  return classNamedInScope(scope, doc);
}

export function classOf(
  collection: SyncedCollection,
  doc: Doc,
  index: SchoolIndex | undefined,
): string | undefined {
  if (collection === 'students' || collection === 'cases')
    return typeof doc.className === 'string' ? doc.className : undefined;
  if (collection === 'events')
    return typeof doc.studentId === 'string' && doc.studentId ? index?.classes.get(doc.studentId) : undefined;
  return undefined;
}

/** What a member may read of a school, as `GET /_baoxue/scope/<school>` tells their device. */
export type ScopeAnswer =
  | { school: string; all: true }
  | { school: string; all: false; classes: string[]; children: string[] };

/**
 * `GET /_baoxue/scope/<school>`: the member's scope as the gateway applies it now. The device compares it
 * with what it holds and drops what left it (lost permissions); nothing here is personal (classes, and the
 * 帮扶 children only as the server's hashed ids).
 */
export async function serveScope(
  res: ServerResponse,
  o: { user: UserCtx; school: string; index: ClassIndex },
): Promise<void> {
  let member: string;
  try {
    member = memberRole(o.school);
  } catch {
    return sendError(res, 404, 'not_found', '没有这所学校 (no such school)');
  }
  const school = member.slice('baoxue-'.length);
  if (!placeIn(o.user, school) && !o.user.roles.includes('_admin'))
    return sendError(res, 403, 'forbidden', '你不是这所学校的成员 (not a member of this school)');
  const scope = scopeOf(o.user, school);
  if (scope.all) return sendJson(res, 200, { school, all: true } satisfies ScopeAnswer);
  const index = await o.index.current(school);
  const children = [...index.partners].filter(([, p]) => p === scope.name).map(([s]) => s);
  return sendJson(res, 200, {
    school,
    all: false,
    classes: [...scope.classes].sort(),
    children: children.sort(),
  } satisfies ScopeAnswer);
}

/** A changes answer as server/changes.ts passes it on. */
export interface FeedAnswer {
  status: number;
  body: string;
  lastSeq: unknown;
  empty: boolean;
}

/**
 * One `_changes` read (feed=normal) with only the rows this scope may read. A pull ends at the first batch
 * shorter than its `limit`, so a batch thinned by the filter must not look like the end while more remains:
 * the engine is read on, from where the last read stopped, until the batch is full or the feed is
 * exhausted, and the answer's `last_seq` is the position scanned to (rows skipped are never asked again).
 */
export async function scopedChanges(
  engine: Upstream,
  o: {
    db: string;
    collection: SyncedCollection;
    scope: Scope;
    params: Record<string, string>;
    students?: () => Promise<SchoolIndex>;
  },
): Promise<FeedAnswer> {
  const { include_docs, limit, since, ...rest } = o.params;
  const want = limit === undefined ? Number.POSITIVE_INFINITY : Math.max(Number(limit), 1);
  const students = o.collection !== 'changes' ? await o.students?.() : undefined;
  const results: Doc[] = [];
  let position: unknown = since ?? '0';
  for (;;) {
    // The engine is read at most 1,000 rows at a time, however large a limit (or none) the device asks for.
    const step = Math.min(want - results.length, 1000);
    const q = new URLSearchParams({
      ...rest,
      feed: 'normal',
      include_docs: 'true',
      since: typeof position === 'string' ? position : String(position),
      limit: String(step),
    });
    const r = await engine.json<{ results?: Doc[]; last_seq?: unknown }>(
      'GET',
      `/${encodeURIComponent(o.db)}/_changes?${q}`,
    );
    if (r.status !== 200 || !Array.isArray(r.json.results))
      return { status: r.status === 404 ? 404 : 502, body: '', lastSeq: 0, empty: true };
    for (const row of r.json.results) {
      if (!inScope(o.scope, o.collection, row.doc as Doc | undefined, students)) continue;
      if (include_docs !== 'true') delete row.doc;
      results.push(row);
    }
    position = r.json.last_seq ?? position;
    if (r.json.results.length < step || results.length >= want) break;
  }
  return {
    status: 200,
    body: JSON.stringify({ results, last_seq: position }),
    lastSeq: position,
    empty: results.length === 0,
  };
}
