/**
 * RxDB replication with a CouchDB-protocol database: RxDB's replication protocol (checkpoints, conflict
 * handling, leader election) with CouchDB handlers shaped after its CouchDB plugin, changed where the
 * bench measured (`npm run bench`, 10,000 events):
 * - push: the plugin first reads every pushed id back (`_all_docs`) to learn its revision. A document this
 *   device never saw on the server has no revision to learn: it is written straight away, and the server's
 *   "conflict" answer (it exists after all) is read back as a conflict, exactly as the plugin would have
 *   found it. Only documents already known are read first. (A push of 10,000 new records: 5.4–5.7 s with
 *   the plugin, 4.3–4.9 s without the read.)
 * - a failed request is an error with its status, not a JSON body taken for an answer.
 * - pull: the changes feed brings every write back to the device that made it. The plugin downloads it again
 *   (and here opens it: decrypts it, for a sealed school), only for RxDB to find it equal to what it holds.
 *   This device remembers the revision the server gave each record it wrote (as PouchDB's `revs_diff` does with
 *   the revisions it holds): while such writes may come back, the feed is read ids and revisions only, and a
 *   batch that is all this device's own writes is answered from what it pushed, never downloaded or opened.
 *   A batch with others' writes in it is read again with its documents. (Before: a device that pushed 10,000
 *   events while its first pull ran downloaded all 10,000 back; a live device re-downloaded every write.)
 */

import { newRxError, type RxCollection, type RxReplicationWriteToMasterRow } from 'rxdb';
import { type RxReplicationState, replicateRxCollection } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import { CodedError, say } from '../say';

type Doc = Record<string, unknown> & { _deleted: boolean };
interface Checkpoint {
  sequence: string | number;
}
interface Batch {
  documents: Doc[];
  checkpoint: Checkpoint;
}
interface WriteResult {
  id: string;
  ok?: boolean;
  rev?: string;
  error?: string;
  reason?: string;
}
interface ChangesResponse {
  results?: {
    id?: string;
    changes?: { rev?: string }[];
    doc?: Record<string, unknown>;
  }[];
  last_seq: string | number;
}
type ChangeRow = NonNullable<ChangesResponse['results']>[number];

/** Own writes remembered at most (the oldest forgotten first): a device that never pulls does not grow. */
const MAX_ECHOES = 50_000;

export interface CouchReplicationOptions {
  replicationIdentifier: string;
  collection: RxCollection;
  /** The database's URL, ending in '/'. */
  url: string;
  fetch: typeof globalThis.fetch;
  live: boolean;
  waitForLeadership: boolean;
  retryTime: number;
  /**
   * How a record is held on the server (lib/sync/sealed.ts: personal fields encrypted, ids hashed) and read
   * back. Both work on RxDB-shaped documents (the id under the primary key). Absent: as they are.
   */
  codec?: {
    seal(d: Doc): Promise<Doc>;
    open(d: Doc): Promise<Doc>;
  };
  pull: { batchSize: number; heartbeat: number; modifier?: (d: Doc) => Doc };
  push: {
    batchSize: number;
    /** The school's rules on the device: a record this user may not write is not sent. */
    mayWrite?: (d: Doc) => boolean;
    /**
     * Records not on the server because the rules do not let this user write them (`refused`: the server's
     * reason, when it was the server that said so): kept on this device, not offered again until they change.
     */
    onHeldBack?: (held: { id: string; refused?: string }[]) => void;
    /**
     * A removal that is this device's own: the purge of what left the member's scope (lib/sync/scope.ts), or a
     * held-back record its user discarded (lib/commands/discard.ts). Never sent, never held back.
     */
    isPurge?: (id: string) => boolean | Promise<boolean>;
    /** Records the server took (this device's ids): no longer held back, if they were. */
    onWritten?: (ids: string[]) => void;
  };
}

export type CouchReplicationState = RxReplicationState<Doc, Checkpoint>;

/** A CouchDB document as an RxDB document: `_id` → the primary key, no `_rev`, `_deleted` always set. */
export function fromCouch(primary: string, doc: Record<string, unknown>): Doc {
  const { _id, _rev, ...rest } = doc;
  return { ...rest, [primary]: rest[primary] ?? _id, _deleted: !!doc._deleted } as Doc;
}

function toCouch(primary: string, doc: Record<string, unknown>, rev?: string) {
  const { [primary]: id, ...rest } = doc;
  return rev ? { ...rest, _id: id, _rev: rev } : { ...rest, _id: id };
}

const query = (p: Record<string, string | number | boolean>) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

export function replicateCouch(o: CouchReplicationOptions): CouchReplicationState {
  const primary = o.collection.schema.primaryPath as string;
  const seal = o.codec ? o.codec.seal : async (d: Doc) => d;
  const open = o.codec ? (d: Doc) => o.codec!.open(d) : async (d: Doc) => d;
  const read = (doc: Record<string, unknown>) => open(fromCouch(primary, doc));
  const json = async <T>(url: string, init?: RequestInit): Promise<T> => {
    const r = await o.fetch(url, init);
    if (!r.ok)
      throw new CodedError(say('err_server_http', init?.method ?? 'GET', url.replace(/\?.*$/, ''), r.status));
    return (await r.json()) as T;
  };
  const post = <T>(path: string, body: unknown) =>
    json<T>(o.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /** The server's current documents for these ids (missing and deleted ones are absent). */
  const current = async (ids: string[]) => {
    // Options in the query, keys in the body: the form both CouchDB and PouchDB servers read.
    const res = await post<{ rows: { key: string; doc?: Record<string, unknown> | null }[] }>(
      '_all_docs?include_docs=true',
      { keys: ids },
    );
    return new Map(res.rows.filter((r) => r.doc).map((r) => [r.key, r.doc as Record<string, unknown>]));
  };

  /**
   * What this device wrote and the server took, by server id: the revision the server gave it and the record
   * as this device pushed it. When the feed brings it back at that revision, it is this very record.
   */
  const echoes = new Map<string, { rev: string; doc: Doc; at: number }>();
  /** Orders writes taken and reads asked (a clock would call two in one millisecond simultaneous). */
  let tick = 0;
  const wrote = (serverId: string, rev: string, doc: Doc) => {
    echoes.delete(serverId);
    echoes.set(serverId, { rev, doc, at: ++tick });
    if (echoes.size > MAX_ECHOES) echoes.delete(echoes.keys().next().value!);
  };
  /** A row of the feed that is this device's own write, as the server holds it now (one revision, ours). */
  const isEcho = (r: ChangeRow) =>
    r.id !== undefined && r.changes?.length === 1 && echoes.get(r.id)?.rev === r.changes[0]!.rev;
  /** The record this device pushed, for a document the server sent at that revision (then forgotten). */
  const echoOf = (id: unknown, rev: unknown): Doc | undefined => {
    const e = echoes.get(String(id));
    if (!e) return undefined;
    echoes.delete(String(id)); // seen: at this revision it is ours; at another, someone wrote over it
    return e.rev === rev ? e.doc : undefined;
  };
  /**
   * A read that reached the end of the feed brought back every write of this device taken before it was asked,
   * unless the server does not give it to this member (a teacher's record about a child since moved to another
   * class): those are forgotten, or every later read would ask ids first for nothing.
   */
  const caughtUp = (asked: number) => {
    for (const [id, e] of echoes) if (e.at < asked) echoes.delete(id);
  };
  /** Pushes under way: their answers name the revisions a feed read at the same time may bring back. */
  const pushes = new Set<Promise<unknown>>();
  const mayEcho = () => echoes.size > 0 || pushes.size > 0;

  const feed = (
    since: string | number,
    limit: number,
    feed: 'normal' | 'longpoll',
    docs: boolean,
    signal?: AbortSignal,
  ) =>
    json<ChangesResponse>(
      `${o.url}_changes?${query({
        style: 'all_docs',
        feed,
        include_docs: docs,
        since,
        heartbeat: o.pull.heartbeat,
        limit,
        seq_interval: limit,
      })}`,
      signal ? { signal } : undefined,
    );

  /**
   * A batch of the feed after `since`. `lean`: ids and revisions first; a batch of only this device's own writes
   * is then answered from what it pushed (one record per row, so a full batch still reads as full). Otherwise,
   * or when others wrote too, the documents (this device's own among them still not opened).
   */
  const changes = async (
    since: string | number,
    limit: number,
    kind: 'normal' | 'longpoll',
    lean: boolean,
    signal?: AbortSignal,
  ): Promise<Batch> => {
    const asked = ++tick;
    if (lean) {
      const res = await feed(since, limit, kind, false, signal);
      if (!res.results) throw newRxError('RC_COUCHDB_2', { args: { jsonResponse: res } });
      // A push answered after the feed was read: its revisions are known once it is.
      if (pushes.size && !res.results.every(isEcho)) await Promise.allSettled([...pushes]);
      const rows = res.results;
      // The school's design document (its write rules) is the server's own: a device keeps no copy of it (RxDB's
      // pull cannot skip a document; lib/sync/replicate.ts makes it a tombstone), so it is not fetched either.
      const design = (r: ChangeRow) => String(r.id).startsWith('_design/');
      const others = rows.filter((r) => !isEcho(r) && !design(r)).map((r) => String(r.id));
      // Others wrote too: their documents alone, as the server holds them now (a later change to one comes
      // again, as it would anyway). A deletion among them (no document to read by id) or one not answered: the
      // same batch again, with every document (the long-poll never asks from 'now' so).
      const theirs =
        others.length === 0
          ? new Map<string, Record<string, unknown>>()
          : rows.some((r) => !isEcho(r) && !design(r) && (r as { deleted?: boolean }).deleted) ||
              others.some((id) => id.startsWith('_')) // read by keys is refused
            ? undefined
            : await current(others);
      if (theirs && theirs.size === others.length) {
        const documents = await Promise.all(
          rows.map(async (r) =>
            isEcho(r)
              ? echoOf(r.id, r.changes![0]!.rev)!
              : design(r)
                ? ({ [primary]: String(r.id), _deleted: true } as Doc)
                : read(theirs.get(String(r.id))!),
          ),
        );
        if (rows.length < limit) caughtUp(asked);
        return { documents, checkpoint: { sequence: res.last_seq } };
      }
      if (kind === 'longpoll') kind = 'normal';
    }
    const res = await full(since, limit, kind, !lean, signal);
    if (!res.results) throw newRxError('RC_COUCHDB_2', { args: { jsonResponse: res } });
    if (pushes.size && res.results.some((r) => r.doc && !echoes.has(String(r.doc._id))))
      await Promise.allSettled([...pushes]);
    const documents = await Promise.all(
      res.results.flatMap((r) =>
        r.doc ? [Promise.resolve(echoOf(r.doc._id, r.doc._rev) ?? read(r.doc))] : [],
      ),
    );
    if (res.results.length < limit) caughtUp(asked);
    return { documents, checkpoint: { sequence: res.last_seq } };
  };

  /**
   * The next batch of a pull, asked for as soon as this one arrives (a full batch: more is likely), so that the
   * server reads it while this device opens (decrypts) this one. Taken only by a pull asking from exactly there.
   */
  let ahead: { since: string | number; limit: number; res: Promise<ChangesResponse | undefined> } | undefined;
  const full = async (
    since: string | number,
    limit: number,
    kind: 'normal' | 'longpoll',
    pull: boolean,
    signal?: AbortSignal,
  ): Promise<ChangesResponse> => {
    const early = ahead?.since === since && ahead.limit === limit ? await ahead.res : undefined;
    ahead = undefined;
    const res = early ?? (await feed(since, limit, kind, true, signal));
    if (pull && kind === 'normal' && (res.results?.length ?? 0) >= limit)
      ahead = {
        since: res.last_seq,
        limit,
        res: feed(res.last_seq, limit, 'normal', true).catch(() => undefined),
      };
    return res;
  };

  const pullHandler = (last: Checkpoint | undefined, batchSize: number): Promise<Batch> =>
    changes(last?.sequence ?? 0, batchSize, 'normal', mayEcho());

  /** The long-poll waiting now, and whether it asked for documents (a push then asks again, ids only). */
  let waiting: { lean: boolean; stop: AbortController } | undefined;
  const pushHandler = (all: RxReplicationWriteToMasterRow<Doc>[]): Promise<Doc[]> => {
    const p = push(all);
    pushes.add(p);
    const done = () => pushes.delete(p);
    p.then(done, done);
    if (waiting && !waiting.lean) waiting.stop.abort();
    return p;
  };

  const push = async (all: RxReplicationWriteToMasterRow<Doc>[]): Promise<Doc[]> => {
    const idOf = (d: Doc) => String(d[primary]);
    const isEqual = (a: Doc, b: Doc) =>
      o.collection.conflictHandler.isEqual(a as never, b as never, 'couch-push');
    const mayWrite = o.push.mayWrite ?? (() => true);
    // Design documents are the server's own: a copy here is never sent back. The purge's removals (what left
    // this member's scope, lib/sync/scope.ts) are never sent either, and not held back (the server keeps the
    // record for everyone else). Any other removal the rules forbid is the user's own: held back, counted.
    const isPurge = o.push.isPurge ?? (() => false);
    const skip = await Promise.all(
      all.map(
        async (r) =>
          idOf(r.newDocumentState).startsWith('_design/') ||
          (r.newDocumentState._deleted === true && (await isPurge(idOf(r.newDocumentState)))),
      ),
    );
    const rows = all.filter((_, i) => !skip[i]);
    const mine: RxReplicationWriteToMasterRow<Doc>[] = [];
    const notMine: RxReplicationWriteToMasterRow<Doc>[] = [];
    for (const r of rows) (mayWrite(r.newDocumentState) ? mine : notMine).push(r);
    // As the server will hold them (sealed, the id perhaps a hash): what is asked and written.
    const sealed = new Map(
      await Promise.all([...mine, ...notMine].map(async (r) => [r, await seal(r.newDocumentState)] as const)),
    );
    const serverId = (r: RxReplicationWriteToMasterRow<Doc>) => idOf(sealed.get(r)!);
    // Read first: records already known (their revision) and those this user may not write (already there?).
    const ask = [...mine.filter((r) => r.assumedMasterState), ...notMine].map(serverId);
    const onServer = ask.length ? await current(ask) : new Map<string, Record<string, unknown>>();
    const conflicts: Doc[] = [];
    const held: { id: string; refused?: string }[] = [];
    for (const r of notMine) {
      const there = onServer.get(serverId(r));
      // The server has this very record (it came from there; its replication state was lost with a closed
      // page): nothing is held back, the server's copy is simply the master.
      const master = there && (await read(there));
      if (master && isEqual(master, r.newDocumentState)) conflicts.push(master);
      else held.push({ id: idOf(r.newDocumentState) });
    }
    const docs: Record<string, unknown>[] = [];
    for (const r of mine) {
      const there = onServer.get(serverId(r));
      if (!r.assumedMasterState || !there) {
        docs.push(toCouch(primary, sealed.get(r)!));
        continue;
      }
      const master = await read(there);
      if (isEqual(master, r.assumedMasterState))
        docs.push(toCouch(primary, sealed.get(r)!, String(there._rev)));
      else conflicts.push(master);
    }
    const written = docs.length ? await post<WriteResult[]>('_bulk_docs', { docs }) : [];
    const failed = written.filter((w) => !w.ok && w.error !== 'conflict' && w.error !== 'forbidden');
    if (failed.length)
      throw new CodedError(
        say('err_server_not_written', failed.length, `${failed[0]!.error} ${failed[0]!.reason ?? ''}`),
      );
    // The server's rules refused these (validate_doc_update): held back the same way, and the rest of the
    // batch counts as written; throwing would retry the batch and stall the collection forever.
    // Named by this device's id (the server's may be the keyed hash): the status lists it, the purge keeps it.
    const localId = new Map(mine.map((r) => [serverId(r), idOf(r.newDocumentState)]));
    for (const w of written)
      if (w.error === 'forbidden')
        held.push({ id: localId.get(w.id) ?? w.id, refused: w.reason ?? 'forbidden' });
    if (held.length) o.push.onHeldBack?.(held);
    const pushed = new Map(mine.map((r) => [serverId(r), r.newDocumentState]));
    for (const w of written) if (w.ok && w.rev && pushed.has(w.id)) wrote(w.id, w.rev, pushed.get(w.id)!);
    const took = written.filter((w) => w.ok).map((w) => localId.get(w.id) ?? w.id);
    if (took.length) o.push.onWritten?.(took);
    const again = written.filter((w) => w.error === 'conflict').map((w) => w.id);
    if (again.length === 0) return conflicts;
    // Written meanwhile (or already there: a push the server took before a crash): its copy is the master.
    const now = await current(again);
    // Deleted meanwhile: nothing to compare with; the next try writes over the tombstone.
    if (now.size < again.length) throw new CodedError(say('err_server_deleted_meanwhile'));
    for (const d of now.values()) conflicts.push(await read(d));
    return conflicts;
  };

  // Live: a long-poll on the changes feed feeds RxDB's pull stream (as the plugin does); the heartbeat keeps
  // each request under the 30 s a service worker or proxy allows.
  const stream = new Subject<Batch>();
  const state = replicateRxCollection<Doc, Checkpoint>({
    replicationIdentifier: o.replicationIdentifier,
    collection: o.collection as never,
    live: o.live,
    retryTime: o.retryTime,
    waitForLeadership: o.waitForLeadership,
    toggleOnDocumentVisible: false,
    pull: {
      handler: pullHandler,
      batchSize: o.pull.batchSize,
      modifier: o.pull.modifier as never,
      stream$: stream.asObservable(),
    },
    push: { handler: pushHandler, batchSize: o.push.batchSize },
  });
  if (o.live) {
    const start = state.start.bind(state);
    let polling = false;
    state.start = () => {
      // start() also runs again to resume; one long-poll loop is enough.
      if (!polling) void longPoll();
      polling = true;
      return start();
    };
  }
  async function longPoll() {
    let since: string | number = 'now';
    while (!state.isStopped()) {
      const asked = Date.now();
      // Ids only while this device's writes may come back; a push that begins while a poll waits for documents
      // ends that poll, and it is asked again so (its answer would be the push itself, downloaded).
      const poll = { lean: mayEcho(), stop: new AbortController() };
      waiting = poll;
      try {
        // Where 'now' is, as a position: a batch with others' writes is read again from where it began.
        if (since === 'now') since = (await feed('now', 1, 'normal', false)).last_seq;
        const batch = await changes(since, o.pull.batchSize, 'longpoll', poll.lean, poll.stop.signal);
        since = batch.checkpoint.sequence;
        stream.next(batch);
      } catch (error) {
        if (state.isStopped()) return;
        if (poll.stop.signal.aborted) continue;
        state.subjects.error.next(
          newRxError('RC_STREAM', { args: { url: o.url }, error: String(error) } as never),
        );
        // A long poll that ended on a timeout is asked again at once; a quick failure waits.
        if (Date.now() - asked < o.retryTime) await o.collection.promiseWait(o.retryTime);
      }
    }
  }
  return state;
}
