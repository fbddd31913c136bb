/**
 * The school server's figures (`npm run bench`, or alone: `npx tsx scripts/bench-gateway.ts`):
 * - write latency (p50/p99) while 1 and while 200 devices long-poll the changes feed, as Baoxue's client
 *   asks it; and, for comparison, the engine alone with 200 long-polls (what the server did before);
 * - the gateway's overhead on replicating 10,000 documents (push in batches of 2,000 as a teacher, with
 *   the rules, the read of current revisions and the audit log; then a pull in batches of 2,000) against
 *   the engine alone (the same express-pouchdb, reached directly over TCP, no accounts, no rules).
 * Both servers run as child processes on this machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basicAuth } from '../lib/sync/account';
import { startEmbeddedEngine } from '../server/engine';
import { setupSchool } from '../server/setup';
import { ADMIN, runSyncServer } from '../tests/support/sync-server';

type Row = { figure: string; value: string; target?: string };
const TEACHER = { name: 'bench-teacher', password: 'bench-teacher-pw', role: 'teacher' as const };
const auth = basicAuth({ user: TEACHER.name, password: TEACHER.password });
const ms = (x: number) => `${x.toFixed(0)} ms`;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const median = (xs: number[]) => pct(xs, 0.5);
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

const event = (id: string) => ({
  _id: id,
  kind: 'homeVisit',
  studentId: 'G1',
  author: TEACHER.name,
  at: 1_700_000_000_000,
  recordedAt: 1_700_000_000_000,
  data: { method: '上门', visitorRole: 'teacher', situation: '家长同意下周一送孩子到校' },
});

/** The engine alone on a TCP port, in a child process (this file, run with `engine <dir>`). */
async function engineAlone(): Promise<{ url: string; child: ChildProcess }> {
  const dir = await mkdtemp(join(tmpdir(), 'baoxue-bench-engine-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-gateway.ts', 'engine', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      const m = /engine on (http:\S+)/.exec(c.toString());
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`engine exited ${code}`)));
  });
  return { url, child };
}

async function longPollers(url: string, n: number, headers: Record<string, string>) {
  let stop = false;
  const controllers: AbortController[] = [];
  let answers = 0;
  const loops = Array.from({ length: n }, async () => {
    let since: string | number = 'now';
    const controller = new AbortController();
    controllers.push(controller);
    while (!stop) {
      try {
        const r = await fetch(
          `${url}_changes?style=all_docs&feed=longpoll&include_docs=true&since=${since}&heartbeat=20000&limit=2000&seq_interval=2000`,
          { headers, signal: controller.signal },
        );
        const feed = (await r.json()) as { last_seq: string | number };
        since = encodeURIComponent(String(feed.last_seq));
        answers++;
      } catch {
        if (!stop) await sleep(200);
      }
    }
  });
  await sleep(Math.max(1000, n * 15)); // every device is waiting
  return {
    answers: () => answers,
    async end() {
      stop = true;
      for (const c of controllers) c.abort();
      // An aborted fetch of a feed the engine keeps open has been seen not to settle: never wait long.
      await Promise.race([Promise.allSettled(loops), sleep(5000)]);
    },
  };
}

/** Sequential single-document writes, spaced as a school's writes are, each timed to its answer. */
async function writeLatencies(dbUrl: string, headers: Record<string, string>, count: number, prefix: string) {
  const times: number[] = [];
  for (let i = -5; i < count; i++) {
    const t0 = performance.now();
    const r = await fetch(`${dbUrl}_bulk_docs`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ docs: [event(`${prefix}-${i}`)] }),
      signal: AbortSignal.timeout(30_000),
    });
    const [answer] = (await r.json()) as { ok?: boolean }[];
    if (process.env.BENCH_TRACE) console.error(prefix, i, (performance.now() - t0).toFixed(0));
    if (!answer?.ok) throw new Error(`write refused: ${JSON.stringify(answer)}`);
    if (i >= 0) times.push(performance.now() - t0); // the first five warm up
    await sleep(100);
  }
  return times;
}

/** Push 10,000 documents in batches of 2,000, then pull them all back in batches of 2,000. */
async function replicate(dbUrl: string, given: Record<string, string>, prefix: string) {
  const N = 10_000;
  // No compression either way: the engine alone would gzip for fetch (express-pouchdb's default), the
  // gateway does not (a proxy in front of it may); the comparison is of the gateway's own work.
  const headers = { ...given, 'accept-encoding': 'identity' };
  const t0 = performance.now();
  for (let i = 0; i < N; i += 2000) {
    const docs = Array.from({ length: 2000 }, (_, j) => event(`${prefix}-${String(i + j).padStart(5, '0')}`));
    const r = await fetch(`${dbUrl}_bulk_docs`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ docs }),
    });
    const answers = (await r.json()) as { ok?: boolean }[];
    if (answers.filter((a) => a.ok).length !== docs.length) throw new Error('push refused');
  }
  const pushed = performance.now() - t0;
  let since: string | number = 0;
  let pulled = 0;
  for (;;) {
    const r = await fetch(
      `${dbUrl}_changes?style=all_docs&feed=normal&include_docs=true&since=${encodeURIComponent(String(since))}&limit=2000&seq_interval=2000`,
      { headers },
    );
    const feed = (await r.json()) as { results: unknown[]; last_seq: string | number };
    pulled += feed.results.length;
    since = feed.last_seq;
    if (feed.results.length < 2000) break;
  }
  if (pulled < N) throw new Error(`pulled ${pulled}`);
  const total = performance.now() - t0;
  if (process.env.BENCH_TRACE)
    console.error(prefix, dbUrl, 'push', pushed.toFixed(0), 'pull', (total - pushed).toFixed(0));
  return total;
}

export async function benchGateway(): Promise<Row[]> {
  const rows: Row[] = [];
  const server = await runSyncServer();
  let alone = await engineAlone();
  try {
    const schools = ['bench-lp1', 'bench-lp200', ...[0, 1, 2, 3, 4, 5].map((r) => `bench-rep${r}`)];
    for (const school of schools) await setupSchool({ url: server.url, school, admin: ADMIN, staff: [] });
    // One teacher of all three schools.
    const put = await fetch(`${server.url}_baoxue/accounts/${TEACHER.name}`, {
      method: 'PUT',
      headers: {
        authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }),
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        roles: [...schools.map((s) => `baoxue-${s}`), 'teacher'],
        password: TEACHER.password,
      }),
    });
    if (!put.ok) throw new Error(`account: ${put.status}`);
    const headers = { authorization: auth };

    // 1. Writes while devices long-poll, through the gateway.
    const part = process.env.BENCH_GATEWAY_PART; // 'writes' or 'replicate': one part only
    if (part !== 'replicate')
      for (const [n, school] of [
        [1, 'bench-lp1'],
        [200, 'bench-lp200'],
      ] as const) {
        const db = `${server.url}baoxue-${school}-events/`;
        const polls = await longPollers(db, n, headers);
        const times = await writeLatencies(db, headers, 100, `w${n}`);
        const woken = polls.answers();
        await polls.end();
        rows.push({
          figure: `gateway: a write with ${n} long-polling device(s), p50 (100 writes)`,
          value: ms(pct(times, 0.5)),
        });
        rows.push({
          figure: `gateway: a write with ${n} long-polling device(s), p99`,
          value: ms(pct(times, 0.99)),
          target: n === 200 ? '< 200 ms' : undefined,
        });
        rows.push({
          figure: `gateway: long-poll answers delivered to the ${n} device(s)`,
          value: String(woken),
        });
      }
    // The engine alone with 200 long-polls (fewer writes: each took seconds before the gateway).
    if (part !== 'replicate') {
      await fetch(`${alone.url}lp-alone`, { method: 'PUT' });
      const polls = await longPollers(`${alone.url}lp-alone/`, 200, {});
      const times = await writeLatencies(`${alone.url}lp-alone/`, {}, 20, 'alone');
      await polls.end();
      rows.push({
        figure: 'engine alone: a write with 200 long-polling devices, p50 (20 writes)',
        value: ms(pct(times, 0.5)),
      });
      rows.push({
        figure: 'engine alone: a write with 200 long-polling devices, p99',
        value: ms(pct(times, 0.99)),
      });
    }

    // 2. Replicating 10,000 documents: the gateway (as a teacher) against the engine alone (a fresh one:
    // the long-polls above leave listeners behind in express-pouchdb), alternated.
    alone.child.kill('SIGTERM');
    alone = await engineAlone();
    const viaGateway: number[] = [];
    const viaEngine: number[] = [];
    // Run 0 warms both up (JIT, LevelDB) and is not counted.
    for (let run = 0; run < (part === 'writes' ? 0 : 6); run++) {
      const gwDb = `baoxue-bench-rep${run}-events`;
      const g = await replicate(`${server.url}${gwDb}/`, headers, `r${run}`);
      await fetch(`${alone.url}rep${run}`, { method: 'PUT' });
      const e = await replicate(`${alone.url}rep${run}/`, {}, `r${run}`);
      if (run) {
        viaGateway.push(g);
        viaEngine.push(e);
      }
    }
    if (part === 'writes') return rows;
    const g = median(viaGateway);
    const e = median(viaEngine);
    rows.push({
      figure: 'replicate 10,000 docs (push + pull) through the gateway, median of 5',
      value: ms(g),
    });
    rows.push({ figure: 'replicate 10,000 docs (push + pull), engine alone, median of 5', value: ms(e) });
    rows.push({
      figure: 'gateway overhead on replication (gateway / engine alone)',
      value: `${(g / e).toFixed(2)}×`,
      target: '≤ 1.2×',
    });
  } finally {
    await server.stop();
    alone.child.kill('SIGTERM');
  }
  return rows;
}

if (process.argv[2] === 'engine') {
  const started = await startEmbeddedEngine(process.argv[3]!, 0);
  console.log(`engine on http://127.0.0.1:${started.port}/`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchGateway();
  for (const r of rows) console.log(`${r.figure} | ${r.value} | ${r.target ?? ''}`);
}
