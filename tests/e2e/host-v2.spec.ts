/**
 * The 2.0-style skin of the demo 学籍系统 (/v2/: Vue 3, Element Plus, vxe-table, el-table-v2, client-side
 * routes): the same school as the 1.0 pages, read from component-library tables and fetched JSON whose
 * field names Baoxue has no table for.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { startDemoServer } from '../../demo/server';
import { V2_DIST, V2_OVERVIEW_MAX } from '../../demo/v2-api';
import { dashboardUrl, expect, login, openTab, test } from './fixtures';

test.beforeAll(() => {
  // `npm run build:demo` builds the skin; a bare `wxt build` does not, so build it here when missing.
  if (!existsSync(`${V2_DIST}index.html`))
    execFileSync('npx', ['vite', 'build', '--config', 'demo/v2/vite.config.ts'], { stdio: 'inherit' });
});

const strip = (page: Page, kind: string) => page.locator(`[data-baoxue-page="${kind}"]`);

/** Marks the page; a page load would lose the mark. */
const mark = (page: Page) => page.evaluate(() => Object.assign(window, { __sameDocument: true }));
const sameDocument = (page: Page) =>
  page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

test.describe('the 2.0-style 学籍系统', () => {
  test('every list is read once per record across fixed-column clones, routes re-read with no reload, and the records are those the 1.0 pages hold', async ({
    demo,
    profile,
  }) => {
    const page = await profile.context.newPage();
    await page.goto(`${demo.url}/v2/students`);
    await mark(page);
    const students = strip(page, 'student-list');
    await expect(students).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(students).toHaveAttribute('data-baoxue-count', '20');
    await expect(students).toHaveAttribute('data-baoxue-source', 'dom+json'); // its fetched JSON learnt and agreeing
    await expect(page.locator('baoxue-badge')).toHaveCount(20);
    const first = demo.school.students[0]!;
    await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${first.grbsm}"]`)).toBeVisible();

    // 学籍异动 (vxe-table: fixed columns are cloned tables, each row three times in the DOM).
    const local = demo.school.cases.filter((c) => !c.kss);
    await page.getByRole('menuitem', { name: '学籍异动' }).click();
    await expect(page).toHaveURL(/\/v2\/changes$/);
    const changes = strip(page, 'status-change-apply');
    await expect(changes).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(changes).toHaveAttribute('data-baoxue-count', String(local.length));
    await expect(page.locator('tr.vxe-body--row')).toHaveCount(local.length * 3);
    await expect(page.locator('baoxue-badge')).toHaveCount(local.length); // one per case, not per clone
    const badged = await page.locator('baoxue-badge').evaluateAll((bs) => bs.map((b) => b.dataset.baoxueXjh));
    expect(new Set(badged).size).toBe(local.length);
    // The badge sits where the registrar sees the 学籍号: in the fixed-left clone.
    await expect(
      page.locator('.vxe-table--fixed-left-wrapper baoxue-badge').filter({ visible: true }),
    ).toHaveCount(local.length);

    // 跨省转学 (another route), and back (popstate): each re-read, still the same document.
    const cross = demo.school.cases.filter((c) => c.kss);
    await page.getByRole('menuitem', { name: '跨省转学' }).click();
    const crossStrip = strip(page, 'cross-province');
    await expect(crossStrip).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(crossStrip).toHaveAttribute('data-baoxue-count', String(cross.length));
    await expect(page.locator('baoxue-badge')).toHaveCount(cross.length);
    await page.goBack();
    await expect(changes).toHaveAttribute('data-baoxue-count', String(local.length));
    await expect(page.locator('baoxue-badge')).toHaveCount(local.length);
    expect(await sameDocument(page)).toBe(true);

    // The 1.0 pages of the same school, read after: their first pages' records are already stored, so
    // nothing on them is new (a record the 2.0 skin had stored differently would count as a change).
    const old = await profile.context.newPage();
    await login(old, demo);
    for (const [menu, kind] of [
      ['学籍异动申请', 'status-change-apply'],
      ['查询', 'cross-province'],
    ] as const) {
      const s = (await openTab(old, menu)).locator(`[data-baoxue-page="${kind}"]`);
      await expect(s).toHaveAttribute('data-baoxue-state', 'saved');
      await expect(s).not.toContainText('新变动');
    }
    const roll = (await openTab(old, '学籍数据维护')).locator('[data-baoxue-page="student-list"]');
    await expect(roll).toHaveAttribute('data-baoxue-state', 'saved');

    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '学生' }).click();
    await expect(dash.getByTestId('student-count')).toContainText('共 20 条'); // the same 20, not 40
    await dash.getByRole('tab', { name: '学籍异动' }).click();
    await expect(dash.getByTestId('case-count')).toContainText(`共 ${demo.school.cases.length} 条`);
  });

  test('a 2,000-row virtual list is stored whole, and the badges follow the scroll', async ({ profile }) => {
    const demo = await startDemoServer({ perClass: 112 }); // 2,016 students; the list shows 2,000
    try {
      const page = await profile.context.newPage();
      await page.goto(`${demo.url}/v2/overview`);
      const list = strip(page, 'student-list');
      await expect(list).toHaveAttribute('data-baoxue-state', 'saved', { timeout: 30_000 });
      await expect(list).toHaveAttribute('data-baoxue-count', String(V2_OVERVIEW_MAX));
      const drawn = () =>
        page
          .locator('.el-table-v2__left .el-table-v2__row')
          .evaluateAll((rows) => rows.map((r) => r.querySelector('.el-table-v2__cell-text')?.textContent));
      const top = await drawn();
      expect(top.length).toBeLessThan(30); // only the visible rows are in the DOM
      await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${top[0]}"]`)).toBeVisible();

      // Scroll a thousand rows down: the newly drawn rows get badges, the old ones are gone.
      await page.locator('.el-table-v2__main').hover();
      for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 4000);
      await expect.poll(async () => (await drawn()).includes(top[0]!)).toBe(false);
      const now = await drawn();
      const middle = now[Math.floor(now.length / 2)]!;
      await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${middle}"]`)).toBeVisible();
      await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${top[0]}"]`)).toHaveCount(0);

      const dash = await profile.context.newPage();
      await dash.goto(dashboardUrl(profile));
      await dash.getByRole('tab', { name: '学生' }).click();
      await expect(dash.getByTestId('student-count')).toContainText(`共 ${V2_OVERVIEW_MAX} 条`);
    } finally {
      await demo.close();
    }
  });
});
