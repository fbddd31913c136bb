/**
 * End-to-end encryption's cost on replication (used by scripts/bench.ts; `npx tsx scripts/bench-sealed.ts`
 * alone): 10,000 events pushed from one device to the school server and pulled by another, through Baoxue's
 * CouchDB handlers (lib/sync/couchdb.ts) with the school keyring (personal fields sealed, ids hashed) and
 * without, each into a fresh school database of the same server, alternating, median of RUNS. In Node
 * (WebCrypto, RxDB's memory storage), so the figure is the handlers' and the crypto's, not IndexedDB's.
 */

import { fileURLToPath } from 'node:url';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase } from '../lib/db/database';
import type { BaoxueDatabase } from '../lib/db/types';
import type { StoredEvent } from '../lib/records';
import { basicAuth, type SyncAccount } from '../lib/sync/account';
import { studentResolver } from '../lib/sync/aliases';
import { replicateCouch } from '../lib/sync/couchdb';
import { grantMember, schoolKeyring } from '../lib/sync/keys';
import { databaseName } from '../lib/sync/school';
import { openRecord, sealRecord } from '../lib/sync/sealed';
import { setupSchool } from '../server/setup';
import { ADMIN, runSyncServer } from '../tests/support/sync-server';

type Row = { figure: string; value: string; target?: string };
const N = 10_000;
const RUNS = 3;
const REGISTRAR = { name: 'bench-registrar', password: 'bench-registrar-pw', role: 'registrar' as const };

/**
 * Keys for a bench school: its registrar makes the keyring and hands it to `user` (the browser sync bench
 * syncs as a teacher, who can only receive keys).
 */
export async function grantBenchKeys(url: string, school: string, user: { name: string; password: string }) {
  await setupSchool({ url, school, admin: ADMIN, staff: [REGISTRAR] });
  const a: SyncAccount = {
    url,
    school,
    user: REGISTRAR.name,
    password: REGISTRAR.password,
    roles: [`baoxue-${school}`, 'registrar'],
  };
  await schoolKeyring(a);
  await grantMember(a, user.name, user.password);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function once(url: string, school: string, sealed: boolean, run: number) {
  await setupSchool({ url, school, admin: ADMIN, staff: [REGISTRAR] });
  const a: SyncAccount = {
    url,
    school,
    user: REGISTRAR.name,
    password: REGISTRAR.password,
    roles: [`baoxue-${school}`, 'registrar'],
  };
  const keys = sealed ? await schoolKeyring(a) : undefined;
  const auth = basicAuth(a);
  const fetcher = ((u: string, init: RequestInit = {}) =>
    fetch(u, { ...init, headers: { ...(init.headers as object), authorization: auth } })) as typeof fetch;
  const events: StoredEvent[] = Array.from({ length: N }, (_, i) => ({
    id: `absence:G${String(i % 3000).padStart(18, '0')}:${i}`,
    kind: 'homeVisit',
    studentId: `G${String(i % 3000).padStart(18, '0')}`,
    author: a.user,
    at: 1_700_000_000_000 + i,
    recordedAt: 1_700_000_000_000 + i,
    data: { method: 'home', visitorRole: 'teacher', situation: '家长在家，孩子同意返校' },
  }));
  const children = [...new Set(events.map((e) => e.studentId))];
  const resolve =
    keys &&
    studentResolver({
      keyring: async () => keys,
      localIds: async () => children,
      serverDoc: async () => undefined,
    });
  const pass = async (db: BaoxueDatabase) => {
    const state = replicateCouch({
      replicationIdentifier: `bench-sealed-${school}-${db.name}`,
      collection: db.events as never,
      url: `${url}${databaseName(school, 'events')}/`,
      fetch: fetcher,
      live: false,
      waitForLeadership: false,
      retryTime: 1000,
      codec: keys && {
        seal: async (d) => (await sealRecord(keys, 'events', 'id', d)) as typeof d,
        // A registrar's device maps a child's hash back to the 学籍号 from the students it holds.
        open: async (d) => (await openRecord(keys, 'events', 'id', d, resolve)) as typeof d,
      },
      pull: { batchSize: 2000, heartbeat: 20_000 },
      push: { batchSize: 2000 },
    });
    const t = performance.now();
    await state.awaitInitialReplication();
    const ms = performance.now() - t;
    await state.cancel();
    return ms;
  };
  const open = (side: string) =>
    openDatabase({
      name: `bench-sealed-${side}-${run}-${sealed}`,
      multiInstance: false,
      storage: getRxStorageMemory(),
    });
  const up = await open('a');
  await up.events.bulkInsert(events);
  const push = await pass(up);
  await up.remove();
  const down = await open('b');
  const pull = await pass(down);
  if ((await down.events.count({ selector: { kind: 'homeVisit' } }).exec()) !== N)
    throw new Error('bench-sealed: pull incomplete');
  const sample = (await down.events.findOne(events[N - 1]!.id).exec())?.studentId;
  if (sample !== events[N - 1]!.studentId) throw new Error(`bench-sealed: pulled event names ${sample}`);
  await down.remove();
  return push + pull;
}

export async function sealedRows(): Promise<Row[]> {
  const server = await runSyncServer();
  try {
    const plain: number[] = [];
    const sealed: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      plain.push(await once(server.url, `bench-plain-${run}`, false, run));
      sealed.push(await once(server.url, `bench-sealed-${run}`, true, run));
    }
    const p = median(plain);
    const s = median(sealed);
    return [
      { figure: `sync ${N} events push + pull, plain (median of ${RUNS})`, value: `${p.toFixed(0)} ms` },
      { figure: `sync ${N} events push + pull, sealed (median of ${RUNS})`, value: `${s.toFixed(0)} ms` },
      { figure: 'sync sealed / plain', value: `${(s / p).toFixed(2)}×`, target: '≤ 1.3×' },
    ];
  } finally {
    await server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await sealedRows()) console.log(`${r.figure} | ${r.value} | ${r.target ?? ''}`);
}
