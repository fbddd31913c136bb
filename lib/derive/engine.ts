/**
 * The derive engine's driver, owned by the background worker: a pass (lib/derive/refresh.ts) whenever a
 * record changes — a command, a capture, or what a replication pull wrote in a dashboard page (RxDB
 * shares change events between the worker and the pages of one extension) — and once on start, to catch
 * up on whatever changed while the worker slept (each pass reads the change feed from its stored
 * position). A burst of writes is one pass; a pass never runs beside another.
 */
import { distinctUntilChanged, map, merge, skip } from 'rxjs';
import type { BaoxueDatabase } from '../db/types';
import { settings$ } from '../settings/store';
import { refreshDerived } from './refresh';
import type { RefreshResult } from './riskIndex';

export interface DerivePass extends RefreshResult {
  /** How long the pass took, ms. */
  ms: number;
}

export interface Deriving {
  /** Asks for a pass soon (after the burst settles). */
  kick(): void;
  /** Resolves when no pass is waiting or running. */
  idle(): Promise<void>;
  stop(): void;
}

export function startDeriving(
  db: BaoxueDatabase,
  opts: { delayMs?: number; onPass?: (p: DerivePass) => void; onError?: (e: unknown) => void } = {},
): Deriving {
  const delay = opts.delayMs ?? 50;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const waiting: (() => void)[] = [];
  const settle = () => {
    if (timer || running) return;
    for (const resolve of waiting.splice(0)) resolve();
  };
  const pass = () => {
    timer = undefined;
    if (stopped) return settle();
    if (running) {
      again = true;
      return;
    }
    const start = performance.now();
    running = refreshDerived(db)
      .then((r) => opts.onPass?.({ ...r, ms: performance.now() - start }))
      .catch((e) => (opts.onError ?? ((x) => console.error('derive pass failed', x)))(e))
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          kick();
        } else settle();
      });
  };
  const kick = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(pass, delay);
  };
  // Derived collections (tasks, risks) and the engine's own bookkeeping are not watched: only records.
  const changedSettings = settings$(db).pipe(
    map((s) => JSON.stringify(s)),
    distinctUntilChanged(),
    skip(1),
  );
  const sub = merge(db.events.$, db.students.$, db.cases.$, changedSettings).subscribe(kick);
  kick();
  return {
    kick,
    idle: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        settle();
      }),
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      sub.unsubscribe();
      settle();
    },
  };
}
