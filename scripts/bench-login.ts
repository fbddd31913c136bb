/**
 * Login attempts an attacker gets (used by scripts/bench.ts; `npx tsx scripts/bench-login.ts` alone):
 * - what the hash alone would allow (the throttle switched off, same PBKDF2 work factor, in this process);
 * - against the real gateway (child process), one address guessing one account's password, and one address
 *   spraying guesses across many names, for BENCH_LOGIN_SECONDS (default 60) of wall time each: guesses
 *   checked before the throttle started refusing, and checked guesses a second after that;
 * - a whole hour of obeying Retry-After on a simulated clock (real hashes): the most guesses in any minute
 *   after the first one (target ≤ 5 per account).
 */
import { fileURLToPath } from 'node:url';
import { basicAuth } from '../lib/sync/account';
import { createAuth } from '../server/auth';
import { authHarness } from '../server/auth/harness';
import { memoryStore } from '../server/auth/memoryStore';
import { ACCOUNT_POLICY } from '../server/auth/throttle';
import { setupSchool } from '../server/setup';
import { ADMIN, runSyncServer } from '../tests/support/sync-server';

type Row = { figure: string; value: string; target?: string };
const VICTIM = { name: '王老师', password: 'the-real-password', role: 'teacher' as const };
const CONCURRENCY = 8;

/** The first guesses, before the throttle has had its say: the ones checked in this opening stretch. */
const OPENING_MS = 5_000;

/**
 * Guesses as fast as the server answers, `CONCURRENCY` at a time, for `ms`; a refused guess waits as told
 * (a patient attacker, not one refused again and again). Counts the guesses the server actually checked.
 */
async function hammer(url: string, name: (i: number) => string, ms: number) {
  const start = performance.now();
  const elapsed = () => performance.now() - start;
  let i = 0;
  const checkedAt: number[] = [];
  let refused = 0;
  const worker = async () => {
    while (elapsed() < ms) {
      const n = i++;
      const r = await fetch(`${url}_session`, {
        headers: { authorization: basicAuth({ user: name(n), password: `guess-${n}` }) },
      });
      await r.arrayBuffer();
      if (r.status !== 429) {
        if (elapsed() < ms) checkedAt.push(elapsed());
        continue;
      }
      refused++;
      const wait = Number(r.headers.get('retry-after') ?? 1) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(wait, ms - elapsed()))));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const opening = checkedAt.filter((t) => t < OPENING_MS).length;
  return {
    all: checkedAt.length,
    opening,
    perMinuteAfter: ((checkedAt.length - opening) / (ms - OPENING_MS)) * 60_000,
    refused,
  };
}

async function againstGateway(kind: 'one account' | 'many accounts', ms: number) {
  const server = await runSyncServer();
  try {
    await setupSchool({ url: server.url, school: 'bench-login', admin: ADMIN, staff: [VICTIM] });
    const r = await hammer(server.url, kind === 'one account' ? () => VICTIM.name : (i) => `user${i}`, ms);
    return r;
  } finally {
    await server.stop();
  }
}

/** Guesses per second with no throttle: what the password hash alone allows. */
async function unthrottled(ms: number) {
  const off = { free: Number.POSITIVE_INFINITY, baseMs: 0, maxMs: 0, forgetMs: 0 };
  const auth = await createAuth(
    { store: memoryStore(), admin: ADMIN, sessionHours: 1, secureCookies: false },
    { accountPolicy: off, addressPolicy: off },
  );
  const h = await authHarness(auth);
  try {
    const r = await hammer(`${h.url}/`, () => VICTIM.name, ms);
    return r.all / (ms / 1000);
  } finally {
    await h.close();
  }
}

/** One account guessed for an hour on a simulated clock, the attacker trying again as soon as allowed. */
async function simulatedHour() {
  let now = 0;
  const auth = await createAuth(
    { store: memoryStore(), admin: ADMIN, sessionHours: 1, secureCookies: false },
    { now: () => now },
  );
  const h = await authHarness(auth);
  const perMinute = new Array<number>(60).fill(0);
  try {
    for (let n = 0; now < 60 * 60_000; n++) {
      const r = await fetch(`${h.url}/_session`, {
        headers: { authorization: basicAuth({ user: VICTIM.name, password: `guess-${n}` }) },
      });
      await r.arrayBuffer();
      if (r.status === 429) now += Number(r.headers.get('retry-after')) * 1000;
      else {
        perMinute[Math.floor(now / 60_000)]!++;
        now += 100;
      }
    }
  } finally {
    await h.close();
  }
  return {
    first: perMinute[0]!,
    worstAfter: Math.max(...perMinute.slice(1)),
    hour: perMinute.reduce((a, b) => a + b),
  };
}

export async function benchLogin(): Promise<Row[]> {
  const ms = Number(process.env.BENCH_LOGIN_SECONDS ?? 60) * 1000;
  const rows: Row[] = [];
  rows.push({
    figure: 'login guesses, throttle off (hash-bound, PBKDF2 600k)',
    value: `${(await unthrottled(5_000)).toFixed(1)}/s`,
  });
  for (const kind of ['one account', 'many accounts'] as const) {
    const r = await againstGateway(kind, ms);
    rows.push({
      figure: `login guesses, ${kind}, one address: first ${OPENING_MS / 1000} s`,
      value: String(r.opening),
    });
    rows.push({
      figure: `login guesses, ${kind}, one address: after, over ${(ms - OPENING_MS) / 1000} s`,
      value: `${r.perMinuteAfter.toFixed(1)}/min`,
      target: kind === 'one account' ? '≤ 5/min' : undefined,
    });
  }
  const hour = await simulatedHour();
  rows.push({
    figure: 'login guesses, one account, first minute (simulated clock)',
    value: String(hour.first),
  });
  rows.push({
    figure: 'login guesses, one account, worst later minute of an hour',
    value: `${hour.worstAfter}/min`,
    target: `≤ 5/min (policy: ${ACCOUNT_POLICY.free} free)`,
  });
  rows.push({ figure: 'login guesses, one account, whole hour', value: String(hour.hour) });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchLogin();
  const width = Math.max(...rows.map((r) => r.figure.length));
  for (const r of rows) console.log(`${r.figure.padEnd(width)} | ${r.value.padEnd(14)} | ${r.target ?? ''}`);
}
