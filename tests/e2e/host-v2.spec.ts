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
import { launchProfile } from '../support/chromium';
import { dashboardUrl, expect, login, openPage, openTab, test } from './fixtures';

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
  test('every list is read once per record across fixed-column clones and pages, routes re-read with no reload, and the records are those the 1.0 pages hold', async ({
    demo,
    profile,
  }) => {
    test.setTimeout(150_000);
    const page = await profile.context.newPage();
    await page.goto(`${demo.url}/v2/students`);
    await mark(page);
    const students = strip(page, 'student-list');
    const roll = demo.school.students;
    await expect(students).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(students).toHaveAttribute('data-baoxue-count', '20');
    await expect(students).toHaveAttribute('data-baoxue-source', 'dom+json'); // its fetched JSON learnt and agreeing
    await expect(page.locator('baoxue-badge')).toHaveCount(20);
    await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${roll[0]!.grbsm}"]`)).toBeVisible();
    // Page 2 through the library's own pager: read again, its 20 and none of page 1's. The strip's scan
    // number changes once page 2 is saved (page 1's strip said saved already).
    const page1Scan = await students.getAttribute('data-baoxue-scan');
    expect(page1Scan).toBeTruthy();
    await page.locator('.el-pagination .btn-next').click();
    await expect(students).not.toHaveAttribute('data-baoxue-scan', page1Scan!);
    await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${roll[20]!.grbsm}"]`)).toBeVisible();
    await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${roll[0]!.grbsm}"]`)).toHaveCount(0);
    await expect(students).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(students).toHaveAttribute('data-baoxue-count', '20');
    await expect(page.locator('baoxue-badge')).toHaveCount(20);

    // 学籍异动 (vxe-table: fixed columns are cloned tables, each row three times in the DOM), ten a page.
    const local = demo.school.cases.filter((c) => !c.kss);
    expect(local.length).toBeGreaterThan(10); // the school's cases span two pages
    const pagesOf = (cases: typeof local) => [cases.slice(0, 10), cases.slice(10)].filter((p) => p.length);
    await page.getByRole('menuitem', { name: '学籍异动' }).click();
    await expect(page).toHaveURL(/\/v2\/changes$/);
    const changes = strip(page, 'status-change-apply');
    for (const [i, shown] of pagesOf(local).entries()) {
      if (i > 0) await page.locator('.el-pagination .btn-next').click();
      await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${shown[0]!.grbsm}"]`).first()).toBeVisible();
      await expect(changes).toHaveAttribute('data-baoxue-state', 'saved');
      await expect(changes).toHaveAttribute('data-baoxue-count', String(shown.length));
      await expect(page.locator('tr.vxe-body--row')).toHaveCount(shown.length * 3);
      await expect(page.locator('baoxue-badge')).toHaveCount(shown.length); // one per case, not per clone
      const badged = await page
        .locator('baoxue-badge')
        .evaluateAll((bs) => bs.map((b) => b.dataset.baoxueXjh));
      expect(badged.sort()).toEqual(shown.map((c) => c.grbsm).sort());
      // The badge sits where the registrar sees the 学籍号: in the fixed-left clone.
      await expect(
        page.locator('.vxe-table--fixed-left-wrapper baoxue-badge').filter({ visible: true }),
      ).toHaveCount(shown.length);
    }

    // 跨省转学 (another route), and back (popstate): each re-read, still the same document.
    const cross = demo.school.cases.filter((c) => c.kss);
    await page.getByRole('menuitem', { name: '跨省转学' }).click();
    const crossStrip = strip(page, 'cross-province');
    for (const [i, shown] of pagesOf(cross).entries()) {
      if (i > 0) await page.locator('.el-pagination .btn-next').click();
      await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${shown[0]!.grbsm}"]`).first()).toBeVisible();
      await expect(crossStrip).toHaveAttribute('data-baoxue-state', 'saved');
      await expect(crossStrip).toHaveAttribute('data-baoxue-count', String(shown.length));
      await expect(page.locator('baoxue-badge')).toHaveCount(shown.length);
    }
    await page.goBack();
    await expect(changes).toHaveAttribute('data-baoxue-count', String(Math.min(10, local.length)));
    await expect(page.locator('baoxue-badge')).toHaveCount(Math.min(10, local.length));
    expect(await sameDocument(page)).toBe(true);

    // The 1.0 pages of the same school, read after: the records the 2.0 skin stored are theirs, so
    // nothing on them is new nor changed (a record the 2.0 skin had stored differently would count).
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
    const tab = await openTab(old, '学籍数据维护');
    const rollStrip = tab.locator('[data-baoxue-page="student-list"]');
    for (const p of [0, 1]) {
      if (p > 0) await tab.getByRole('button', { name: '下一页' }).click();
      await expect(tab.locator(`baoxue-badge[data-baoxue-xjh="${roll[p * 20]!.grbsm}"]`)).toBeVisible();
      await expect(tab.locator(`baoxue-badge[data-baoxue-xjh="${roll[p * 20 + 19]!.grbsm}"]`)).toBeVisible();
      await expect(rollStrip).toHaveAttribute('data-baoxue-state', 'saved');
      await expect(rollStrip).toHaveAttribute('data-baoxue-count', '20');
      await expect(rollStrip).not.toContainText('新变动');
    }

    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '学生' }).click();
    await expect(dash.getByTestId('student-count')).toContainText('共 40 条'); // the same 40, not 80
    await dash.getByRole('tab', { name: '学籍异动' }).click();
    await expect(dash.getByTestId('case-count')).toContainText(`共 ${demo.school.cases.length} 条`);
  });

  test('学生详情 in a dialog is read as a 学籍卡, and holds what the 1.0 学籍卡 of the same child does', async ({
    demo,
    profile,
  }) => {
    test.setTimeout(120_000);
    // A child whose card says more than the list: a special group, boarding or a phone.
    const first = demo.school.students.slice(0, 20);
    const child =
      first.find((s) => s.sflsetm !== '0' && s.jdfsm === '2') ??
      first.find((s) => s.sflsetm !== '0') ??
      first[3]!;
    /** The record a badge opens, as its panel lists it (field names and values). */
    const panelOf = async (page: Page, badge: ReturnType<Page['locator']>) => {
      await badge.click();
      const panel = page
        .locator(`[data-baoxue-panel="${child.grbsm.toLowerCase()}"], [data-baoxue-panel]`)
        .last();
      await expect(panel.locator('dl')).toBeVisible();
      return panel.locator('dl').innerText();
    };

    const page = await profile.context.newPage();
    await page.goto(`${demo.url}/v2/students`);
    await mark(page);
    await expect(strip(page, 'student-list')).toHaveAttribute('data-baoxue-state', 'saved');
    const row = page.locator('.el-table__body tr', { hasText: child.grbsm });
    await row.getByRole('button', { name: '详情' }).filter({ visible: true }).first().click();
    const dialog = page.getByRole('dialog', { name: '学生详情' });
    await expect(dialog).toContainText(child.xjfh);
    const card = strip(page, 'student-card');
    await expect(card).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(card).toHaveAttribute('data-baoxue-count', '1');
    const badge = dialog.locator(`baoxue-badge[data-baoxue-xjh="${child.grbsm}"]`);
    await expect(badge).toBeVisible();
    const fromDialog = await panelOf(page, badge);
    expect(fromDialog).toContain(child.lxdh); // what only the card shows was read from the dialog
    // Closed: its strip goes; the page was not reloaded.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(card).toHaveCount(0);
    expect(await sameDocument(page)).toBe(true);

    // A 学籍异动 case's 详情 dialog also shows 学籍号 and 姓名: it is not taken for a student's card.
    await page.getByRole('menuitem', { name: '学籍异动' }).click();
    await expect(strip(page, 'status-change-apply')).toHaveAttribute('data-baoxue-state', 'saved');
    await page.getByRole('button', { name: '详情' }).filter({ visible: true }).first().click();
    const caseDialog = page.getByRole('dialog', { name: '学籍异动详情' });
    await expect(caseDialog).toBeVisible();
    // Read, and read as no student's card (the overlay marks each open dialog once it has read it).
    await expect(caseDialog).toHaveAttribute('data-baoxue-dialog', 'other');
    await expect(strip(page, 'student-card')).toHaveCount(0);

    // The 1.0 学籍卡 of the same child, in a profile that never saw the 2.0 skin: the same record.
    const other = await launchProfile();
    try {
      const old = await other.context.newPage();
      await login(old, demo);
      await old.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp`);
      await expect(old.locator('[data-baoxue-page="student-list"]')).toHaveAttribute(
        'data-baoxue-state',
        'saved',
      );
      await old.goto(`${demo.url}/jsp/xjgl/xjkView.jsp?grbsm=${child.grbsm}`);
      await expect(strip(old, 'student-card')).toHaveAttribute('data-baoxue-state', 'saved');
      const fromCard = await panelOf(old, old.locator(`baoxue-badge[data-baoxue-xjh="${child.grbsm}"]`));
      expect(fromDialog).toBe(fromCard);
    } finally {
      await other.close();
    }
  });

  test('the same children read from the 1.0 list and then the 2.0 list (which has no 身份证件类型 column) are no change', async ({
    demo,
    profile,
  }) => {
    const { page, strip: v1 } = await openPage(profile, demo, '/jsp/xsxx/xjsjwh.jsp');
    await expect(v1).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(v1).toContainText('新变动 20 项'); // the first reading
    for (let round = 0; round < 2; round++) {
      await page.goto(`${demo.url}/v2/students`);
      const v2 = strip(page, 'student-list');
      await expect(v2).toHaveAttribute('data-baoxue-state', 'saved');
      await expect(v2).toHaveAttribute('data-baoxue-source', 'dom+json');
      await expect(v2).not.toContainText('新变动');
      await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp`);
      await expect(strip(page, 'student-list')).toHaveAttribute('data-baoxue-state', 'saved');
      await expect(strip(page, 'student-list')).not.toContainText('新变动');
    }
    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '最近变动' }).click();
    await expect(dash.getByTestId('changes').locator('tbody tr[data-kind="student-changed"]')).toHaveCount(0);
    await expect(dash.getByTestId('changes').locator('tbody tr[data-kind="reading"]')).toHaveCount(1);
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
