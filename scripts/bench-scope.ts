/**
 * Scope per role's cost on the pull (used by scripts/bench.ts as BENCH_ONLY=scope; `npx tsx
 * scripts/bench-scope.ts` alone): a school of 10,000 students in 20 classes on the school server; a
 * teacher of one class pulls the students' changes feed as RxDB asks it (batches of 2,000, include_docs,
 * until a batch comes back shorter), and the registrar pulls the same school whole. Over HTTP, no device
 * storage: the figure is the gateway's filtering (every row of the school is still read from the engine
 * and judged) against forwarding the feed as it is. Median of RUNS, alternating.
 */
import { fileURLToPath } from 'node:url';
import { basicAuth } from '../lib/sync/account';
import { databaseName } from '../lib/sync/school';
import { setupSchool } from '../server/setup';
import { ADMIN, runSyncServer } from '../tests/support/sync-server';

type Row = { figure: string; value: string; target?: string };
const N = 10_000;
const CLASSES = 20;
const RUNS = 3;
const BATCH = 2000;
const SCHOOL = 'bench-scope';
const STAFF = [
  { name: 'bench-registrar', password: 'bench-registrar-pw', role: 'registrar' as const },
  { name: 'bench-teacher', password: 'bench-teacher-pw', role: 'teacher' as const, classes: ['七年级1班'] },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function pull(url: string, auth: string): Promise<{ ms: number; docs: number }> {
  const db = databaseName(SCHOOL, 'students');
  let since: unknown = 0;
  let docs = 0;
  const t = performance.now();
  for (;;) {
    const r = await fetch(
      `${url}${db}/_changes?since=${encodeURIComponent(String(since))}&limit=${BATCH}&include_docs=true`,
      { headers: { authorization: auth } },
    );
    if (r.status !== 200) throw new Error(`bench-scope: pull answered ${r.status}`);
    const feed = (await r.json()) as { results: unknown[]; last_seq: unknown };
    docs += feed.results.length;
    since = feed.last_seq;
    if (feed.results.length < BATCH) break;
  }
  return { ms: performance.now() - t, docs };
}

export async function scopeRows(): Promise<Row[]> {
  const server = await runSyncServer();
  try {
    await setupSchool({ url: server.url, school: SCHOOL, admin: ADMIN, staff: STAFF });
    const admin = basicAuth({ user: ADMIN.name, password: ADMIN.password });
    const students = Array.from({ length: N }, (_, i) => ({
      _id: `S${String(i).padStart(6, '0')}`,
      name: 'sealed',
      className: `七年级${(i % CLASSES) + 1}班`,
      updatedAt: 1,
    }));
    const w = await fetch(`${server.url}${databaseName(SCHOOL, 'students')}/_bulk_docs`, {
      method: 'POST',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ docs: students }),
    });
    if (w.status !== 201) throw new Error(`bench-scope: seeding answered ${w.status}`);
    const [registrar, teacher] = STAFF.map((s) => basicAuth({ user: s.name, password: s.password }));
    const full: number[] = [];
    const mine: number[] = [];
    let seen = { full: 0, mine: 0 };
    for (let run = 0; run < RUNS; run++) {
      const f = await pull(server.url, registrar!);
      const m = await pull(server.url, teacher!);
      full.push(f.ms);
      mine.push(m.ms);
      seen = { full: f.docs, mine: m.docs };
    }
    if (seen.mine !== N / CLASSES) throw new Error(`bench-scope: the teacher pulled ${seen.mine}`);
    return [
      {
        figure: `pull ${N} students, registrar (whole school, ${seen.full} rows; median of ${RUNS})`,
        value: `${median(full).toFixed(0)} ms`,
      },
      {
        figure: `pull the same school, teacher of 1 of ${CLASSES} classes (${seen.mine} rows; median of ${RUNS})`,
        value: `${median(mine).toFixed(0)} ms`,
      },
    ];
  } finally {
    await server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  for (const r of await scopeRows()) console.log(`${r.figure}: ${r.value}`);
