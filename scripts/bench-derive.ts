/**
 * The derive engine after a replication pull: a 3,000-student school with a term of records, its list
 * built, then 1,000 absence events written at once (as a pull writes them) and the time until the
 * engine's pass has brought 待办 and the 风险名单 up to date. In Node over RxDB's memory storage, so the
 * figure is the engine's own work (reads, rules, writes through RxDB), not a browser's IndexedDB
 * (fake-indexeddb was tried: its own search tree took most of the time, which says nothing about Chrome).
 * Used by scripts/bench.ts (BENCH_ONLY=derive).
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase } from '../lib/db/database';
import { type DerivePass, startDeriving } from '../lib/derive/engine';
import type { Student } from '../lib/records';
import { DEFAULT_CALENDAR, lastSchoolDays } from '../lib/time/calendar';
import { todayString } from '../lib/time/day';
import { makeStudent } from '../tests/fixtures/records';

const STUDENTS = 3_000;
const PULLED = 1_000;

const student = (i: number): Student =>
  makeStudent({
    id: `G${String(i).padStart(6, '0')}`,
    xjh: `G${String(i).padStart(6, '0')}`,
    name: `学生${i}`,
    className: `${7 + (i % 3)}年级${1 + (i % 10)}班`,
  });

const absence = (studentId: string, date: string, n: number) => ({
  id: `absence:${studentId}:${date}:${n}`,
  kind: 'absence' as const,
  studentId,
  author: '王老师',
  at: Date.now(),
  recordedAt: Date.now(),
  data: { date, half: 'day', mark: 'unexcused', reason: '' },
});

/** One run: a pull of PULLED events over `spread` students; the pass that follows, timed. */
async function run(spread: number): Promise<{ pass: DerivePass; wallMs: number; cpuMs: number }> {
  const db = await openDatabase({
    name: `bench-derive-${spread}-${Date.now()}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
  try {
    await db.students.bulkInsert(Array.from({ length: STUDENTS }, (_, i) => student(i)));
    // A term's history: 300 children with a few scattered days away each.
    const days = lastSchoolDays(60, todayString(), DEFAULT_CALENDAR);
    const history = Array.from({ length: 300 }, (_, i) =>
      [5, 17, 33].map((d, k) => absence(student(i * 10).id, days[(d + i) % 50]!, k)),
    ).flat();
    await db.events.bulkInsert(history as never);
    const passes: DerivePass[] = [];
    const engine = startDeriving(db, { delayMs: 20, onPass: (p) => passes.push(p) });
    await engine.idle(); // the list built once, as on any device
    // The pull: the last days of `spread` children, PULLED events in all, written as one batch.
    const recent = lastSchoolDays(Math.ceil(PULLED / spread), todayString(), DEFAULT_CALENDAR);
    const pulled = Array.from({ length: PULLED }, (_, n) =>
      absence(student((n % spread) * 3).id, recent[Math.floor(n / spread)]!, 100 + n),
    );
    const before = passes.length;
    const start = performance.now();
    const cpu = process.cpuUsage();
    await db.events.bulkInsert(pulled as never);
    await engine.idle();
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    // CPU time too: on a shared machine the wall clock also counts other processes' turns.
    const cpuMs = (used.user + used.system) / 1000;
    engine.stop();
    const after = passes.slice(before);
    const pass = after.reduce((a, p) => ({ ...p, ms: a.ms + p.ms, recomputed: a.recomputed + p.recomputed }));
    return { pass, wallMs, cpuMs };
  } finally {
    await db.remove();
  }
}

export async function deriveRows(): Promise<{ figure: string; value: string; target?: string }[]> {
  const rows = [];
  for (const spread of [200, 1_000]) {
    const { pass, wallMs, cpuMs } = await run(spread);
    rows.push({
      figure: `derive after a pull of ${PULLED.toLocaleString('en')} events (${spread.toLocaleString('en')} children) into ${STUDENTS.toLocaleString('en')} students: ${pass.mode} pass, ${pass.recomputed} recomputed`,
      value: `${Math.round(pass.ms)} ms`,
    });
    rows.push({
      figure: '  … from the pull written to lists current (incl. the debounce)',
      value: `${Math.round(wallMs)} ms`,
    });
    rows.push({ figure: '  … CPU time of that (this process)', value: `${Math.round(cpuMs)} ms` });
  }
  return rows;
}
