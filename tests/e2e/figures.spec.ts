/**
 * Issue 15, what a registrar would notice on screen and paper: the same figure is the same number on every
 * screen (风险名单, 月报 and its print, 疑似辍学学生台账, 图表); the printed 辍学学生情况报告表 has its own title; an
 * empty 家访 is refused and a visit shows no invented time; a refused or withdrawn case is 已结束, not 已齐全,
 * in the ledger and on the host page's badge; grades are in school order.
 */
import type { Page } from '@playwright/test';
import { compareGradeLabels } from '../../lib/grades';
import { todayString } from '../../lib/time/day';
import { type RunningServer, runSyncServer, setupDemoSchool } from '../support/sync-server';
import { dashboardUrl, expect, lastSchoolDays, login, markAbsent, openTab, test } from './fixtures';

async function readRollAndCases(page: Page) {
  await expect((await openTab(page, '学籍数据维护')).locator('[data-baoxue-state="saved"]')).toBeVisible();
  await expect((await openTab(page, '学籍异动申请')).locator('[data-baoxue-state="saved"]')).toBeVisible();
}

test('疑似辍学 and 紧急 are the same count on the 风险名单, the 月报 and its print, the 台账 and the chart', async ({
  demo,
  profile,
}) => {
  test.setTimeout(150_000);
  const page = await profile.context.newPage();
  await login(page, demo);
  await readRollAndCases(page);

  // A child away the last three school days: 疑似辍学 by the default county rule.
  const child = demo.school.students[5]!;
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await markAbsent(dash, child, lastSchoolDays(3));

  // The demo school's 转出 past its deadline with paperwork missing is 疑似辍学 too (002 篇一 §五.7 "否则，作为
  // 辍学生处理。对转学的学生没有及时办理转出手续的，班主任应及时催促办理"): on the 风险名单 by that name, with the
  // class teacher asked to urge the family.
  await dash.getByRole('tab', { name: '风险名单' }).click();
  const list = dash.getByTestId('at-risk');
  const row = list.locator(`tr[data-xjh="${child.grbsm}"]`);
  await expect(row).toContainText('疑似辍学：连续缺课 3 天');
  const transfer = list.locator(`tr[data-xjh="${demo.school.scenarios.overdueTransfer.grbsm}"]`);
  await expect(transfer).toContainText(
    /疑似辍学：转出手续逾期未办结（期限 \d{4}-\d{2}-\d{2}），请班主任催促办理/,
  );
  await expect(transfer).toHaveAttribute('data-tier', 'urgent');
  // Every child the list calls 疑似辍学: the absent child and each overdue 转出 (no 劝返 case is open yet).
  const suspected = await list.locator('tr', { hasText: '疑似辍学：' }).count();
  expect(suspected).toBeGreaterThanOrEqual(2);
  const n = String(suspected);
  await expect(dash.getByTestId('suspected-month')).toHaveText(`本月疑似辍学：${n} 人`);
  await expect(dash.getByTestId('suspected-definition')).toContainText('或转出手续逾期未办结');
  const urgent = await list.locator('tr[data-tier="urgent"]').count();

  // Before anyone opens a 劝返 case, the 月报 already counts them all.
  await dash.getByRole('tab', { name: '台账与月报' }).click();
  const total = dash.getByTestId('monthly').locator('tr[data-unit="全校"]');
  await expect(total.locator('td[data-col="suspected"]')).toHaveText(n);
  await dash.getByRole('tab', { name: '风险名单' }).click();
  expect(urgent).toBeGreaterThan(0);

  // 立案劝返: still 疑似辍学 (not reported to the 乡镇政府), still one child.
  await row.getByRole('button', { name: '开始劝返' }).click();
  const panel = dash.getByTestId('persuasion');
  await panel.getByRole('button', { name: '开始劝返' }).click();
  await expect(panel.getByRole('button', { name: '打印辍学学生情况报告表' })).toBeVisible();

  // The printed 辍学学生情况报告表 is titled as itself, not as the monthly report.
  const printed = profile.context.waitForEvent('page');
  await panel.getByRole('button', { name: '打印辍学学生情况报告表' }).click();
  const form = await printed;
  await expect(form.locator('h1')).toHaveText('辍学学生情况报告表');
  expect(await form.title()).toBe(`辍学学生情况报告表 · ${child.xm}`);
  await form.close();

  // 月报 for this month: the same count, the definition beside it.
  await dash.getByRole('tab', { name: '台账与月报' }).click();
  await expect(total.locator('td[data-col="suspected"]')).toHaveText(n);
  await expect(dash.getByTestId('definitions')).toContainText('疑似辍学：本月内连续无故缺课达 3 个上课日');
  await expect(dash.getByTestId('definitions')).toContainText('或转出手续逾期未办结的学生');

  // 疑似辍学学生台账 for the same month: the same children, each with why.
  const today = todayString();
  await dash.getByLabel('报表').selectOption({ label: '疑似辍学学生台账' });
  await dash.getByLabel('起', { exact: true }).fill(`${today.slice(0, 7)}-01`);
  await dash.getByLabel('止', { exact: true }).fill(today);
  const ledger = dash.getByTestId('ledger');
  await expect(ledger.locator('thead')).toContainText('原因');
  await expect(ledger.locator('tbody tr')).toHaveCount(suspected);
  await expect(ledger.locator('tbody tr', { hasText: child.grbsm })).toContainText('连续无故缺课');
  await expect(ledger.locator('tbody tr', { hasText: child.grbsm })).toContainText('劝返在办');
  await expect(
    ledger.locator('tbody tr', { hasText: demo.school.scenarios.overdueTransfer.grbsm }),
  ).toContainText(/转出手续逾期（期限 \d{4}-\d{2}-\d{2}）/);
  await expect(dash.getByTestId('suspected-definition')).toBeVisible();

  // The monthly report's print: the same count.
  const print = await profile.context.newPage();
  await print.goto(`chrome-extension://${profile.extensionId}/report.html?month=${today.slice(0, 7)}`);
  await expect(print.getByTestId('print-monthly')).toHaveAttribute('data-ready', '1');
  await expect(
    print.getByTestId('monthly').locator('tr[data-unit="全校"] td[data-col="suspected"]'),
  ).toHaveText(n);
  await print.close();

  // The chart's 紧急 today is the 风险名单's 紧急.
  await dash.getByRole('tab', { name: '图表' }).click();
  await expect(dash.getByTestId('chart-tiers-today')).toHaveAttribute('data-urgent', String(urgent));
  await expect(dash.getByTestId('chart-tiers-today')).toContainText(`紧急 ${urgent} 人`);
});

test('an empty 家访 is refused with the fields named; a visit shows no invented time', async ({
  demo,
  profile,
}) => {
  test.setTimeout(120_000);
  const page = await profile.context.newPage();
  await login(page, demo);
  await readRollAndCases(page);
  const child = demo.school.students[3]!;
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await markAbsent(dash, child, lastSchoolDays(2));
  await dash.getByRole('tab', { name: '风险名单' }).click();
  const row = dash.getByTestId('at-risk').locator(`tr[data-xjh="${child.grbsm}"]`);
  await row.getByRole('button', { name: '记录家访' }).click();
  const form = dash.getByTestId('visit-form');
  await form.getByRole('button', { name: '保存家访记录' }).click();
  await expect(form).toContainText('家访原因、家庭情况、家长意见都没有填写');

  await dash.getByRole('tab', { name: '家访' }).click();
  await expect(dash.getByTestId('visits').locator(`li[data-student="${child.grbsm}"]`)).toHaveCount(0);

  await dash.getByRole('tab', { name: '风险名单' }).click();
  await row.getByRole('button', { name: '记录家访' }).click();
  await form.getByLabel('家长意见').fill('同意明天送孩子到校');
  await form.getByRole('button', { name: '保存家访记录' }).click();
  await dash.getByRole('tab', { name: '家访' }).click();
  const visit = dash.getByTestId('visits').locator(`li[data-student="${child.grbsm}"]`);
  await expect(visit).toHaveCount(1);
  await expect(visit.getByTestId('visit-when')).toHaveText(todayString());
  await expect(visit).not.toContainText('12:00');
});

test('a refused or withdrawn 学籍异动 reads 已结束 in the 学籍异动台账 and on the host page, not 已齐全', async ({
  demo,
  profile,
}) => {
  test.setTimeout(120_000);
  const casesOf = (xjh: string) => demo.school.cases.filter((c) => c.grbsm === xjh);
  const refused = demo.school.cases.find(
    (c) => /不通过|已撤销/.test(c.shzt) && casesOf(c.grbsm).length === 1,
  )!;
  expect(refused).toBeDefined();
  const page = await profile.context.newPage();
  await login(page, demo);
  await expect((await openTab(page, '学籍数据维护')).locator('[data-baoxue-state="saved"]')).toBeVisible();
  const tab = await openTab(page, '学籍异动申请');
  await expect(tab.locator('[data-baoxue-state="saved"]')).toBeVisible();
  const badge = tab.locator(`baoxue-badge[data-baoxue-xjh="${refused.grbsm}"]`).first();
  await expect(badge).toHaveAccessibleName('已结束（不通过/已撤销）');
  await expect(badge).toHaveAttribute('data-baoxue-tone', 'closed');

  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '台账与月报' }).click();
  await dash.getByLabel('报表').selectOption({ label: '学籍异动台账' });
  await dash.getByLabel('起', { exact: true }).fill('');
  await dash.getByLabel('止', { exact: true }).fill('');
  const ledgerRow = dash.getByTestId('ledger').locator('tbody tr', { hasText: refused.grbsm });
  await expect(ledgerRow).toContainText('已结束（不通过/已撤销）');
  await expect(ledgerRow).not.toContainText('已齐全');
});

test('grades are offered in school order, not by character code', async ({ demo, profile }) => {
  test.setTimeout(90_000);
  const page = await profile.context.newPage();
  await login(page, demo);
  // 读取全部: every grade of the school, not only the first page's.
  await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?pageSize=100`);
  const strip = page.locator('[data-baoxue-page="student-list"]');
  await strip.getByRole('button', { name: /读取全部/ }).click();
  await expect(strip.locator('[data-baoxue-capture-all]')).toHaveAttribute(
    'data-baoxue-capture-all',
    'done',
    {
      timeout: 30_000,
    },
  );
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '学生' }).click();
  const select = dash.getByRole('combobox', { name: '年级' });
  await expect.poll(() => select.locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(3);
  const shown = (await select.locator('option').allTextContents()).slice(1);
  expect(shown).toEqual([...shown].sort((a, b) => compareGradeLabels(a, b)));
  // e.g. 三年级 before 七年级 (character-code order puts 七 first).
  const three = shown.indexOf('三年级');
  const seven = shown.indexOf('七年级');
  if (three >= 0 && seven >= 0) expect(three).toBeLessThan(seven);
});

test('最近变动 shows a first reading of the roll as one line, not a row per new student', async ({
  demo,
  profile,
}) => {
  test.setTimeout(90_000);
  const page = await profile.context.newPage();
  await login(page, demo);
  await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?pageSize=100`);
  const strip = page.locator('[data-baoxue-page="student-list"]');
  await strip.getByRole('button', { name: /读取全部/ }).click();
  await expect(strip.locator('[data-baoxue-capture-all]')).toHaveAttribute(
    'data-baoxue-capture-all',
    'done',
    {
      timeout: 30_000,
    },
  );
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '最近变动' }).click();
  const changes = dash.getByTestId('changes');
  const reading = changes.locator('tr[data-kind="reading"]');
  await expect(reading).toHaveCount(1);
  await expect(reading).toContainText(/首次读取：\d+ 名学生/);
  expect(Number(await reading.getAttribute('data-count'))).toBeGreaterThan(100);
  await expect(changes.locator('tr[data-kind="student-new"]')).toHaveCount(0);
});

test.describe('sync messages on the 设置 page', () => {
  let server: RunningServer;
  test.beforeAll(async () => {
    server = await runSyncServer();
    await setupDemoSchool(server.url);
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('a wrong address says it is not a sync server; a wrong password says to check it here', async ({
    demo,
    profile,
  }) => {
    test.setTimeout(90_000);
    const page = await profile.context.newPage();
    await page.goto(`chrome-extension://${profile.extensionId}/options.html`);
    const settings = page.getByTestId('sync-settings');
    const connect = async (url: string, password: string) => {
      await settings.getByLabel('服务器地址').fill(url);
      await settings.getByLabel('学校代码').fill('demo');
      await settings.getByLabel('用户名').fill('王老师');
      await settings.getByLabel('密码').fill(password);
      await settings.getByRole('button', { name: '连接' }).click();
    };
    // The demo 学籍系统 answers, but it is no sync server.
    await connect(`${demo.url}/`, 'whatever-1');
    await expect(settings).toContainText('不是保学助手的同步服务器');
    await expect(settings).not.toContainText('拒绝了部分记录');

    await connect(server.url, 'not-the-password');
    await expect(settings).toContainText('请核对上面的用户名和密码');
    await expect(settings).not.toContainText('请在“设置”中');
  });
});
