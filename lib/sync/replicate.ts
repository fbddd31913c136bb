/**
 * Replication of the school's shared collections with its CouchDB-protocol server (RxDB's replication
 * protocol with the CouchDB handlers in `couchdb.ts`, one database per collection). Live while an extension
 * page is open — one replicator across tabs, the elected leader — and once per alarm from the background
 * worker, which MV3 stops after 30 s idle (the long-poll heartbeat stays under that). Errors end in a plain-words status; nothing local is ever dropped:
 * a refused write stays here, and conflicts go through Baoxue's handler, not RxDB's default.
 */

import type { RxCollection } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getFetchWithCouchDBAuthorization } from 'rxdb/plugins/replication-couchdb';
import { combineLatest, merge, type Subscription } from 'rxjs';
import { COLLECTIONS } from '../db/collections';
import type { BaoxueDatabase } from '../db/types';
import { CodedError, say } from '../say';
import { diagnose, rememberRoles, type SyncAccount } from './account';
import { studentResolver } from './aliases';
import { nameCasesChildren } from './caseRefs';
import { type CouchReplicationState, replicateCouch } from './couchdb';
import { designationProblem } from './designation';
import { discardedKeys, type HeldEntry, mergeHeld, onDevice } from './held';
import { KeyAccessError, schoolKeyring } from './keys';
import { refreshReaders } from './readers';
import { databaseName, mayWrite, SYNCED, type SyncedCollection } from './school';
import { fetchScope, isPurged, purgeOutOfScope, replicationSuffix, unacknowledged } from './scope';
import { type Keyring, NoIdKeyError, openRecord, sealRecord, serverIdOf, UnknownKeyError } from './sealed';
import { countPending, readStatus, type SyncStatus, writeStatus } from './status';

export interface SyncRun {
  states: CouchReplicationState[];
  /** Resolves when every collection has caught up once and the status says so (one-shot runs then stop). */
  caughtUp: Promise<void>;
  cancel(): Promise<void>;
}

/**
 * The account's fetch, which a cancel aborts: RxDB's cancel otherwise waits for a failing request's retry
 * loop (a wrong password retries forever), so a one-shot run could never end.
 */
function abortableFetch(a: SyncAccount) {
  const base = getFetchWithCouchDBAuthorization(a.user, a.password);
  const inFlight = new Set<AbortController>();
  let aborted = false;
  const fetch = ((url: string, init: RequestInit = {}) => {
    if (aborted) return Promise.reject(new Error('sync cancelled'));
    const c = new AbortController();
    inFlight.add(c);
    // The caller's signal too: the long-poll ends a poll of its own when a push begins (lib/sync/couchdb.ts).
    const signal = init.signal ? AbortSignal.any([init.signal, c.signal]) : c.signal;
    return base(url, { ...init, signal }).finally(() => inFlight.delete(c));
  }) as typeof globalThis.fetch;
  const abort = () => {
    aborted = true;
    for (const c of inFlight) c.abort();
  };
  return { fetch, abort };
}

/** A collection's replication on this device, for this account and scope (lib/sync/scope.ts). */
const identifier = (a: SyncAccount, c: SyncedCollection, scopeSuffix: string) =>
  `baoxue:${a.url}:${databaseName(a.school, c)}${scopeSuffix ? `:${scopeSuffix}` : ''}`;

/** Removes what RxDB keeps of a replication this device ran before (its checkpoint, the server's copies). */
async function forgetReplication(collection: RxCollection, replicationIdentifier: string) {
  const old = replicateRxCollection({
    replicationIdentifier,
    collection,
    live: false,
    autoStart: false,
    pull: { handler: async () => ({ documents: [], checkpoint: undefined }) },
  });
  await old.remove();
}

function replicate(
  db: BaoxueDatabase,
  a: SyncAccount,
  fetch: typeof globalThis.fetch,
  live: boolean,
  waitForLeadership: boolean,
  onHeldBack: (held: { collection: SyncedCollection; id: string; refused?: string }[]) => void,
  /** Records the server took in this run (`collection/id`): no longer held back. */
  onWritten: (keys: string[]) => void,
  /** lib/sync/scope.ts `replicationSuffix`: the replication starts afresh when the member's scope changes. */
  scopeSuffix = '',
) {
  // The school keyring, fetched once per run and again when a record names a key this device lacks yet
  // (a registrar rotated it since).
  let keys: Promise<Keyring> | undefined;
  const keyring = (fresh = false) => {
    if (fresh || !keys) {
      keys = schoolKeyring(a);
      keys.catch(() => (keys = undefined));
    }
    return keys;
  };
  // Events a teacher's device wrote name their child by the server's hash (it never holds the 学籍号): an
  // office device turns it back (lib/sync/aliases.ts).
  const resolve = studentResolver({
    keyring,
    localIds: async () => (await db.students.find().exec()).map((s) => s.id),
    serverDoc: async (serverId) => {
      const r = await fetch(`${a.url}${databaseName(a.school, 'students')}/${encodeURIComponent(serverId)}`);
      return r.ok ? ((await r.json()) as Record<string, unknown>) : undefined;
    },
  });
  return SYNCED.map((c) =>
    replicateCouch({
      replicationIdentifier: identifier(a, c, scopeSuffix),
      collection: db[c] as never,
      url: `${a.url}${databaseName(a.school, c)}/`,
      fetch,
      live,
      waitForLeadership,
      retryTime: 5_000,
      codec: {
        seal: async (doc) => {
          const k = await keyring();
          // A registrar or leader without the office key yet (a teacher made registrar): their 学籍 records
          // would reach the server without 学籍号 or ID number. Not sent until a registrar's device hands the
          // key over (lib/sync/keys.ts); the teacher's own rows are never theirs to write anyway.
          if (!k.office && c !== 'events' && mayWrite(c, doc, { name: a.user, roles: a.roles ?? [] }))
            throw new CodedError(say('err_sync_no_office_key'));
          try {
            return (await sealRecord(k, c, 'id', doc)) as typeof doc;
          } catch (e) {
            // A record naming a child by 学籍号 on a device that holds no id key for children (a teacher's, which
            // captured a 学籍 record from the host page): not this member's to write, so it stays here, held
            // back; the server is asked about it under an id that names no one and matches nothing.
            if (!(e instanceof NoIdKeyError) || mayWrite(c, doc, { name: a.user, roles: a.roles ?? [] }))
              throw e;
            return {
              id: `unhashable-${crypto.randomUUID()}`,
              _deleted: doc._deleted,
            } as unknown as typeof doc;
          }
        },
        open: async (doc) => {
          try {
            return (await openRecord(await keyring(), c, 'id', doc, resolve)) as typeof doc;
          } catch (e) {
            if (!(e instanceof UnknownKeyError)) throw e;
            return (await openRecord(await keyring(true), c, 'id', doc, resolve)) as typeof doc;
          }
        },
      },
      pull: {
        batchSize: 2000,
        heartbeat: 20_000,
        modifier: (doc) => admit(c, doc),
      },
      push: {
        batchSize: 2000,
        // The school's write rules and the designation rules (only a registrar or leader names another as
        // 帮扶 partner): what the server would refuse is held back here, not sent.
        mayWrite: (doc) =>
          mayWrite(c, doc, { name: a.user, roles: a.roles ?? [] }) &&
          (c !== 'events' || !designationProblem(doc, { name: a.user, roles: a.roles ?? [] }, Date.now())),
        // The purge's removals, and a held-back copy its user discarded (lib/commands/discard.ts).
        isPurge: async (id) => isPurged(db, c, id) || (await discardedKeys(db)).has(`${c}/${id}`),
        onWritten: (ids) => onWritten(ids.map((id) => `${c}/${id}`)),
        onHeldBack: (held) => {
          const refused = held.filter((h) => h.refused);
          if (refused.length)
            console.warn(`sync: the server refused ${refused.length} ${c} record(s)`, refused);
          // The server's reason is kept with the entry: 未上传的记录 shows it (a class name it cannot read is not a role).
          onHeldBack(
            held.map((h) => ({
              collection: c,
              id: h.id,
              ...(h.refused ? { refused: h.refused.slice(0, 1000) } : {}),
            })),
          );
        },
      },
    }),
  );
}

/**
 * What arrives from the server is parsed like anything else crossing a boundary. The school's design
 * document (its write rules) comes down every changes feed, and a malformed record could only come from a
 * client that bypassed these rules: both become local tombstones, invisible to every list, instead of
 * records the pages would trip over. (RxDB's pull cannot skip a document, only change it.)
 */
function admit<D extends Record<string, unknown>>(c: SyncedCollection, doc: D): D {
  const id = String(doc.id ?? '');
  if (doc._deleted) return doc;
  if (!id.startsWith('_design/') && COLLECTIONS[c].type.safeParse(doc).success) return doc;
  if (!id.startsWith('_design/'))
    console.warn(`sync: a malformed ${c} record from the server was set aside`, id);
  return { id, _deleted: true } as unknown as D;
}

/** Why this member's school keys cannot be had, as a sync problem (undefined: they can). */
async function keyProblem(a: SyncAccount): Promise<'wrong-password' | 'no-permission' | undefined> {
  try {
    await schoolKeyring(a);
    return undefined;
  } catch (e) {
    if (!(e instanceof KeyAccessError)) return undefined;
    return e.problem === 'wrong-password' ? 'wrong-password' : 'no-permission';
  }
}

/**
 * Starts replication and keeps the status setting current: `syncing` while active, `ok` with the time and
 * the pending count when every collection is idle again, `error` with a diagnosis when one fails (RxDB
 * retries by itself; the status turns back to ok when it gets through).
 */
export function startSync(
  db: BaoxueDatabase,
  a: SyncAccount,
  opts: { live: boolean; waitForLeadership?: boolean },
): SyncRun {
  const { fetch, abort } = abortableFetch(a);
  let heldBack = 0;
  const heldIds: HeldEntry[] = [];
  // Taken by the server in this run (`collection/id`): cleared from the held list at the next ok.
  const accepted = new Set<string>();
  // Filled once the member's scope is known and what left it is removed from this device (lost permissions).
  const states: CouchReplicationState[] = [];
  const subs: Subscription[] = [];
  let cancelled = false;
  // Status writes in the order things happened: a late "syncing" must not overwrite the "ok" after it.
  let written: Promise<unknown> = Promise.resolve();
  const put = (patch: () => Promise<Partial<SyncStatus> | undefined>) => {
    written = written
      .then(patch)
      .then((p) => p && writeStatus(db, p))
      .catch(() => {});
    return written;
  };
  let diagnosing = false;
  const onError = async () => {
    if (diagnosing) return;
    diagnosing = true;
    try {
      const d = await diagnose(a);
      // The server answers, but this member's keys may be missing (not granted yet) or not open.
      const keys = d.ok ? await keyProblem(a) : undefined;
      await put(async () => {
        const pending = await countPending(db, (await readStatus(db)).lastSyncedAt ?? 0);
        if (keys) return { state: 'error', problem: keys, detail: 'keys', pending };
        return d.ok
          ? { state: 'error', problem: 'refused', detail: 'replication', pending }
          : { state: 'error', problem: d.problem, detail: d.detail, pending };
      });
    } finally {
      diagnosing = false;
    }
  };
  const ok = (first = false) => {
    void refreshReaders(db, a, { force: first }); // the reader definition and taught pages, for the overlay
    return put(async () => {
      const before = await readStatus(db);
      // Each held record once (the list is for a person to look through); gone when the server took it, or
      // when this device no longer holds it (discarded, or removed with what left the member's scope).
      const all = [...(before.held ?? []), ...heldIds];
      const { held, cleared } = mergeHeld(before.held ?? [], heldIds, {
        accepted,
        onDevice: await onDevice(db, all),
      });
      return {
        state: 'ok',
        lastSyncedAt: Date.now(),
        pending: 0,
        heldBack: Math.max(0, heldBack + (before.heldBack ?? 0) - cleared),
        held,
      };
    }).then(() => {
      heldBack = 0;
      heldIds.length = 0;
      accepted.clear();
    });
  };
  // A run that ends without an error since it began means the server has everything: ok. (RxDB retries
  // a failed run by itself; the status stays an error until one gets through.)
  let failedSinceStart = false;
  const started = (async () => {
    const scope = await fetchScope(a, fetch);
    if (scope && !scope.all) {
      let keys: Promise<Keyring> | undefined;
      const hash = async (id: string) => {
        keys ??= schoolKeyring(a);
        // The id this device holds a child by is the server's already (a teacher's device cannot hash a 学籍号).
        return serverIdOf(await keys, id).catch(() => id);
      };
      try {
        const status = await readStatus(db);
        // What this device wrote and the server has not taken stays, to be sent (or held back) below.
        const keep = await unacknowledged(db, status.lastSyncedAt ?? 0, status.held ?? []);
        const onServer = async (c: 'students' | 'cases' | 'events', ids: string[]) => {
          keys ??= schoolKeyring(a);
          const k = await keys;
          const serverIds = await Promise.all(ids.map((id) => serverIdOf(k, id).catch(() => id)));
          // A plain record from before encryption is on the server under its own id: asked under both.
          const asked = [...new Set([...serverIds, ...ids])];
          const there = new Set<string>();
          for (let i = 0; i < asked.length; i += 1000) {
            const r = await fetch(`${a.url}${databaseName(a.school, c)}/_all_docs`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', accept: 'application/json' },
              body: JSON.stringify({ keys: asked.slice(i, i + 1000) }),
            });
            if (!r.ok) return undefined;
            const body = (await r.json()) as {
              rows?: { key?: string; error?: string; value?: { deleted?: boolean } }[];
            };
            if (!Array.isArray(body.rows)) return undefined;
            for (const row of body.rows)
              if (typeof row.key === 'string' && !row.error && !row.value?.deleted) there.add(row.key);
          }
          return new Set(ids.filter((id, j) => there.has(serverIds[j]!) || there.has(id)));
        };
        const { stranded } = await purgeOutOfScope(db, scope, hash, keep, onServer, a.user);
        // Unsent records about a child who just left: listed as held back at once, with the child's name and
        // class (no longer on the device) and why, so they are never lost silently.
        if (stranded.length)
          await put(async () => {
            const before = (await readStatus(db)).held ?? [];
            const { held } = mergeHeld(
              before,
              stranded.map((e) => ({ collection: 'events', why: 'left-class' as const, ...e })),
              {
                accepted: new Set(),
                onDevice: await onDevice(db, [
                  ...before,
                  ...stranded.map((e) => ({ collection: 'events', id: e.id })),
                ]),
              },
            );
            return { held };
          });
      } catch (e) {
        // Tried again at the next sync; the server sends nothing outside the scope meanwhile.
        console.warn('sync: removing records outside this member’s scope failed', e);
      }
    }
    const noClasses = scope?.all === false && scope.classes.length === 0 && scope.children.length === 0;
    if ((await readStatus(db)).noClasses !== noClasses) await put(async () => ({ noClasses }));
    const { suffix, previous } = await replicationSuffix(db, scope);
    // The replication of the scope before keeps, as RxDB's meta data, the server's copy of every record it
    // pulled — those just removed too: forgotten with it.
    if (previous !== undefined)
      for (const c of SYNCED)
        await forgetReplication(db[c] as never, identifier(a, c, previous)).catch(() => {});
    if (cancelled) return;
    states.push(
      ...replicate(
        db,
        a,
        fetch,
        opts.live,
        opts.waitForLeadership ?? opts.live,
        (held) => {
          heldBack += held.length;
          heldIds.push(...held);
          for (const h of held) accepted.delete(`${h.collection}/${h.id}`);
        },
        (keys) => {
          for (const k of keys) accepted.add(k);
        },
        suffix,
      ),
    );
    subs.push(merge(...states.map((s) => s.error$)).subscribe(() => void onError()));
    subs.push(merge(...states.map((s) => s.error$)).subscribe(() => (failedSinceStart = true)));
    subs.push(
      combineLatest(states.map((s) => s.active$)).subscribe((active) => {
        if (active.some(Boolean)) {
          failedSinceStart = false;
          void put(async () => ((await readStatus(db)).state === 'error' ? undefined : { state: 'syncing' }));
        } else if (opts.live && !failedSinceStart) void ok();
      }),
    );
  })();
  const caughtUp = started
    .then(() => Promise.all(states.map((s) => s.awaitInitialReplication())))
    .then(async () => {
      await ok(true);
      // An office device names the child of cases sealed before cases did, for the 帮扶 partner (once).
      if (cancelled || !a.roles?.some((r) => r === 'registrar' || r === 'leader')) return;
      // (Its own requests, with the account's credentials as the keyring's are asked: lib/sync/keys.ts.)
      await nameCasesChildren(db, a).catch((e) => console.warn('sync: naming old cases’ children failed', e));
    });
  return {
    states,
    caughtUp,
    cancel: async () => {
      cancelled = true;
      for (const s of subs) s.unsubscribe();
      abort();
      await started.catch(() => {});
      for (const s of subs) s.unsubscribe();
      await Promise.all(states.map((s) => s.cancel()));
      await written;
    },
  };
}

/**
 * One pass (the background alarm, "sync now" without a page): asks the server first (a wrong password or a
 * missing database is a status, not a replication left retrying), then catches up and stops.
 */
export async function syncOnce(db: BaoxueDatabase, a: SyncAccount, timeoutMs = 25_000): Promise<void> {
  const d = await diagnose(a);
  if (!d.ok) {
    const pending = await countPending(db, (await readStatus(db)).lastSyncedAt ?? 0);
    await writeStatus(db, { state: 'error', problem: d.problem, detail: d.detail, pending });
    return;
  }
  await rememberRoles(db, d.roles);
  // No keys granted to this member yet (a registrar grants them), or their envelope does not open.
  const keys = await keyProblem({ ...a, roles: d.roles });
  if (keys) {
    const pending = await countPending(db, (await readStatus(db)).lastSyncedAt ?? 0);
    await writeStatus(db, { state: 'error', problem: keys, detail: 'keys', pending });
    return;
  }
  const run = startSync(db, { ...a, roles: d.roles }, { live: false, waitForLeadership: false });
  const stop = () =>
    // RxDB's cancel waits for a failing request's retries; the aborted fetch ends them soon, but never wait long.
    Promise.race([run.cancel(), new Promise((r) => setTimeout(r, 2_000))]);
  try {
    await Promise.race([
      run.caughtUp,
      new Promise((_, reject) => setTimeout(() => reject(new Error('sync timed out')), timeoutMs)),
    ]);
  } finally {
    await stop();
  }
}
