/**
 * Reading and badging a 2,000-row grid in real Chromium: long tasks with the extension beside the page's
 * own (the same page without it), the longest task, time from rows painted to everything saved and
 * badged, and the overlay's memory cost (JS heap after GC, DOM nodes). Used by scripts/bench.ts.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { startDemoServer } from '../demo/server';
import { DEMO_EXTENSION, launchProfile } from '../tests/support/chromium';

const ROWS = 2000;

type Row = { figure: string; value: string; target?: string };

/**
 * The overlay's figures before issue 14's badge layer (every badge its own shadow root, `<style>`,
 * button and two text nodes), measured with this bench (BENCH_ONLY=grid, median of 3) at commit
 * f13538c on the project's 2-core machine, 2026-11-29. Kept so each run prints today's beside them.
 */
export const BEFORE = {
  commit: 'f13538c',
  savedAfterMs: 2082,
  heapKb: 4778.1,
  domNodes: 12014,
  longTasksAdded: 1,
  longestMs: 122,
} as const;

/**
 * The same figures at 7bac90e, before the badges stopped waiting for the save, the content script lost zod
 * and the kept JSON was built compactly: this bench (BENCH_ONLY=grid, median of 3), 2026-11-30 00:15.
 */
export const BEFORE_SAVE_PATH = {
  commit: '7bac90e',
  savedAfterMs: 1687,
  heapKb: 5150.4,
  longTasksAdded: 1,
} as const;

/**
 * The same at 2dcf593, before the kept JSON was packed in columns and zod left the content script: this
 * bench (BENCH_ONLY=grid, median of 3, three runs at load 0.5–13; the median run's figures), 2026-11-30.
 */
export const BEFORE_COLUMNS = {
  commit: '2dcf593',
  badgedAfterMs: 1577,
  heapKb: 2158.3,
} as const;

/**
 * The same at 159a353, before the badges' ids were packed per scan and this bench split its figures
 * (badge nodes per row apart from the strip's fixed nodes; the heap by who allocated it): this bench
 * (BENCH_ONLY=grid, median of 3, load 0.7), 2026-11-30 06:35.
 */
export const BEFORE_PACKED = {
  commit: '159a353',
  badgedAfterMs: 756,
  heapKb: 1756.8,
  domNodes: 4021,
} as const;

/**
 * The same at b375e6e, before the grid's JSON was copied into the content script only after the overlay's
 * read (it came while the page drew its rows, and the page's cell objects were then kept), the pager was
 * searched without listing every row link and plain tables without listing an L5 grid's row tables: this
 * bench (BENCH_ONLY=grid, median of 3, load 0.5), 2026-11-30 09:45.
 */
export const BEFORE_PULL = {
  commit: 'b375e6e',
  badgedAfterMs: 790,
  heapKb: 2316.5,
} as const;

/**
 * The same at 9fce360, before a grid's cells were made into records in the worker (the content script
 * normalised, checked and merged every row with the grid's JSON, which it kept for the page's life): this
 * session's interleaved runs of 9fce360 and its successor (4 runs each, load 1.7–3.1), 2026-11-30 13:04.
 */
export const BEFORE_WORKER = {
  commit: '9fce360',
  badgedAfterMs: 618,
  heapKb: 1122,
} as const;

/** Live heap by who allocated it, from V8's sampling heap profiler (bytes; a sample per ~16 KB allocated). */
export interface SampledHeap {
  /** Allocated by Baoxue's own scripts (content script, main-world observer): chrome-extension:// frames. */
  baoxue: number;
  /** Allocated by the page's own scripts. */
  page: number;
  /** Allocated with no script on the stack: wrappers and contexts the browser makes for scripts. */
  other: number;
}

export interface GridFigures {
  longTasks: number;
  longTaskMs: number;
  longestMs: number;
  savedAfterMs: number | null;
  /** Rows painted → every row has its badge (the store may still be saving). */
  badgedAfterMs: number | null;
  /**
   * Rows painted → the strip says 保存中: the cells read, made into records by the worker (merged with the
   * JSON it keeps for the frame), and what the store holds about them answered.
   */
  readAfterMs: number | null;
  /** 保存中 → the first badge (up to 9fce360 the store was asked only here; now its answer comes with the read). */
  storeMs: number | null;
  heapBytes: number;
  /** Heap freed when the badges are taken off again (what the badges themselves hold). */
  badgeHeapBytes: number;
  domNodes: number;
  /** DOM nodes gone when the badges are taken off again (each badge element and its ::before). */
  badgeNodes: number;
  sampled: SampledHeap;
}

const SAMPLING_INTERVAL = 16 * 1024;

interface SamplingNode {
  callFrame: { url: string };
  selfSize: number;
  children: SamplingNode[];
}

/**
 * Live bytes of a sampling heap profile by the nearest script on each allocation's stack: a function of
 * Baoxue's (chrome-extension://), of the page, or none (the browser allocating for a script's call).
 */
export function sampledByScript(head: SamplingNode): SampledHeap {
  const out: SampledHeap = { baoxue: 0, page: 0, other: 0 };
  const walk = (node: SamplingNode, nearest: string) => {
    const url = node.callFrame.url || nearest;
    if (node.selfSize)
      out[url.startsWith('chrome-extension://') ? 'baoxue' : url ? 'page' : 'other'] += node.selfSize;
    for (const child of node.children) walk(child, url);
  };
  walk(head, '');
  return out;
}

// Runs in the page before its own scripts: records long tasks and when the grid and the overlay finished.
export function probe(rows: number) {
  const w = window as unknown as Record<string, unknown>;
  const tasks: { start: number; duration: number }[] = [];
  w.__tasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const poll = setInterval(() => {
    if (!w.__rowsAt && document.querySelectorAll('.l-grid3-row').length >= rows)
      w.__rowsAt = performance.now();
    const overlay = document.querySelector('baoxue-overlay')?.shadowRoot;
    if (w.__rowsAt && !w.__savingAt && overlay?.querySelector('[data-baoxue-state="saving"]'))
      w.__savingAt = performance.now();
    if (w.__savingAt && !w.__badgeAt && document.querySelector('baoxue-badge'))
      w.__badgeAt = performance.now();
    if (w.__rowsAt && !w.__badgedAt && document.querySelectorAll('baoxue-badge').length >= rows)
      w.__badgedAt = performance.now();
    const saved = overlay?.querySelector(`[data-baoxue-state="saved"][data-baoxue-count="${rows}"]`);
    if (w.__rowsAt && saved && document.querySelectorAll('baoxue-badge').length >= rows) {
      w.__savedAt = performance.now();
      clearInterval(poll);
    }
  }, 20);
}

/**
 * One page load measured. `overlay`: Baoxue is installed (wait for its save and badges); an extension that
 * does nothing is measured with `overlay` false, as the page alone is.
 */
async function measure(
  context: BrowserContext,
  base: string,
  overlay: boolean,
  rows = ROWS,
): Promise<GridFigures> {
  const page = await context.newPage();
  await page.addInitScript(probe, rows);
  // Who allocated what is still alive at the end: sampled from the page's start, with and without Baoxue.
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.startSampling', { samplingInterval: SAMPLING_INTERVAL });
  await page.goto(`${base}/jsp/public/login.jsp`);
  await page.click('#loginBtn');
  await page.goto(`${base}/jsp/xsxx/xjsjwh.jsp?pageSize=${rows}`);
  // Polled from here with small evaluations: Playwright's waitForFunction injects its own script into
  // the page, which shows up as long tasks that are neither the page's nor Baoxue's.
  const flag = (name: string) =>
    page.evaluate((n) => !!(window as unknown as Record<string, unknown>)[n], name);
  const until = async (name: string) => {
    for (const deadline = Date.now() + 60_000; !(await flag(name)); await page.waitForTimeout(250))
      if (Date.now() > deadline) throw new Error(`${name} never came`);
  };
  await until('__rowsAt');
  if (overlay) await until('__savedAt');
  await page.waitForTimeout(1500); // let trailing work finish
  // The grid's JSON may arrive after its rows were first read: the read it brings (saved, badged again)
  // must be over before the heap is measured, or its passing work is counted as what the overlay keeps.
  // Settled: the strip's state and read number unchanged for 2 s (at most 20 s).
  if (overlay) {
    const reads = () =>
      page.evaluate(() => {
        const strip = document
          .querySelector('baoxue-overlay')
          ?.shadowRoot?.querySelector('[data-baoxue-state]');
        return `${strip?.getAttribute('data-baoxue-state')}|${strip?.getAttribute('data-baoxue-scan')}`;
      });
    for (let last = await reads(), until = Date.now() + 20_000; Date.now() < until; ) {
      await page.waitForTimeout(2000);
      const now = await reads();
      if (now === last) break;
      last = now;
    }
  }
  const result = await page.evaluate(() => {
    const w = window as unknown as {
      __tasks: { duration: number }[];
      __rowsAt?: number;
      __savingAt?: number;
      __badgeAt?: number;
      __savedAt?: number;
      __badgedAt?: number;
    };
    return {
      tasks: w.__tasks.map((t) => t.duration),
      savedAfter: w.__savedAt && w.__rowsAt ? w.__savedAt - w.__rowsAt : null,
      badgedAfter: w.__badgedAt && w.__rowsAt ? w.__badgedAt - w.__rowsAt : null,
      readAfter: w.__savingAt && w.__rowsAt ? w.__savingAt - w.__rowsAt : null,
      store: w.__badgeAt && w.__savingAt ? w.__badgeAt - w.__savingAt : null,
    };
  });
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const { profile } = (await cdp.send('HeapProfiler.getSamplingProfile')) as {
    profile: { head: SamplingNode };
  };
  await cdp.send('HeapProfiler.stopSampling');
  await cdp.send('Performance.enable');
  const nodes = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: { name: string; value: number }[];
    };
    return metrics.find((m) => m.name === 'Nodes')?.value ?? 0;
  };
  const domNodes = await nodes();
  await page.evaluate(() => {
    for (const b of document.querySelectorAll('baoxue-badge')) b.remove();
  });
  await cdp.send('HeapProfiler.collectGarbage');
  const unbadged = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const unbadgedNodes = await nodes();
  await page.close();
  return {
    longTasks: result.tasks.length,
    longTaskMs: result.tasks.reduce((a, b) => a + b, 0),
    longestMs: Math.max(0, ...result.tasks),
    savedAfterMs: result.savedAfter,
    badgedAfterMs: result.badgedAfter,
    readAfterMs: result.readAfter,
    storeMs: result.store,
    heapBytes: heap.usedSize,
    badgeHeapBytes: heap.usedSize - unbadged.usedSize,
    domNodes,
    badgeNodes: domNodes - unbadgedNodes,
    sampled: sampledByScript(profile.head),
  };
}

/**
 * An extension with the same content-script slots as the demo build (the main-world one at document_start,
 * the isolated one) whose scripts do nothing: what any extension there costs the page, Baoxue's code apart.
 */
async function emptyExtension(): Promise<{ dir: string; close(): Promise<void> }> {
  const built = JSON.parse(await readFile(join(DEMO_EXTENSION, 'manifest.json'), 'utf8')) as {
    content_scripts: Record<string, unknown>[];
  };
  const dir = await mkdtemp(join(tmpdir(), 'baoxue-empty-ext-'));
  const manifest = {
    manifest_version: 3,
    name: 'empty',
    version: '1.0',
    background: { service_worker: 'noop.js' },
    content_scripts: built.content_scripts.map((c) => ({ ...c, js: ['noop.js'], css: undefined })),
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(join(dir, 'noop.js'), 'void 0;\n');
  return { dir, close: () => rm(dir, { recursive: true, force: true }) };
}

export interface GridBench {
  without: GridFigures[];
  with: GridFigures[];
  /** A 20-row page of the same list, without and with Baoxue: the part of the heap that is not per row. */
  smallWithout: GridFigures[];
  smallWith: GridFigures[];
  /** The 2,000-row page with an extension whose content scripts do nothing. */
  empty: GridFigures[];
}

const SMALL = 20;

export async function benchGrid(runs = 3): Promise<GridBench> {
  // At least 112 a class: the demo school then has every kind of case it generates.
  const demo = await startDemoServer({ perClass: Math.max(112, Math.ceil(ROWS / 18)) });
  const empty = await emptyExtension();
  const out: GridBench = { without: [], with: [], smallWithout: [], smallWith: [], empty: [] };
  const one = async (extension: string | false | undefined, overlay: boolean, rows: number) => {
    const profile = await launchProfile({ extension });
    try {
      return await measure(profile.context, demo.url, overlay, rows);
    } finally {
      await profile.close();
    }
  };
  try {
    for (let i = 0; i < runs; i++) {
      out.without.push(await one(false, false, ROWS));
      out.with.push(await one(undefined, true, ROWS));
      out.smallWithout.push(await one(false, false, SMALL));
      out.smallWith.push(await one(undefined, true, SMALL));
      out.empty.push(await one(empty.dir, false, ROWS));
    }
  } finally {
    await empty.close();
    await demo.close();
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The median of the runs, and their range: `1687 ms (1500–1800)`. */
function msRange(xs: GridFigures[], f: (g: GridFigures) => number | null): string {
  const v = xs.map((g) => f(g) ?? Number.NaN);
  const lo = Math.min(...v).toFixed(0);
  const hi = Math.max(...v).toFixed(0);
  return `${median(v).toFixed(0)} ms (${lo}–${hi})`;
}

/** The bench's table rows for the grid: each figure with the same figure before, and its target. */
export function gridRows(grid: GridBench): Row[] {
  const med = (xs: GridFigures[], f: (g: GridFigures) => number) => median(xs.map(f));
  const n = grid.with.length;
  const before = (text: string) => `${text} (before, ${BEFORE.commit}: `;
  const then = BEFORE_SAVE_PATH;
  const last = BEFORE_COLUMNS;
  const packed = BEFORE_PACKED;
  const pulled = BEFORE_PULL;
  const worker = BEFORE_WORKER;
  const nodes = med(grid.with, (g) => g.domNodes) - med(grid.without, (g) => g.domNodes);
  const heapKb = (med(grid.with, (g) => g.heapBytes) - med(grid.without, (g) => g.heapBytes)) / 1024;
  // Each run's heap beside the median of the runs without Baoxue: the spread of the runs.
  const bare = med(grid.without, (g) => g.heapBytes);
  const perRun = grid.with.map((g) => (g.heapBytes - bare) / 1024);
  const heapRange = `${Math.min(...perRun).toFixed(0)}–${Math.max(...perRun).toFixed(0)}`;
  const longAdded = med(grid.with, (g) => g.longTasks) - med(grid.without, (g) => g.longTasks);
  const badgeNodes = med(grid.with, (g) => g.badgeNodes);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  // Each run beside the median of its baseline's runs, in KB.
  const over = (xs: GridFigures[], base: GridFigures[]) => {
    const b = med(base, (g) => g.heapBytes);
    const runs = xs.map((g) => (g.heapBytes - b) / 1024);
    return {
      median: med(xs, (g) => g.heapBytes) - b,
      range: `${Math.min(...runs).toFixed(0)}–${Math.max(...runs).toFixed(0)}`,
    };
  };
  const { median: smallHeap, range: smallRange } = over(grid.smallWith, grid.smallWithout);
  const { median: emptyHeap, range: emptyRange } = over(grid.empty, grid.without);
  // Sampled live heap by who allocated it: Baoxue's own, and what the page and the browser keep more of.
  const sampled = (k: keyof SampledHeap) =>
    k === 'baoxue'
      ? med(grid.with, (g) => g.sampled.baoxue)
      : med(grid.with, (g) => g.sampled[k]) - med(grid.without, (g) => g.sampled[k]);
  const sampledRange = (k: keyof SampledHeap) => {
    const base = k === 'baoxue' ? 0 : med(grid.without, (g) => g.sampled[k]);
    const runs = grid.with.map((g) => (g.sampled[k] - base) / 1024);
    return `${Math.min(...runs).toFixed(0)}–${Math.max(...runs).toFixed(0)}`;
  };
  return [
    {
      figure: `2,000-row grid: long tasks, page alone (median of ${n})`,
      value: String(med(grid.without, (g) => g.longTasks)),
    },
    { figure: '2,000-row grid: long tasks, with Baoxue', value: String(med(grid.with, (g) => g.longTasks)) },
    {
      figure: `${before('2,000-row grid: long tasks added by Baoxue')}${BEFORE.longTasksAdded}; ${then.commit}: ${then.longTasksAdded})`,
      value: String(longAdded),
      target: '0',
    },
    {
      figure: '2,000-row grid: longest task, page alone',
      value: `${med(grid.without, (g) => g.longestMs).toFixed(0)} ms`,
    },
    {
      figure: `${before('2,000-row grid: longest task, with Baoxue')}${BEFORE.longestMs} ms)`,
      value: `${med(grid.with, (g) => g.longestMs).toFixed(0)} ms`,
    },
    {
      figure: `${before('2,000-row grid: rows painted → every row badged')}${BEFORE.savedAfterMs} ms; ${then.commit}: ${then.savedAfterMs} ms, both after the save; ${last.commit}: ${last.badgedAfterMs} ms; ${packed.commit}: ${packed.badgedAfterMs} ms; ${pulled.commit}: ${pulled.badgedAfterMs} ms; ${worker.commit}: ${worker.badgedAfterMs} ms)`,
      value: msRange(grid.with, (g) => g.badgedAfterMs),
      target: '≤ 1000 ms',
    },
    {
      figure: "  of which reading the cells and the worker's records and answer (painted → 保存中)",
      value: msRange(grid.with, (g) => g.readAfterMs),
    },
    {
      figure: '  of which badging (保存中 → first badge)',
      value: msRange(grid.with, (g) => g.storeMs),
    },
    {
      figure: `${before('2,000-row grid: rows painted → all saved and badged as saved')}${BEFORE.savedAfterMs} ms)`,
      value: msRange(grid.with, (g) => g.savedAfterMs),
    },
    {
      figure: `${before('2,000-row grid: overlay JS heap (with − without, after GC)')}${BEFORE.heapKb} KB; ${then.commit}: ${then.heapKb} KB; ${last.commit}: ${last.heapKb} KB; ${packed.commit}: ${packed.heapKb} KB; ${pulled.commit}: ${pulled.heapKb} KB; ${worker.commit}: ${worker.heapKb} KB)`,
      value: `${heapKb.toFixed(1)} KB (${heapRange})`,
      target: '≤ 1024 KB',
    },
    // What of it is per row: the same list at 20 rows; and what any extension there costs, Baoxue's
    // code apart: an extension with the same content-script slots whose scripts do nothing.
    {
      figure: `  of which not per row: the same list at ${SMALL} rows, with − without (runs)`,
      value: `${kb(smallHeap)} (${smallRange})`,
    },
    {
      figure: '  of which any extension’s: content scripts that do nothing, same slots (runs)',
      value: `${kb(emptyHeap)} (${emptyRange})`,
    },
    {
      figure: '  of which the badges (freed when they are taken off)',
      value: `${(med(grid.with, (g) => g.badgeHeapBytes) / 1024).toFixed(1)} KB`,
    },
    // The same heap sampled by who allocated what is still alive (V8's sampling profiler, a sample per
    // 16 KB allocated: ± some tens of KB). The page's part is the page's own objects (mostly the wrappers
    // of the cells it drew) that outlive their first GC when a full GC falls while they are still young,
    // which Baoxue's work on the same thread makes likely: the part that varies most from run to run.
    {
      figure: '  of which allocated by Baoxue’s own scripts (sampled, still alive; runs)',
      value: `${kb(sampled('baoxue'))} (${sampledRange('baoxue')})`,
    },
    {
      figure: '  of which the page’s own objects kept longer (sampled, with − without; runs)',
      value: `${kb(sampled('page'))} (${sampledRange('page')})`,
    },
    {
      figure: '  of which the browser’s for scripts: wrappers, the content script’s world (sampled)',
      value: `${kb(sampled('other'))} (${sampledRange('other')})`,
    },
    {
      figure: `${before('2,000-row grid: DOM nodes added (badges, strip)')}${BEFORE.domNodes}; ${packed.commit}: ${packed.domNodes})`,
      value: String(nodes),
    },
    {
      figure: '  of which the badges (gone when they are taken off: each badge and its ::before)',
      value: String(badgeNodes),
    },
    {
      figure: '  of which fixed, not per row (the status strip and its shadow root)',
      value: String(nodes - badgeNodes),
    },
    {
      figure: `2,000-row grid: badge nodes per row (badge nodes ÷ ${ROWS} rows; the strip apart)`,
      value: (badgeNodes / ROWS).toFixed(2),
      target: '≤ 2',
    },
    {
      figure: `${before('2,000-row grid: all nodes added ÷ rows (badges and the fixed strip)')}${(BEFORE.domNodes / ROWS).toFixed(2)}; ${packed.commit}: ${(packed.domNodes / ROWS).toFixed(2)})`,
      value: (nodes / ROWS).toFixed(2),
    },
  ];
}
