/**
 * 读取全部 as a tester found it: 取消 took seconds (the walk went back page by page and stored pages it did
 * not count), the strip said 已读取全部 while it still said 保存中, and after 已取消 there was no way to start
 * again without reloading the page. A registrar may copy what the strip says to a form: it must be true
 * when shown.
 */
import type { Page } from '@playwright/test';
import type { DemoServer } from '../../demo/server';
import type { Profile } from '../support/chromium';
import { dashboardUrl, expect, openPage, test } from './fixtures';

/** The demo roll (360 students) at 100 a page: pages 1–3 hold 100, page 4 holds 60. */
const ROWS = [100, 100, 100, 60];

/**
 * Notes every state the strip shows as "读取全部's state|the page's save state" (only changes), from now
 * on: the overlay's shadow root is open, so the page can watch it.
 */
async function watchStrip(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { stripSeen: string[] }).stripSeen = seen;
    const root = document.querySelector('baoxue-overlay')!.shadowRoot!;
    const note = () => {
      const strip = root.querySelector('[data-baoxue-state]');
      const all = root.querySelector('[data-baoxue-capture-all]');
      const now = `${all?.getAttribute('data-baoxue-capture-all')}|${strip?.getAttribute('data-baoxue-state')}`;
      if (seen.at(-1) !== now) seen.push(now);
    };
    new MutationObserver(note).observe(root, { subtree: true, childList: true, attributes: true });
    note();
  });
}
const stripSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { stripSeen: string[] }).stripSeen);

async function openRoll(profile: Profile, demo: DemoServer) {
  const { page, strip } = await openPage(profile, demo, '/jsp/xsxx/xjsjwh.jsp?pageSize=100');
  await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
  return { page, strip };
}

/** Turns the host's pager as the registrar does, and waits until that page is saved. */
async function turnTo(page: Page, button: string, to: number) {
  const scan = await page.locator('[data-baoxue-scan]').getAttribute('data-baoxue-scan');
  await page.getByRole('button', { name: button }).click();
  await expect(page.locator('.l-paging-info')).toHaveText(`第 ${to} 页 共 4 页`);
  await expect(page.locator('[data-baoxue-scan]')).not.toHaveAttribute('data-baoxue-scan', scan!);
  await expect(page.locator('[data-baoxue-state]')).toHaveAttribute('data-baoxue-state', 'saved');
}

/** How many students the dashboard's 学生 tab holds. */
async function studentsStored(profile: Profile) {
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '学生' }).click();
  const count = await dash.getByTestId('student-count').textContent();
  await dash.close();
  return Number(/共 (\d+) 条/.exec(count ?? '')?.[1]);
}

test.describe('读取全部', () => {
  test('取消 stops where the walk is, the count is the pages stored, and 读取全部 can be started again', async ({
    demo,
    profile,
  }) => {
    test.setTimeout(120_000);
    const { page, strip } = await openRoll(profile, demo);
    // The registrar looks at the last page, then the one before: pages 1, 4 and 3 are stored.
    await turnTo(page, '末页', 4);
    await turnTo(page, '上一页', 3);
    await watchStrip(page);
    await strip.getByRole('button', { name: '读取全部 4 页' }).click();
    // Page 1 is read (the walk went to 首页 first); 取消 before or while it turns to page 2.
    await expect(strip).toContainText('正在读取第 2/4 页', { timeout: 20_000 });
    await strip.getByRole('button', { name: '取消' }).click();
    const all = strip.locator('[data-baoxue-capture-all]');
    await expect(all).toHaveAttribute('data-baoxue-capture-all', 'cancelled', { timeout: 5_000 });
    const said = (await all.textContent()) ?? '';
    const read = Number(/读取了 (\d+)\/4 页/.exec(said)?.[1]);
    expect(read).toBeGreaterThanOrEqual(1);
    // It stopped on the last page it read and says so; it did not walk back through pages it never counted.
    await expect(page.locator('.l-paging-info')).toHaveText(`第 ${read} 页 共 4 页`);
    expect(said).toContain(`停在第 ${read} 页`);
    await page.waitForTimeout(3_000); // nothing more happens: no page turned after 取消
    await expect(page.locator('.l-paging-info')).toHaveText(`第 ${read} 页 共 4 页`);
    // What is stored is the pages it says it read (1…read) and the two the registrar opened (4 and 3).
    const pages = new Set([...Array.from({ length: read }, (_, i) => i + 1), 3, 4]);
    expect(await studentsStored(profile)).toBe([...pages].reduce((n, p) => n + ROWS[p - 1]!, 0));

    // 读取全部 is offered again, and reads the whole roll.
    const again = strip.getByRole('button', { name: '读取全部 4 页' });
    await expect(again).toBeVisible();
    await again.click();
    await expect(all).toHaveAttribute('data-baoxue-capture-all', 'done', { timeout: 30_000 });
    await expect(page.locator('.l-paging-info')).toHaveText(`第 ${read} 页 共 4 页`);
    expect(await studentsStored(profile)).toBe(360);
    // Never a 已取消 or 已读取全部 while the page shown was still being saved.
    const seen = await stripSeen(page);
    expect(seen.filter((s) => /^(cancelled|done)\|/.test(s) && !s.endsWith('|saved'))).toEqual([]);
  });

  test('says 已读取全部 only once every page is saved, back on the page the registrar was on', async ({
    demo,
    profile,
  }) => {
    test.setTimeout(90_000);
    const { page, strip } = await openRoll(profile, demo);
    await turnTo(page, '下一页', 2);
    await watchStrip(page);
    await strip.getByRole('button', { name: '读取全部 4 页' }).click();
    const all = strip.locator('[data-baoxue-capture-all]');
    await expect(all).toHaveAttribute('data-baoxue-capture-all', 'done', { timeout: 30_000 });
    await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(page.locator('.l-paging-info')).toHaveText('第 2 页 共 4 页');
    await page.waitForTimeout(2_000); // the page's last save, had it still been going on
    const seen = await stripSeen(page);
    expect(seen).toContain('done|saved');
    expect(seen.filter((s) => s.startsWith('done|') && s !== 'done|saved')).toEqual([]);
    // 读取全部 can be run again on the same list (the roll may have changed since).
    await expect(strip.getByRole('button', { name: /读取全部|重新读取/ })).toBeVisible();
  });

  test('a query that changes the list drops what 读取全部 said of the list before', async ({
    demo,
    profile,
  }) => {
    test.setTimeout(90_000);
    const { page, strip } = await openRoll(profile, demo);
    await strip.getByRole('button', { name: '读取全部 4 页' }).click();
    const all = strip.locator('[data-baoxue-capture-all]');
    await expect(all).toHaveAttribute('data-baoxue-capture-all', 'done', { timeout: 30_000 });
    // One child's name: a list of one page, on which 已读取全部 4 页 would be untrue.
    const one = demo.school.students[0]!;
    const scan = await page.locator('[data-baoxue-scan]').getAttribute('data-baoxue-scan');
    await page.locator('#q_xm').fill(one.xm);
    await page.locator('#queryBtn').click();
    await expect(page.locator('[data-baoxue-scan]')).not.toHaveAttribute('data-baoxue-scan', scan!);
    await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(all).toHaveCount(0);
    await expect(strip).not.toContainText('已读取全部');
    // The whole roll again: 读取全部 of its four pages is offered afresh.
    const scan2 = await page.locator('[data-baoxue-scan]').getAttribute('data-baoxue-scan');
    await page.locator('#q_xm').fill('');
    await page.locator('#queryBtn').click();
    await expect(page.locator('[data-baoxue-scan]')).not.toHaveAttribute('data-baoxue-scan', scan2!);
    await expect(strip.getByRole('button', { name: '读取全部 4 页' })).toBeVisible();
    await expect(strip).not.toContainText('已读取全部');
  });

  test('the registrar turning the page the walk just reached stops it at once, and it can start again', async ({
    demo,
    profile,
  }) => {
    test.setTimeout(90_000);
    const { page, strip } = await openRoll(profile, demo);
    await strip.getByRole('button', { name: '读取全部 4 页' }).click();
    await expect(page.locator('.l-paging-info')).toHaveText('第 3 页 共 4 页', { timeout: 20_000 });
    // At once, before the walk has page 3 saved: that save never comes for page 3.
    await page.getByRole('button', { name: '下一页' }).click();
    const all = strip.locator('[data-baoxue-capture-all]');
    await expect(all).toHaveAttribute('data-baoxue-capture-all', 'cancelled', { timeout: 5_000 });
    await expect(all).toContainText('停在第 4 页');
    await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(strip.getByRole('button', { name: '读取全部 4 页' })).toBeVisible();
  });
});
