/**
 * A device does not download again what it has just written (lib/sync/couchdb.ts): the changes feed brings
 * every write back to its writer; the replication knows the revision the server gave each record it pushed and
 * neither downloads nor opens (decrypts) those. Over HTTP, against the real school server, live (the long-poll a
 * signed-in device keeps open) and one-shot. A colleague's write still arrives.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setupSchool } from '../../server/setup';
import { ADMIN, type RunningServer, runSyncServer } from '../../tests/support/sync-server';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import type { StoredEvent } from '../records';
import { basicAuth } from './account';
import { replicateCouch } from './couchdb';
import { databaseName } from './school';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const SCHOOL = 'echo';
const REGISTRAR = { name: '李主任', password: 'registrar-pw', role: 'registrar' as const };
let server: RunningServer;
const dbs: BaoxueDatabase[] = [];
let n = 0;

beforeAll(async () => {
  server = await runSyncServer();
  await setupSchool({ url: server.url, school: SCHOOL, admin: ADMIN, staff: [REGISTRAR] });
});
afterAll(async () => {
  for (const db of dbs) await db.remove().catch(() => undefined);
  await server?.stop();
});

const visit = (i: number, by = REGISTRAR.name): StoredEvent => ({
  id: `homeVisit:${by}:${Date.now()}:${i}`,
  kind: 'homeVisit',
  studentId: `G${String(i).padStart(18, '0')}`,
  author: by,
  at: 1_700_000_000_000 + i,
  recordedAt: 1_700_000_000_000 + i,
  data: { method: 'home', visitorRole: 'teacher', situation: '家长在家' },
});

/** A device: its database, its replication, and what the server sent it and it opened. */
async function device(live: boolean, hidden?: string) {
  const db = await openDatabase({
    name: `echo${n++}x${Date.now()}`,
    multiInstance: false,
    storage: getRxStorageMemory(),
  });
  dbs.push(db);
  const downloaded: string[] = [];
  const opened: string[] = [];
  const polls: string[] = [];
  const auth = basicAuth({ user: REGISTRAR.name, password: REGISTRAR.password });
  const fetcher = (async (u: string, init: RequestInit = {}) => {
    if (u.includes('feed=longpoll')) polls.push(u);
    let r = await fetch(u, { ...init, headers: { ...(init.headers as object), authorization: auth } });
    // A record the server does not give this member (as the gateway keeps a teacher's record about a child since
    // moved to another class): never in their feed.
    if (hidden && r.ok && u.includes('/_changes?')) {
      const body = (await r.json()) as { results: { id: string }[] };
      body.results = body.results.filter((x) => x.id !== hidden);
      r = new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    // Every document the server sends down, by id (a feed with its documents, a read by ids).
    if (r.ok && /\/_changes\?|\/_all_docs\?/.test(u)) {
      const body = (await r.clone().json()) as {
        results?: { doc?: { _id: string } }[];
        rows?: { doc?: { _id: string } }[];
      };
      for (const row of [...(body.results ?? []), ...(body.rows ?? [])])
        if (row.doc) downloaded.push(row.doc._id);
    }
    return r;
  }) as typeof fetch;
  const state = replicateCouch({
    replicationIdentifier: `echo-${db.name}`,
    collection: db.events as never,
    url: `${server.url}${databaseName(SCHOOL, 'events')}/`,
    fetch: fetcher,
    live,
    waitForLeadership: false,
    retryTime: 500,
    // Records as they are, counting what is opened (for a sealed school: decrypted).
    codec: {
      seal: async (d) => d,
      open: async (d) => {
        opened.push(String(d.id));
        return d;
      },
    },
    pull: { batchSize: 100, heartbeat: 10_000 },
    push: { batchSize: 100 },
  });
  return {
    db,
    state,
    downloaded,
    opened,
    polls,
    /** Ends it and removes its database (RxDB holds at most 16 collections at once). */
    async close() {
      await state.cancel();
      await db.remove();
      dbs.splice(dbs.indexOf(db), 1);
    },
  };
}

const withoutId = ({ id: _id, ...rest }: StoredEvent) => rest;
/** A colleague's write, as their device sends it. */
async function colleague(docs: Record<string, unknown>[]) {
  const r = await fetch(`${server.url}${databaseName(SCHOOL, 'events')}/_bulk_docs`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: basicAuth({ user: REGISTRAR.name, password: REGISTRAR.password }),
    },
    body: JSON.stringify({ docs }),
  });
  const out = (await r.json()) as { ok?: boolean; rev: string }[];
  expect(out.filter((w) => !w.ok)).toEqual([]);
  return out;
}

const until = async (ok: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await ok()).toBe(true);
};

describe('a device and its own writes', () => {
  it('a signed-in device pushes 250 visits and downloads none of them back; a colleague’s visit still arrives', async () => {
    const a = await device(true);
    await a.state.awaitInitialReplication();
    const mine = Array.from({ length: 250 }, (_, i) => visit(i));
    await a.db.events.bulkInsert(mine);
    await a.state.awaitInSync();
    // Give the long-poll time to bring the writes back, as it did before.
    await new Promise((r) => setTimeout(r, 1500));

    // A colleague writes a visit (straight to the server, as their device would): the live device receives it.
    const theirs = visit(9000); // the same account on another device
    await colleague([{ ...withoutId(theirs), _id: theirs.id }]);
    await until(async () => (await a.db.events.findOne(theirs.id).exec()) !== null);

    const ids = new Set(mine.map((e) => e.id));
    expect(a.downloaded.filter((id) => ids.has(id))).toEqual([]);
    expect(a.opened.filter((id) => ids.has(id))).toEqual([]);
    expect(a.opened).toContain(theirs.id);
    expect(await a.db.events.count({ selector: { kind: 'homeVisit' } }).exec()).toBe(251);

    await a.close();
  });

  it('a write of its own the feed never brings back (not given to this member) does not keep it asking ids first', async () => {
    const mine = Array.from({ length: 20 }, (_, i) => visit(40_000 + i));
    const a = await device(true, mine[3]!.id);
    await a.state.awaitInitialReplication();
    await a.db.events.bulkInsert(mine);
    await a.state.awaitInSync();
    await new Promise((r) => setTimeout(r, 1500));
    for (const i of [9100, 9101]) {
      const theirs = visit(i);
      await colleague([{ ...withoutId(theirs), _id: theirs.id }]);
      await until(async () => (await a.db.events.findOne(theirs.id).exec()) !== null);
    }
    // Its own 19 came back unread; the long-poll waiting now asks for documents again (one request per change).
    const ids = new Set(mine.map((e) => e.id));
    expect(a.downloaded.filter((id) => ids.has(id))).toEqual([]);
    expect(a.polls.at(-1)).toContain('include_docs=true');
    await a.close();
  });

  it('a one-shot sync that pushes 1,000 visits while its pull runs downloads none of them back', async () => {
    const a = await device(false);
    const mine = Array.from({ length: 1000 }, (_, i) => visit(20_000 + i));
    await a.db.events.bulkInsert(mine);
    await a.state.awaitInitialReplication();
    const ids = new Set(mine.map((e) => e.id));
    expect(a.downloaded.filter((id) => ids.has(id))).toEqual([]);
    expect(a.opened.filter((id) => ids.has(id))).toEqual([]);
    await a.close();
    // They are on the server: a fresh device gets all of them (and opens each).
    const fresh = await device(false);
    await fresh.state.awaitInitialReplication();
    expect(fresh.opened.filter((id) => ids.has(id))).toHaveLength(1000);
    expect(await fresh.db.events.count({ selector: { id: { $in: [...ids] } } }).exec()).toBe(1000);
    await fresh.close();
  });
});
