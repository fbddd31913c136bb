/**
 * The 2.0-style skin's 2,000-row virtual list (el-table-v2, rows fetched as one JSON answer, a dozen
 * drawn) in real Chromium: long tasks with the extension beside the page's own (the same page without
 * it), the longest task, and the time from the list drawn to every record stored (the strip saying all
 * 2,000 saved). Used by scripts/bench.ts (BENCH_ONLY=virtual).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { BrowserContext } from '@playwright/test';
import { startDemoServer } from '../demo/server';
import { V2_DIST, V2_OVERVIEW_MAX } from '../demo/v2-api';
import { launchProfile } from '../tests/support/chromium';

export interface VirtualFigures {
  longTasks: number;
  longestMs: number;
  storedAfterMs: number | null;
}

// Runs in the page before its own scripts: long tasks, when the list is drawn and when all is stored.
function probe(rows: number) {
  const w = window as unknown as Record<string, unknown>;
  const tasks: number[] = [];
  w.__tasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  const poll = setInterval(() => {
    if (!w.__drawnAt && document.querySelector('.el-table-v2__row')) w.__drawnAt = performance.now();
    const overlay = document.querySelector('baoxue-overlay')?.shadowRoot;
    if (w.__drawnAt && overlay?.querySelector(`[data-baoxue-state="saved"][data-baoxue-count="${rows}"]`)) {
      w.__storedAt = performance.now();
      clearInterval(poll);
    }
  }, 20);
}

async function measure(
  context: BrowserContext,
  base: string,
  withExtension: boolean,
): Promise<VirtualFigures> {
  const page = await context.newPage();
  await page.addInitScript(probe, V2_OVERVIEW_MAX);
  await page.goto(`${base}/v2/overview`);
  // Polled with small evaluations (waitForFunction's injected script would count as long tasks).
  const flag = (name: string) =>
    page.evaluate((n) => !!(window as unknown as Record<string, unknown>)[n], name);
  const until = async (name: string) => {
    for (const deadline = Date.now() + 60_000; !(await flag(name)); await page.waitForTimeout(250))
      if (Date.now() > deadline) throw new Error(`${name} never came`);
  };
  await until('__drawnAt');
  if (withExtension) await until('__storedAt');
  await page.waitForTimeout(1500); // let trailing work finish
  const r = await page.evaluate(() => {
    const w = window as unknown as { __tasks: number[]; __drawnAt?: number; __storedAt?: number };
    return { tasks: w.__tasks, stored: w.__storedAt && w.__drawnAt ? w.__storedAt - w.__drawnAt : null };
  });
  await page.close();
  return { longTasks: r.tasks.length, longestMs: Math.max(0, ...r.tasks), storedAfterMs: r.stored };
}

export async function benchVirtual(runs = 3): Promise<{ without: VirtualFigures[]; with: VirtualFigures[] }> {
  if (!existsSync(`${V2_DIST}index.html`))
    execFileSync('npx', ['vite', 'build', '--config', 'demo/v2/vite.config.ts'], { stdio: 'ignore' });
  const demo = await startDemoServer({ perClass: Math.ceil(V2_OVERVIEW_MAX / 18) });
  const out = { without: [] as VirtualFigures[], with: [] as VirtualFigures[] };
  try {
    for (let i = 0; i < runs; i++) {
      const bare = await launchProfile({ extension: false });
      try {
        out.without.push(await measure(bare.context, demo.url, false));
      } finally {
        await bare.close();
      }
      const profile = await launchProfile(); // a fresh profile: every record is new to the store
      try {
        out.with.push(await measure(profile.context, demo.url, true));
      } finally {
        await profile.close();
      }
    }
  } finally {
    await demo.close();
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The figures as bench.ts prints them. */
export async function virtualRows(runs = 3): Promise<{ figure: string; value: string; target?: string }[]> {
  const v = await benchVirtual(runs);
  const med = (xs: VirtualFigures[], f: (x: VirtualFigures) => number) => median(xs.map(f));
  // The median and each run's range (the machine is shared: one run alone says little).
  const range = (xs: VirtualFigures[], f: (x: VirtualFigures) => number, unit = ' ms') => {
    const v = xs.map(f);
    return `${median(v).toFixed(0)}${unit} (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)})`;
  };
  const bare = med(v.without, (x) => x.longTasks);
  return [
    {
      figure: '2,000-row virtual list (2.0 skin): long tasks, page alone',
      value: String(med(v.without, (x) => x.longTasks)),
    },
    {
      figure: '2,000-row virtual list: long tasks added by Baoxue (before, 7bac90e: 1)',
      value: range(v.with, (x) => x.longTasks - bare, ''),
      target: '0',
    },
    {
      figure: '2,000-row virtual list: longest task, with Baoxue',
      value: range(v.with, (x) => x.longestMs),
    },
    {
      figure: '2,000-row virtual list: drawn → every record stored',
      value: range(v.with, (x) => x.storedAfterMs ?? Number.NaN),
    },
  ];
}
