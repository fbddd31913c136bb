/**
 * Measurements `npm run bench` takes inside real Chromium, in the extension's own origin: the store's
 * bulk insert beside a raw Dexie bulkPut of the same documents. Built into the demo extension only.
 */

import Dexie from 'dexie';
import PouchDB from 'pouchdb-browser';
import { generateSchool } from '@/demo/generator';
import { writeDeviceUser } from '@/lib/commands/author';
import { runCommand } from '@/lib/commands/run';
import { openDatabase } from '@/lib/db/database';
import { refreshRiskIndex } from '@/lib/derive/riskIndex';
import type { BaoxueEvent, Student } from '@/lib/records';
import { basicAuth } from '@/lib/sync/account';
import { syncOnce } from '@/lib/sync/replicate';
import { databaseName } from '@/lib/sync/school';
import { DEFAULT_CALENDAR, lastSchoolDays } from '@/lib/time/calendar';
import { todayString } from '@/lib/time/day';

/** The bench's server databases, one school each so that no run sees another's documents. */
export type SyncBenchSchool = 'raw' | 'rx' | 'pouch' | 'pouchDefault';

function students(n: number): Student[] {
  const school = generateSchool(7, Math.ceil(n / 18));
  const now = Date.now();
  return school.students.slice(0, n).map((s) => ({
    id: s.grbsm,
    xjh: s.grbsm,
    name: s.xm,
    sex: s.xbm === '1' ? '男' : '女',
    birthDate: `${s.csrq.slice(0, 4)}-${s.csrq.slice(4, 6)}-${s.csrq.slice(6)}`,
    idType: s.sfzjlxm,
    idNumber: s.sfzjh,
    grade: s.njmc,
    className: s.bjmc,
    specialGroups: s.sflsetm !== '0' ? ['留守'] : [],
    onRoll: true,
    flags: [],
    source: { host: 'bench', pageKind: 'student-list', seenAt: now },
    updatedAt: now,
  }));
}

let run = 0;

async function storeInsert(n: number): Promise<number> {
  const docs = students(n);
  const db = await openDatabase({ name: `bench-rx-${run++}`, multiInstance: false });
  const t0 = performance.now();
  await db.students.bulkInsert(docs);
  const ms = performance.now() - t0;
  if ((await db.students.count().exec()) !== n) throw new Error('store count mismatch');
  await db.remove();
  return ms;
}

async function dexieBulkPut(n: number): Promise<number> {
  const docs = students(n);
  const db = new Dexie(`bench-dexie-${run++}`);
  db.version(1).stores({ students: 'id' });
  await db.open();
  const t0 = performance.now();
  await db.table('students').bulkPut(docs);
  const ms = performance.now() - t0;
  if ((await db.table('students').count()) !== n) throw new Error('dexie count mismatch');
  db.close();
  await Dexie.delete(db.name);
  return ms;
}

/** RxDB's Dexie storage layer alone (no collection layer): shows where the store's overhead lives. */
async function storageLayerWrite(n: number): Promise<number> {
  const docs = students(n);
  const db = await openDatabase({ name: `bench-rs-${run++}`, multiInstance: false });
  const now = Date.now();
  const rows = docs.map((d) => ({
    document: { ...d, _deleted: false, _attachments: {}, _rev: '1-a', _meta: { lwt: now } },
  }));
  const t0 = performance.now();
  await db.students.storageInstance.bulkWrite(rows as never, 'bench');
  const ms = performance.now() - t0;
  await db.remove();
  return ms;
}
/**
 * The at-risk list at scale: `n` students of whom about 8% have absences over the last school days (and
 * some a visit), stored. Then, as the extension runs it: the full pass a new school day triggers (in
 * chunks), the list as the dashboard opens it (a fresh database instance, one indexed query), and the
 * incremental refresh after one more mark.
 */
export interface RiskFigures {
  records: number;
  fullMs: number;
  fullLongestTaskMs: number;
  listMs: number;
  listed: number;
  incrementalMs: number;
}

async function riskAtScale(n: number): Promise<RiskFigures> {
  const all = students(n);
  const name = `bench-risk-${run++}`;
  let db = await openDatabase({ name, multiInstance: false });
  const today = todayString();
  const days = lastSchoolDays(5, today, DEFAULT_CALENDAR);
  const events: BaoxueEvent[] = [];
  all.forEach((s, i) => {
    if (i % 12 !== 0) return;
    const streak = 1 + (i % 5);
    for (const date of days.slice(5 - streak))
      events.push({
        id: `a${i}${date}`,
        kind: 'absence',
        studentId: s.id,
        author: 'bench',
        at: i,
        recordedAt: i,
        data: { date, half: 'day', mark: 'unexcused', reason: '' },
      });
    if (i % 24 === 0)
      events.push({
        id: `v${i}`,
        kind: 'homeVisit',
        studentId: s.id,
        author: 'bench',
        at: Date.now(),
        recordedAt: 0,
        data: {
          method: 'home',
          visitorRole: 'teacher',
          reason: '',
          situation: '',
          parentOpinion: '',
          measures: '',
          nextStep: '',
        },
      });
  });
  await db.students.bulkInsert(all);
  await db.events.bulkInsert(events);
  const inputs = { paperwork: [], today, now: Date.now(), opts: {} };

  // Long tasks anywhere on the page while the full pass runs (the page must stay responsive).
  let fullLongestTaskMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) fullLongestTaskMs = Math.max(fullLongestTaskMs, e.duration);
  });
  observer.observe({ type: 'longtask' });
  let t = performance.now();
  await refreshRiskIndex(db, inputs, { full: true });
  const fullMs = performance.now() - t;
  await new Promise((r) => setTimeout(r, 50)); // let the observer deliver
  observer.disconnect();

  // The dashboard opening: a new database instance (no query cache), the list read once.
  await db.close();
  db = await openDatabase({ name, multiInstance: false });
  t = performance.now();
  const list = (await db.risks.find({ selector: { rank: { $lte: 2 } }, sort: [{ rank: 'asc' }] }).exec()).map(
    (d) => d.toJSON(),
  );
  const listMs = performance.now() - t;

  await writeDeviceUser(db, { name: 'bench', role: 'teacher' });
  await runCommand(db, 'absence/record', {
    marks: [{ studentId: all[1]!.id, date: today, half: 'am', mark: 'unexcused' }],
  });
  t = performance.now();
  const inc = await refreshRiskIndex(db, { ...inputs, now: Date.now() });
  const incrementalMs = performance.now() - t;
  if (inc.mode !== 'incremental') throw new Error(`expected an incremental refresh, got ${inc.mode}`);
  await db.remove();
  return { records: events.length, fullMs, fullLongestTaskMs, listMs, listed: list.length, incrementalMs };
}

/**
 * Replication of `n` events from this page to the sync server and back, beside PouchDB's own replicator
 * and a raw transfer (one _bulk_docs, one _all_docs) of the same documents to the same server. Each side
 * gets a fresh school database on the server so none starts with the others' documents.
 */
async function syncAtScale(
  n: number,
  server: { url: string; schools: Record<SyncBenchSchool, string>; user: string; password: string },
): Promise<Record<string, number>> {
  const { schools } = server;
  const account = (school: string) => ({
    url: server.url,
    school,
    user: server.user,
    password: server.password,
  });
  const events = Array.from({ length: n }, (_, i) => ({
    id: `sync-${i}`,
    kind: 'homeVisit' as const,
    studentId: `G${String(i % 3000).padStart(18, '0')}`,
    author: server.user,
    at: 1_700_000_000_000 + i,
    recordedAt: 1_700_000_000_000 + i,
    data: { method: 'home', visitorRole: 'teacher', situation: '家长在家，孩子同意返校' },
  }));
  const auth = basicAuth({ user: server.user, password: server.password });
  const out: Record<string, number> = {};
  const device = (name: string) => openDatabase({ name: `bench-${name}-${run++}`, multiInstance: false });

  // Raw: the same documents in one _bulk_docs, then read back in one _all_docs.
  const rawDb = `${server.url}${databaseName(schools.raw, 'events')}`;
  let t = performance.now();
  const put = await fetch(`${rawDb}/_bulk_docs`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ docs: events.map(({ id, ...rest }) => ({ _id: id, ...rest })) }),
  });
  if (!put.ok) throw new Error(`raw _bulk_docs: ${put.status}`);
  out.rawUp = performance.now() - t;
  t = performance.now();
  const all = (await (
    await fetch(`${rawDb}/_all_docs?include_docs=true`, { headers: { authorization: auth } })
  ).json()) as { rows: unknown[] };
  out.rawDown = performance.now() - t;
  if (all.rows.length < n) throw new Error('raw _all_docs incomplete');

  // Baoxue one pass at a time (the background alarm's way): A pushes, then B pulls.
  const a = await device('sync-a');
  const b = await device('sync-b');
  await a.events.bulkInsert(events);
  t = performance.now();
  await syncOnce(a, account(schools.rx), 600_000);
  out.rxUp = performance.now() - t;
  t = performance.now();
  await syncOnce(b, account(schools.rx), 600_000);
  out.rxDown = performance.now() - t;
  if ((await b.events.count().exec()) !== n) throw new Error('rx pull incomplete');
  await a.remove();
  await b.remove();

  // PouchDB's replicator, same documents, same server, in the same browser: with its default batch size
  // (100) and with Baoxue's (2,000).
  for (const [key, batch] of [
    ['pouch', 2000],
    ['pouchDefault', undefined],
  ] as const) {
    const remote = new PouchDB(`${server.url}${databaseName(schools[key], 'events')}`, {
      fetch: (url: string, opts: RequestInit) => {
        const headers = new Headers(opts.headers);
        headers.set('authorization', auth);
        return PouchDB.fetch(url, { ...opts, headers });
      },
    });
    const pa = new PouchDB(`bench-pouch-a-${run++}`);
    const pb = new PouchDB(`bench-pouch-b-${run++}`);
    await pa.bulkDocs(events.map(({ id, ...rest }) => ({ _id: id, ...rest })));
    const opts = batch ? { batch_size: batch } : {};
    t = performance.now();
    await pa.replicate.to(remote, opts);
    out[`${key}Up`] = performance.now() - t;
    t = performance.now();
    await pb.replicate.from(remote, opts);
    out[`${key}Down`] = performance.now() - t;
    const info = await pb.info();
    if (info.doc_count < n) throw new Error('pouch pull incomplete');
    await pa.destroy();
    await pb.destroy();
  }
  return out;
}

Object.assign(globalThis, {
  baoxueBench: { storeInsert, dexieBulkPut, storageLayerWrite, riskAtScale, syncAtScale },
});
document.body.dataset.ready = '1';
