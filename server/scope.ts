/**
 * What each member of a school may read (issue 16, item 1): a registrar, a leader and the school's own
 * admin read the school; a teacher reads the classes their account carries (班主任 and 科任, set by
 * `server:setup --staff 名:密码:teacher:七年级1班+七年级2班` or the admin's account API). Fails closed: a
 * document whose class the gateway cannot tell is not a teacher's to read.
 *
 * The class of a document, as the server holds it (personal fields sealed, ids hashed; class stays clear):
 * - students, cases: their `className`;
 * - events: the class of the student named by `studentId` (the same keyed hash as that student's document
 *   id), looked up in the school's students database. Events carry no class of their own (a child who moves
 *   class takes their history along), so the gateway keeps one index per school, student id → class, brought
 *   up to date from the students' changes feed before each judgement (one short read when nothing moved);
 * - changes (the 学籍 change log): its record id is sealed, so never a teacher's.
 *
 * A teacher account from before class assignments (no `classes` at all) still reads the school as it did.
 */
import { databaseName, type SyncedCollection } from '../lib/sync/school';
import type { UserCtx } from './contracts';
import type { Upstream } from './upstream';

export type Scope = { all: true } | { all: false; classes: ReadonlySet<string> };

const OFFICE = ['_admin', 'registrar', 'leader', 'admin'];

export function scopeOf(user: UserCtx): Scope {
  if (user.roles.some((r) => OFFICE.includes(r))) return { all: true };
  if (user.roles.includes('teacher') && user.classes === undefined) return { all: true };
  return { all: false, classes: new Set(user.classes ?? []) };
}

type Doc = Record<string, unknown>;

/** Per school: which class each student (by server id) is in. */
export class ClassIndex {
  private indexes = new Map<
    string,
    { seq: string; classes: Map<string, string>; running?: Promise<void>; next?: Promise<void> }
  >();

  constructor(private engine: Upstream) {}

  /** The index of `school`, read up to the students database's current position. */
  async current(school: string): Promise<ReadonlyMap<string, string>> {
    let ix = this.indexes.get(school);
    if (!ix) {
      ix = { seq: '0', classes: new Map() };
      this.indexes.set(school, ix);
    }
    // Readers share catch-ups: one arriving while a catch-up runs joins the next one (queued once, started
    // when the running one ends), so it sees every write made before it asked.
    const entry = ix;
    const run = async () => {
      const db = encodeURIComponent(databaseName(school, 'students'));
      for (;;) {
        const r = await this.engine.json<{
          results?: { id: string; deleted?: boolean; doc?: Doc }[];
          last_seq?: unknown;
        }>('GET', `/${db}/_changes?include_docs=true&limit=5000&since=${encodeURIComponent(entry.seq)}`);
        if (r.status !== 200 || !Array.isArray(r.json.results)) throw new Error(`students feed: ${r.status}`);
        for (const row of r.json.results) {
          const c = row.doc?.className;
          if (!row.deleted && typeof c === 'string') entry.classes.set(row.id, c);
          else entry.classes.delete(row.id);
        }
        entry.seq = typeof r.json.last_seq === 'string' ? r.json.last_seq : String(r.json.last_seq ?? 0);
        if (r.json.results.length < 5000) return;
      }
    };
    if (!entry.next) {
      const queued = (entry.running ?? Promise.resolve())
        .catch(() => {})
        .then(() => {
          entry.next = undefined;
          const running = run().finally(() => {
            if (entry.running === running) entry.running = undefined;
          });
          entry.running = running;
          return running;
        });
      entry.next = queued;
    }
    await entry.next;
    return entry.classes;
  }
}

/**
 * Whether a document may be read (or, for an event, written) by someone of this scope. `students`: the
 * school's class index (needed for events only).
 */
export function inScope(
  scope: Scope,
  collection: SyncedCollection,
  doc: Doc | null | undefined,
  students: ReadonlyMap<string, string> | undefined,
): boolean {
  if (scope.all) return true;
  if (!doc || doc._deleted) return false;
  const cls = classOf(collection, doc, students);
  return cls !== undefined && scope.classes.has(cls);
}

export function classOf(
  collection: SyncedCollection,
  doc: Doc,
  students: ReadonlyMap<string, string> | undefined,
): string | undefined {
  if (collection === 'students' || collection === 'cases')
    return typeof doc.className === 'string' ? doc.className : undefined;
  if (collection === 'events')
    return typeof doc.studentId === 'string' && doc.studentId ? students?.get(doc.studentId) : undefined;
  return undefined;
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
    students?: () => Promise<ReadonlyMap<string, string>>;
  },
): Promise<FeedAnswer> {
  const { include_docs, limit, since, ...rest } = o.params;
  const want = limit === undefined ? Number.POSITIVE_INFINITY : Math.max(Number(limit), 1);
  const students = o.collection === 'events' ? await o.students?.() : undefined;
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
