/**
 * `npm run bench`: speed and size figures, printed as a table (and saved to bench-results/latest.json).
 * Never a timed test: figures are reported, targets shown beside them, nothing fails on a slow machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RiskFigures, SyncBenchSchool } from '../entrypoints/bench/main';
import { setupSchool } from '../server/setup';
import { launchProfile } from '../tests/support/chromium';
import { ADMIN, runSyncServer } from '../tests/support/sync-server';
import { deriveRows } from './bench-derive';
import { benchGateway } from './bench-gateway';
import { benchGrid, gridRows } from './bench-grid';
import { benchLogin } from './bench-login';
import { scopeRows } from './bench-scope';
import { grantBenchKeys, sealedRows } from './bench-sealed';
import { virtualRows } from './bench-virtual';

type Row = { figure: string; value: string; target?: string };
const rows: Row[] = [];
const fmtMs = (ms: number) => `${ms.toFixed(0)} ms`;
const fmtKb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed(cmd: string, args: string[]): number {
  const t0 = performance.now();
  execFileSync(cmd, args, { stdio: 'ignore' });
  return performance.now() - t0;
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

const only = process.env.BENCH_ONLY; // e.g. BENCH_ONLY=grid npm run bench

// The browser figures use the demo build.
timed('npx', ['wxt', 'build', '--mode', 'demo']);

// 1. Builds: a cold production build (no previous output), then the demo build the browser figures use.
if (!only || only === 'build') {
  await rm('.output/chrome-mv3', { recursive: true, force: true });
  rows.push({ figure: 'cold build (production, chrome-mv3)', value: fmtMs(timed('npx', ['wxt', 'build'])) });
  const content = await readFile('.output/chrome-mv3/content-scripts/content.js');
  rows.push({ figure: 'content script, gzipped', value: fmtKb(gzipSync(content).length), target: '≤ 50 KB' });
  rows.push({ figure: 'extension total (unpacked)', value: fmtKb(await dirSize('.output/chrome-mv3')) });
}

// 2. Store bulk insert vs raw Dexie, in real Chromium, in the extension's origin.
if (!only || only === 'store') {
  const N = 10_000;
  const RUNS = 5;
  const profile = await launchProfile();
  try {
    const page = await profile.context.newPage();
    await page.goto(`chrome-extension://${profile.extensionId}/bench.html`);
    await page.waitForSelector('body[data-ready="1"]');
    const store: number[] = [];
    const dexie: number[] = [];
    const layer: number[] = [];
    const call = (name: 'storeInsert' | 'dexieBulkPut' | 'storageLayerWrite', n: number) =>
      page.evaluate(
        ([fn, count]) => {
          type Bench = Record<
            'storeInsert' | 'dexieBulkPut' | 'storageLayerWrite',
            (n: number) => Promise<number>
          >;
          return (globalThis as unknown as { baoxueBench: Bench }).baoxueBench[fn](count);
        },
        [name, n] as const,
      );
    // Warm-up (JIT, IndexedDB start-up) at a tenth of the size, not counted.
    await call('storeInsert', N / 10);
    await call('dexieBulkPut', N / 10);
    for (let i = 0; i < RUNS; i++) {
      // Alternate the order so neither side always runs on a warmer engine.
      const pair = (name: 'storeInsert' | 'dexieBulkPut' | 'storageLayerWrite') => call(name, N);
      if (i % 2 === 0) {
        store.push(await pair('storeInsert'));
        dexie.push(await pair('dexieBulkPut'));
        layer.push(await pair('storageLayerWrite'));
      } else {
        layer.push(await pair('storageLayerWrite'));
        dexie.push(await pair('dexieBulkPut'));
        store.push(await pair('storeInsert'));
      }
    }
    const s = median(store);
    const d = median(dexie);
    rows.push({ figure: `store bulk insert, ${N} students (median of ${RUNS})`, value: fmtMs(s) });
    rows.push({ figure: `raw Dexie bulkPut, same ${N} docs (median of ${RUNS})`, value: fmtMs(d) });
    rows.push({ figure: `  of which RxDB's Dexie storage layer alone`, value: fmtMs(median(layer)) });
    rows.push({ figure: 'ratio store / raw Dexie', value: `${(s / d).toFixed(2)}×`, target: '≤ 1.5×' });
  } finally {
    await profile.close();
  }
}

// 3. The at-risk list, in the browser: opening it, keeping it current, recomputing it on a new day.
if (!only || only === 'risk') {
  const profile = await launchProfile();
  try {
    const page = await profile.context.newPage();
    await page.goto(`chrome-extension://${profile.extensionId}/bench.html`);
    await page.waitForSelector('body[data-ready="1"]');
    for (const [n, target] of [
      [3_000, '≤ 50 ms'],
      [50_000, '≤ 300 ms'],
    ] as const) {
      const r = await page.evaluate(
        (count) =>
          (
            globalThis as unknown as {
              baoxueBench: {
                riskAtScale(n: number): Promise<RiskFigures>;
              };
            }
          ).baoxueBench.riskAtScale(count),
        n,
      );
      rows.push({
        figure: `at-risk list, ${n} students (${r.records} records): opening the list (${r.listed} listed)`,
        value: fmtMs(r.listMs),
        target,
      });
      rows.push({
        figure: `at-risk list, ${n} students: one mark recorded → list and tasks updated`,
        value: fmtMs(r.incrementalMs),
      });
      rows.push({
        figure: `at-risk list, ${n} students: full recompute (new school day), in chunks`,
        value: fmtMs(r.fullMs),
      });
      rows.push({
        figure: `at-risk list, ${n} students: long tasks (≥ 50 ms) during the full recompute, longest`,
        value: r.fullLongestTaskMs ? fmtMs(r.fullLongestTaskMs) : 'none',
        target: '< 50 ms',
      });
    }
  } finally {
    await profile.close();
  }
}

// 4. Sync: 10,000 documents from the browser to the embedded server and back, beside PouchDB's replicator
// and a raw transfer of the same documents to the same server, in the same run.
if (!only || only === 'sync') {
  const N = 10_000;
  const server = await runSyncServer();
  const schools: Record<SyncBenchSchool, string> = {
    raw: 'bench-raw',
    rx: 'bench-rx',
    pouch: 'bench-pouch',
    pouchDefault: 'bench-pouch-default',
  };
  const user = { name: 'bench-teacher', password: 'bench-pw', role: 'teacher' as const };
  for (const school of Object.values(schools))
    await setupSchool({ url: server.url, school, admin: ADMIN, staff: [user] });
  await grantBenchKeys(server.url, schools.rx, user); // Baoxue's replication seals personal fields
  // One account for all the schools: each set-up adds its school's membership to the account's roles.
  const profile = await launchProfile();
  try {
    const page = await profile.context.newPage();
    await page.goto(`chrome-extension://${profile.extensionId}/bench.html`);
    await page.waitForSelector('body[data-ready="1"]');
    const r = await page.evaluate(
      ([n, arg]) =>
        (
          globalThis as unknown as {
            baoxueBench: { syncAtScale(n: number, s: unknown): Promise<Record<string, number>> };
          }
        ).baoxueBench.syncAtScale(n, arg),
      [N, { url: server.url, schools, user: user.name, password: user.password }] as const,
    );
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const trip = (k: string) => r[`${k}Up`]! + r[`${k}Down`]!;
    const ways = [
      ['one way', (k: string) => r[`${k}Up`]!, 'raw _bulk_docs', 'push'],
      ['round trip', trip, 'raw _bulk_docs + _all_docs', 'A pushes, B pulls'],
    ] as const;
    for (const [way, time, raw, rx] of ways) {
      rows.push({ figure: `sync ${N} docs ${way}: ${raw}`, value: fmtMs(time('raw')) });
      rows.push({ figure: `sync ${N} docs ${way}: Baoxue (${rx})`, value: fmtMs(time('rx')) });
      rows.push({ figure: `sync ${N} docs ${way}: PouchDB, batches of 2,000`, value: fmtMs(time('pouch')) });
      rows.push({
        figure: `sync ${N} docs ${way}: PouchDB, its defaults`,
        value: fmtMs(time('pouchDefault')),
      });
      rows.push({
        figure: `sync ${way}: Baoxue / raw`,
        value: ratio(time('rx'), time('raw')),
        target: '≤ 2×',
      });
      for (const [k, label] of [
        ['pouch', '2,000'],
        ['pouchDefault', 'defaults'],
      ] as const)
        rows.push({
          figure: `sync ${way}: PouchDB (${label}) / Baoxue`,
          value: ratio(time(k), time('rx')),
          target: '≥ 2×',
        });
    }
  } finally {
    await profile.close();
    await server.stop();
  }
}

// 5. A 2,000-row grid: what the overlay adds to the host page (beside the figures before issue 14).
if (!only || only === 'grid') rows.push(...gridRows(await benchGrid(3)));

// 5b. The 2.0-style skin's 2,000-row virtual list: long tasks added, time until every record is stored.
if (!only || only === 'virtual') rows.push(...(await virtualRows(3)));

// 5c. The derive engine after a replication pull of 1,000 events into a 3,000-student school.
if (!only || only === 'derive') rows.push(...(await deriveRows()));

// 6. Logins: the guesses an attacker gets against the sync server, before and after the throttle.
if (!only || only === 'login') rows.push(...(await benchLogin()));

// 6b. End-to-end encryption: replication sealed vs plain.
if (!only || only === 'sealed') rows.push(...(await sealedRows()));

// 6c. Scope per role: a teacher's filtered pull vs a registrar's full pull of the same school.
if (!only || only === 'scope') rows.push(...(await scopeRows()));

// 7. The school server's gateway: writes while 200 devices long-poll, its overhead on replication.
if (!only || only === 'gateway') rows.push(...(await benchGateway()));

const width = Math.max(...rows.map((r) => r.figure.length));
console.log(`\n${'figure'.padEnd(width)} | value      | target`);
console.log(`${'-'.repeat(width)}-|------------|--------`);
for (const r of rows) console.log(`${r.figure.padEnd(width)} | ${r.value.padEnd(10)} | ${r.target ?? ''}`);
await mkdir('bench-results', { recursive: true });
await writeFile(
  'bench-results/latest.json',
  `${JSON.stringify({ at: new Date().toISOString(), rows }, null, 2)}\n`,
);
