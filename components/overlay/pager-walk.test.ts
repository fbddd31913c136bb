// @vitest-environment happy-dom
/**
 * 读取全部 turns the host's own pager at a human pace: never two turns closer than the interval, never
 * while the grid is still changing, and a registrar touching the page stops it (a page script's made-up
 * event does not). Run against a fake host pager on fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Pager } from '@/lib/capture/pager';
import { type Pace, type PageSaved, pagerWalk } from './pager-walk';
import type { CaptureAllState } from './StatusStrip';

const roll = vi.hoisted(() => vi.fn(async (..._args: unknown[]) => ({ gone: 1 })));
vi.mock('@/lib/messaging-client', () => ({ request: roll }));

const PACE: Pace = { minMs: 1000, jitterMs: 500, settleMs: 300 };

/** A host list of `pages` pages: its buttons change the page after a short load, then the page is "saved". */
function fakeHost(
  pages: number,
  start = 1,
  pace = PACE,
  kindOf: (page: number) => string = () => 'status-change-apply',
) {
  let page = start;
  let saved: PageSaved | undefined;
  const listeners = new Set<() => void>();
  const turns: number[] = [];
  const states: CaptureAllState[] = [];
  /** When each state was shown, and each page saved (ms of the fake clock). */
  const shownAt: number[] = [];
  const saves: { at: number; page: number }[] = [];
  const grid = document.createElement('div');
  document.body.replaceChildren(grid);
  const button = (to: () => number) => {
    const b = document.createElement('button');
    b.addEventListener('click', () => {
      turns.push(Date.now());
      page = to();
      // The host loads and re-renders the grid, then Baoxue reads and saves it.
      setTimeout(() => {
        grid.textContent = `page ${page}`;
        setTimeout(() => {
          saved = { page, ids: [`id${page}`], kind: kindOf(page) };
          saves.push({ at: Date.now(), page });
          for (const l of listeners) l();
        }, 150);
      }, 50);
    });
    return b;
  };
  const next = button(() => page + 1);
  const prev = button(() => page - 1);
  const first = button(() => 1);
  const last = button(() => pages);
  saved = { page, ids: [`id${page}`], kind: kindOf(page) };
  const walk = pagerWalk({
    doc: document,
    host: 'demo',
    currentPager: (): Pager => ({ page, pages, next, prev, first, last }),
    lastSaved: () => saved,
    onSaved: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    show: (s) => {
      states.push(s);
      shownAt.push(Date.now());
    },
    pace,
    random: () => 0.5,
  });
  return { walk, turns, states, shownAt, saves, page: () => page, next };
}

beforeEach(() => {
  roll.mockClear();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('读取全部 at a human pace', () => {
  it('leaves at least the interval (with its jitter) between two turns of the pager', async () => {
    const h = fakeHost(4, 2);
    const done = h.walk.walk();
    await vi.advanceTimersByTimeAsync(30_000);
    await done;
    expect(h.states.at(-1)).toEqual({ state: 'done', pages: 4, gone: 0 });
    expect(h.page()).toBe(2); // back where the registrar was
    expect(h.turns.length).toBe(6); // to 1 (首页), 2, 3, 4, then back 3, 2
    const gaps = h.turns.slice(1).map((t, i) => t - h.turns[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1250); // 1,000 + half the 500 jitter
  });

  it('waits for the grid to settle before the next turn', async () => {
    const h = fakeHost(3, 1, { minMs: 0, jitterMs: 0, settleMs: 2000 });
    const done = h.walk.walk();
    await vi.advanceTimersByTimeAsync(30_000);
    await done;
    expect(h.turns.length).toBe(2 + 1); // to 2, 3, then back to 1 (the 首页 button)
    // The grid re-rendered 50 ms after each turn: the next turn waits 2 s after that.
    const gaps = h.turns.slice(1).map((t, i) => t - h.turns[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(2050);
  });

  it('stops at once when the registrar turns the page the walk just turned to, before it is saved', async () => {
    const h = fakeHost(10, 1);
    const done = h.walk.walk();
    // The walk turns to page 2 at ~1.25 s (saved 200 ms later), to page 3 at ~2.5 s.
    await vi.advanceTimersByTimeAsync(2_520);
    expect(h.page()).toBe(3);
    // The registrar clicks 下一页 at once: page 3's save never comes (the host shows page 4 before it).
    const press = new PointerEvent('pointerdown', { bubbles: true });
    Object.defineProperty(press, 'isTrusted', { value: true });
    document.body.dispatchEvent(press);
    h.next.click();
    await vi.advanceTimersByTimeAsync(1_000);
    await done;
    // Said within a second, not after 20 s with 取消 doing nothing: two pages read, stopped on page 4.
    expect(h.states.at(-1)).toEqual({ state: 'cancelled', done: 2, pages: 10, page: 4 });
    expect(h.walk.running).toBe(false); // 读取全部 can start again
  });

  it('stops where it is when the registrar touches the page (no page turned under their hand)', async () => {
    const h = fakeHost(10, 1);
    const done = h.walk.walk();
    await vi.advanceTimersByTimeAsync(2_000);
    const key = new KeyboardEvent('keydown', { key: 'a', bubbles: true });
    Object.defineProperty(key, 'isTrusted', { value: true }); // as the browser marks a person's key press
    document.body.dispatchEvent(key);
    await vi.advanceTimersByTimeAsync(30_000);
    await done;
    // Page 2 was read at 1.45 s; the key came while the walk waited to turn to page 3.
    expect(h.states.at(-1)).toEqual({ state: 'cancelled', done: 2, pages: 10, page: 2 });
    expect(h.page()).toBe(2);
  });

  it('is not stopped by an event a page script made up', async () => {
    const h = fakeHost(3, 1, { minMs: 200, jitterMs: 0, settleMs: 0 });
    const done = h.walk.walk();
    await vi.advanceTimersByTimeAsync(100);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    await vi.advanceTimersByTimeAsync(30_000);
    await done;
    expect(h.states.at(-1)).toEqual({ state: 'done', pages: 3, gone: 0 });
  });
});

describe('读取全部 tells the store who is gone only from one whole roll', () => {
  it('sends the roll when every page was the unfiltered student list', async () => {
    const h = fakeHost(3, 1, { minMs: 0, jitterMs: 0, settleMs: 0 }, () => 'student-list');
    const done = h.walk.walk();
    await vi.advanceTimersByTimeAsync(30_000);
    await done;
    expect(roll).toHaveBeenCalledTimes(1);
    expect(roll.mock.calls[0]?.[1]).toMatchObject({ ids: ['id1', 'id2', 'id3'] });
    expect(h.states.at(-1)).toEqual({ state: 'done', pages: 3, gone: 1 });
  });

  it('sends no roll when the route changed under the walk (a later page of another kind)', async () => {
    // Page 1 was a 学籍异动 list; the app then showed the student list, whose pager the walk went on turning.
    const kindOf = (page: number) => (page === 1 ? 'status-change-apply' : 'student-list');
    const h = fakeHost(3, 1, { minMs: 0, jitterMs: 0, settleMs: 0 }, kindOf);
    const done = h.walk.walk();
    await vi.advanceTimersByTimeAsync(30_000);
    await done;
    expect(roll).not.toHaveBeenCalled();
    expect(h.states.at(-1)?.state).toBe('cancelled');
  });
});

describe('读取全部 stops at once when cancelled, and says it is done only once it is', () => {
  // At PACE (1,250 ms with the fixed jitter) from page 6: 首页 at 1,250 (page 1 saved at 1,450), page 2
  // at 2,500 (saved at 2,700), page 3 at 3,750.
  it('取消 while waiting to turn: no page is turned after it, and the count is the pages read and stored', async () => {
    const h = fakeHost(10, 6);
    const done = h.walk.walk();
    await vi.advanceTimersByTimeAsync(3_000);
    h.walk.cancel();
    const turns = h.turns.length;
    await vi.advanceTimersByTimeAsync(500);
    expect(h.states.at(-1)).toEqual({ state: 'cancelled', done: 2, pages: 10, page: 2 });
    await vi.advanceTimersByTimeAsync(30_000);
    await done;
    // Not walked back page by page to page 6 (each page passed on the way stored but not counted).
    expect(h.turns.length).toBe(turns);
    expect(h.page()).toBe(2);
    expect(h.saves.map((s) => s.page)).toEqual([1, 2]);
  });

  it('取消 while a page loads waits for that page to be saved, and counts it', async () => {
    const h = fakeHost(10, 6);
    const done = h.walk.walk();
    await vi.advanceTimersByTimeAsync(2_550); // page 2 is loading
    h.walk.cancel();
    await vi.advanceTimersByTimeAsync(100);
    expect(h.states.at(-1)?.state).toBe('running'); // page 2 is not saved yet: nothing said before it is
    await vi.advanceTimersByTimeAsync(400);
    expect(h.states.at(-1)).toEqual({ state: 'cancelled', done: 2, pages: 10, page: 2 });
    await vi.advanceTimersByTimeAsync(30_000);
    await done;
    expect(h.saves.map((s) => s.page)).toEqual([1, 2]);
  });

  it('goes back to the page the registrar was on, saying so, and says done only once that page is saved', async () => {
    const h = fakeHost(4, 2);
    const done = h.walk.walk();
    await vi.advanceTimersByTimeAsync(30_000);
    await done;
    expect(h.page()).toBe(2);
    const last = h.saves.at(-1)!;
    expect(last.page).toBe(2);
    const doneAt = h.shownAt[h.states.findIndex((s) => s.state === 'done')]!;
    expect(doneAt).toBeGreaterThanOrEqual(last.at);
    // While it goes back it does not still say it is reading page 4 of 4.
    const back = h.states.slice(h.states.findLastIndex((s) => s.state === 'running') + 1, -1);
    expect(back).toEqual([{ state: 'returning', page: 2, pages: 4 }]);
  });

  it('取消 while going back stops there: every page was read, so it is done', async () => {
    const h = fakeHost(6, 2);
    const done = h.walk.walk();
    for (let i = 0; i < 300 && h.states.at(-1)?.state !== 'returning'; i++)
      await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(1_500); // one turn back, to page 5
    h.walk.cancel();
    const turns = h.turns.length;
    await vi.advanceTimersByTimeAsync(30_000);
    await done;
    expect(h.turns.length).toBe(turns);
    expect(h.page()).toBe(5);
    expect(h.states.at(-1)).toEqual({ state: 'done', pages: 6, gone: 0 });
  });

  it('can be run again after it was cancelled', async () => {
    const h = fakeHost(3, 1, { minMs: 0, jitterMs: 0, settleMs: 0 });
    const first = h.walk.walk();
    await vi.advanceTimersByTimeAsync(100);
    h.walk.cancel();
    await vi.advanceTimersByTimeAsync(30_000);
    await first;
    expect(h.states.at(-1)?.state).toBe('cancelled');
    const second = h.walk.walk();
    await vi.advanceTimersByTimeAsync(30_000);
    await second;
    expect(h.states.at(-1)).toEqual({ state: 'done', pages: 3, gone: 0 });
  });

  it('a walk left behind (the app showed another page) says nothing more and frees 读取全部 at once', async () => {
    const h = fakeHost(10, 1);
    const first = h.walk.walk();
    await vi.advanceTimersByTimeAsync(2_550); // page 2 is loading
    h.walk.abandon();
    await vi.advanceTimersByTimeAsync(0);
    const shown = h.states.length;
    expect(h.walk.running).toBe(false);
    await vi.advanceTimersByTimeAsync(30_000);
    await first;
    expect(h.states.length).toBe(shown);
  });
});
