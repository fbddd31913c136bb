// @vitest-environment happy-dom
/**
 * The 学生详情 dialog watcher wakes for a dialog being added or shown, not for a virtual list restyling its
 * rows on every scroll (each wake is a read of every dialog of the page).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const look = vi.hoisted(() => vi.fn((_root: ParentNode): Element[] => []));
vi.mock('@/lib/capture/pages/student-dialog', async (original) => ({
  ...(await original<typeof import('@/lib/capture/pages/student-dialog')>()),
  openDialogs: look,
}));
vi.mock('@/lib/messaging-client', () => ({ request: vi.fn() }));

import { captureStudentCard } from './card-capture';

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

afterEach(() => {
  document.body.replaceChildren();
  look.mockClear();
});

describe('the 学生详情 dialog watcher', () => {
  it('sleeps through a list restyling its rows, and wakes when a dialog is shown', async () => {
    document.body.innerHTML = `
      <div class="list">${'<div class="row" style="top: 0px">学生</div>'.repeat(20)}</div>
      <div class="el-overlay" style="display: none"><div class="el-dialog"><div>学籍号</div></div></div>`;
    const stop = new AbortController();
    await captureStudentCard(document, window, stop.signal);
    await settle();
    const before = look.mock.calls.length;
    // The list scrolls: every row's style changes, a few times.
    for (let scroll = 1; scroll <= 3; scroll++)
      for (const [i, row] of [...document.querySelectorAll<HTMLElement>('.row')].entries())
        row.style.top = `${(i + scroll) * 30}px`;
    await settle();
    expect(look.mock.calls.length).toBe(before);
    // The host shows its dialog by restyling the dialog's wrapper.
    document.querySelector<HTMLElement>('.el-overlay')!.style.display = '';
    await settle();
    expect(look.mock.calls.length).toBe(before + 1);
    stop.abort();
  });

  it('wakes when a dialog is added, but not for the overlay’s own nodes', async () => {
    const stop = new AbortController();
    await captureStudentCard(document, window, stop.signal);
    await settle();
    const before = look.mock.calls.length;
    const ours = document.createElement('div');
    ours.setAttribute('data-baoxue-root', '');
    document.body.appendChild(ours);
    await settle();
    expect(look.mock.calls.length).toBe(before);
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    document.body.appendChild(dialog);
    await settle();
    expect(look.mock.calls.length).toBe(before + 1);
    stop.abort();
  });
});
