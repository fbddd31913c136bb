/**
 * Reading and badging a 2,000-row grid in real Chromium: long tasks with the extension beside the page's
 * own (the same page without it), the longest task, time from rows painted to everything saved and
 * badged, and the overlay's memory cost (JS heap after GC, DOM nodes). Used by scripts/bench.ts.
 */
import type { BrowserContext } from '@playwright/test';
import { startDemoServer } from '../demo/server';
import { launchProfile } from '../tests/support/chromium';

const ROWS = 2000;

export interface GridFigures {
  longTasks: number;
  longTaskMs: number;
  longestMs: number;
  savedAfterMs: number | null;
  heapBytes: number;
  domNodes: number;
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
    const saved = overlay?.querySelector(`[data-baoxue-state="saved"][data-baoxue-count="${rows}"]`);
    if (w.__rowsAt && saved && document.querySelectorAll('baoxue-badge').length >= rows) {
      w.__savedAt = performance.now();
      clearInterval(poll);
    }
  }, 20);
}

async function measure(context: BrowserContext, base: string, withExtension: boolean): Promise<GridFigures> {
  const page = await context.newPage();
  await page.addInitScript(probe, ROWS);
  await page.goto(`${base}/jsp/public/login.jsp`);
  await page.click('#loginBtn');
  await page.goto(`${base}/jsp/xsxx/xjsjwh.jsp?pageSize=${ROWS}`);
  // Polled from here with small evaluations: Playwright's waitForFunction injects its own script into
  // the page, which shows up as long tasks that are neither the page's nor Baoxue's.
  const flag = (name: string) =>
    page.evaluate((n) => !!(window as unknown as Record<string, unknown>)[n], name);
  const until = async (name: string) => {
    for (const deadline = Date.now() + 60_000; !(await flag(name)); await page.waitForTimeout(250))
      if (Date.now() > deadline) throw new Error(`${name} never came`);
  };
  await until('__rowsAt');
  if (withExtension) await until('__savedAt');
  await page.waitForTimeout(1500); // let trailing work finish
  const result = await page.evaluate(() => {
    const w = window as unknown as { __tasks: { duration: number }[]; __rowsAt?: number; __savedAt?: number };
    return {
      tasks: w.__tasks.map((t) => t.duration),
      savedAfter: w.__savedAt && w.__rowsAt ? w.__savedAt - w.__rowsAt : null,
    };
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.send('Performance.enable');
  const metrics = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  await page.close();
  return {
    longTasks: result.tasks.length,
    longTaskMs: result.tasks.reduce((a, b) => a + b, 0),
    longestMs: Math.max(0, ...result.tasks),
    savedAfterMs: result.savedAfter,
    heapBytes: heap.usedSize,
    domNodes: metrics.metrics.find((m) => m.name === 'Nodes')?.value ?? 0,
  };
}

export async function benchGrid(runs = 3): Promise<{ without: GridFigures[]; with: GridFigures[] }> {
  const demo = await startDemoServer({ perClass: Math.ceil(ROWS / 18) });
  const out = { without: [] as GridFigures[], with: [] as GridFigures[] };
  try {
    for (let i = 0; i < runs; i++) {
      for (const withExtension of [false, true]) {
        const profile = await launchProfile({ extension: withExtension ? undefined : false });
        try {
          out[withExtension ? 'with' : 'without'].push(
            await measure(profile.context, demo.url, withExtension),
          );
        } finally {
          await profile.close();
        }
      }
    }
  } finally {
    await demo.close();
  }
  return out;
}
