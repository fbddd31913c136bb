/**
 * Issue 15, as a new registrar and a new 班主任 meet Baoxue: the words on every screen and print are
 * theirs (finding 4), 待办 shows each person their own first (6), 设置 is in sections and asks for the
 * school's name, which then heads prints and xlsx (9), a fresh install says how to begin and empty charts
 * say 暂无数据 (10), and acts that go on record ask for their date and a confirmation.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import type { DemoServer } from '../../demo/server';
import { todayString } from '../../lib/time/day';
import type { Profile } from '../support/chromium';
import {
  dashboardUrl,
  expect,
  lastSchoolDays,
  login,
  markAbsent,
  openTab,
  setDeviceUser,
  test,
} from './fixtures';
import { leaks } from './words';

async function readRoll(
  page: Page,
  demo: DemoServer,
  menus = ['学籍数据维护', '学籍异动申请', '在办业务查询'],
) {
  await login(page, demo);
  for (const menu of menus) {
    const tab = await openTab(page, menu);
    await expect(tab.locator('[data-baoxue-state="saved"]').first()).toBeVisible({ timeout: 20_000 });
  }
}

async function options(profile: Profile): Promise<Page> {
  const page = await profile.context.newPage();
  await page.goto(`chrome-extension://${profile.extensionId}/options.html`);
  return page;
}

/** Opens a 劝返 case for `child` (on the 风险名单) and returns the panel. */
async function openCase(dash: Page, xjh: string) {
  await dash.getByRole('tab', { name: '风险名单' }).click();
  const row = dash.getByTestId('at-risk').locator(`tr[data-xjh="${xjh}"]`);
  await row.getByRole('button', { name: '开始劝返' }).click();
  const panel = dash.getByTestId('persuasion');
  await panel.getByRole('button', { name: '开始劝返' }).click();
  await expect(panel).toHaveAttribute('data-case', /.+/);
  return panel;
}

test('finding 4: no dashboard tab, 设置 or print shows domain.md, §, a role code, a field key or a schema path; a checklist cites 《…》 by title', async ({
  demo,
  profile,
}) => {
  test.setTimeout(240_000);
  const host = await profile.context.newPage();
  await readRoll(host, demo);
  const data = [demo.school.name, ...demo.school.students.flatMap((s) => [s.xm, s.bjmc])];
  const problems: string[] = [];

  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  const child = demo.school.students[7]!;
  await markAbsent(dash, child, lastSchoolDays(3), '李主任');
  // The registrar walks every screen (the tabs only the office sees included).
  await setDeviceUser(profile, '李主任', 'registrar');
  await dash.reload();
  const panel = await openCase(dash, child.grbsm);
  const caseId = (await panel.getAttribute('data-case'))!;

  // The 学籍异动 tab with a transfer's checklist open: its 依据 names the document by title.
  await dash.getByRole('tab', { name: '学籍异动' }).click();
  const pending = demo.school.scenarios.pendingTransfer;
  await dash.locator(`tr[data-id^="${pending.grbsm}|转出"]`).click();
  const basis = dash.locator('[data-baoxue-checklist]').getByTestId('basis').first();
  await expect(basis).toContainText('依据：《控辍保学工作方案及措施文件》');
  const printHref = await dash.getByRole('link', { name: '打印手续清单' }).getAttribute('href');
  problems.push(...(await leaks(dash, '学籍异动 + 手续清单', data)));

  const tabs = dash.getByRole('tablist').getByRole('tab');
  const count = await tabs.count();
  for (let i = 0; i < count; i++) {
    const tab = tabs.nth(i);
    const name = (await tab.textContent()) ?? String(i);
    await tab.click();
    await expect(dash.locator('main')).not.toContainText('正在计算', { timeout: 20_000 });
    await dash.waitForTimeout(400); // lists fill from their queries
    problems.push(...(await leaks(dash, name, data)));
  }

  const settings = await options(profile);
  await expect(settings.getByTestId('school-settings')).toBeVisible();
  problems.push(...(await leaks(settings, '设置', data)));

  const ext = `chrome-extension://${profile.extensionId}`;
  const prints: [string, string][] = [
    ['手续清单打印', `${ext}${printHref}`],
    ['返校通知书', `${ext}/notice.html?doc=notice&student=${child.grbsm}&case=${encodeURIComponent(caseId)}`],
    [
      '辍学学生情况报告表',
      `${ext}/notice.html?doc=report&student=${child.grbsm}&case=${encodeURIComponent(caseId)}`,
    ],
    ['月报打印', `${ext}/report.html?month=${todayString().slice(0, 7)}`],
  ];
  for (const [where, url] of prints) {
    const page = await profile.context.newPage();
    await page.goto(url);
    await expect(page.locator('main h1, main table').first()).toBeVisible({ timeout: 15_000 });
    if (where === '手续清单打印')
      await expect(page.locator('main')).toContainText('《控辍保学工作方案及措施文件》');
    problems.push(...(await leaks(page, where, data)));
    await page.close();
  }
  expect(problems).toEqual([]);
});

test('finding 6: a 班主任 sees 我的班级 and only their children’s tasks, overdue first; a registrar gets the paperwork first, each opening its checklist', async ({
  demo,
  profile,
}) => {
  test.setTimeout(180_000);
  const host = await profile.context.newPage();
  await readRoll(host, demo);
  const mine = demo.school.students[7]!;
  // Another class's child with a task: the overdue 转出 (its urging is that class's 班主任's).
  const other = demo.school.scenarios.overdueTransfer;
  expect(other.bjmc).not.toBe(mine.bjmc);
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await markAbsent(dash, mine, lastSchoolDays(2), '王老师');
  // Before 王老师 says which class is theirs, the other class's urging is listed (so its absence below means something).
  await dash.getByRole('tab', { name: '待办' }).click();
  const urging = dash.getByTestId('tasks').locator('tr[data-kind="urge-transfer"]', { hasText: other.xm });
  await expect(urging).toHaveCount(1);

  // 王老师 is the 班主任 of one class: 设置 → 本机使用者, the class ticked.
  const settings = await options(profile);
  const user = settings.getByTestId('device-user');
  await user.getByLabel('身份').selectOption('teacher');
  await user.getByTestId('my-classes').getByLabel(mine.bjmc, { exact: true }).check();
  await user.getByRole('button', { name: '设为本机使用者' }).click();
  await expect(settings.getByTestId('device-user-message')).toContainText('王老师');

  await dash.getByRole('tab', { name: '考勤' }).click();
  await dash.getByRole('tab', { name: '待办' }).click();
  await expect(dash.getByTestId('my-classes')).toContainText(mine.bjmc);
  await expect(urging).toHaveCount(0);
  const rows = dash.getByTestId('tasks').locator('tbody tr[data-kind]');
  await expect(rows.filter({ hasText: mine.xm }).first()).toBeVisible();
  await expect(rows.filter({ hasText: other.xm })).toHaveCount(0);
  // Never the registrar's paperwork (the 休学 past its end is theirs).
  await expect(dash.getByTestId('tasks').locator('tr[data-kind="suspension-expired"]')).toHaveCount(0);
  // In due-date order, what is still to do first.
  const dues = await rows.evaluateAll((trs) =>
    trs
      .filter((tr) => !['done', 'cancelled'].includes(tr.getAttribute('data-state') ?? ''))
      .map((tr) => tr.querySelectorAll('td')[3]?.textContent?.slice(0, 10) ?? ''),
  );
  expect(dues.length).toBeGreaterThan(1);
  expect(dues).toEqual([...dues].sort());

  // The registrar: the paperwork first, and a click opens the case's 手续清单 in place.
  await setDeviceUser(profile, '李主任', 'registrar');
  await dash.reload();
  await dash.getByRole('tab', { name: '待办' }).click();
  const paperwork = dash.getByTestId('tasks').locator('tbody[data-group="mine"] tr[data-kind]');
  await expect(paperwork.first()).toBeVisible();
  const kinds = await paperwork.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')));
  expect(kinds.every((k) => k === 'urge-transfer' || k === 'suspension-expired')).toBe(true);
  const expired = dash.getByTestId('tasks').locator('tr[data-kind="suspension-expired"]');
  await expired.getByRole('button', { name: '打开手续清单' }).click();
  await expect(dash.locator('[data-baoxue-checklist]')).toContainText('休学证书');
});

test('finding 9: 设置 is in sections, each saved on its own; the school’s name heads the xlsx, the checklist print and signs the 返校通知书', async ({
  demo,
  profile,
}) => {
  test.setTimeout(180_000);
  const host = await profile.context.newPage();
  await readRoll(host, demo);
  await setDeviceUser(profile, '李主任', 'registrar');

  const settings = await options(profile);
  // Every section has its own heading and its own 保存; nothing asks the whole form at once.
  for (const [id, heading] of [
    ['school', '学校'],
    ['calendar', '学年与校历'],
    ['absence', '缺课与风险'],
    ['paperwork', '材料审核'],
    ['reading', '页面读取'],
  ] as const) {
    const section = settings.locator(`section[data-section="${id}"]`);
    await expect(section.locator('h2').first()).toHaveText(heading);
  }
  await expect(settings.getByRole('button', { name: /^保存$/ })).toHaveCount(0);
  await expect(settings.getByTestId('school-name-missing')).toBeVisible(); // asked for, not assumed
  // A section saved says so in its own place, and saves only itself: the ladder edited beside it is not.
  const threshold = settings.getByLabel(/疑似辍学.*连续缺课天数/);
  const before = await threshold.inputValue();
  await threshold.fill('4');
  const school = settings.getByTestId('school-settings');
  await school.getByLabel('学校名称').fill('博山镇实验学校');
  await school.getByRole('button', { name: '保存学校信息' }).click();
  await expect(settings.getByTestId('school-settings-message')).toHaveText('学校信息已保存。');
  await expect(settings.getByTestId('absence-settings-message')).toHaveCount(0);
  await settings.reload();
  await expect(settings.getByTestId('school-settings').getByLabel('学校名称')).toHaveValue('博山镇实验学校');
  await expect(settings.getByLabel(/疑似辍学.*连续缺课天数/)).toHaveValue(before);

  // The 台账 as xlsx: the school's name in its title.
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '台账与月报' }).click();
  await dash.getByLabel('报表').selectOption({ label: '学籍异动台账' });
  const download = dash.waitForEvent('download');
  await dash.getByRole('button', { name: '导出 xlsx' }).click();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await readFile(await (await download).path())) as unknown as ArrayBuffer);
  const title = String(book.worksheets[0]!.getRow(1).getCell(1).value ?? '');
  expect(title).toContain('博山镇实验学校');

  // The checklist print and the 返校通知书's seal line.
  await dash.getByRole('tab', { name: '学籍异动' }).click();
  const pending = demo.school.scenarios.pendingTransfer;
  await dash.locator(`tr[data-id^="${pending.grbsm}|转出"]`).click();
  const printed = dash.context().waitForEvent('page');
  await dash.getByRole('link', { name: '打印手续清单' }).click();
  const print = await printed;
  await expect(print.locator('main')).toContainText('学校：博山镇实验学校');

  const child = demo.school.students[9]!;
  await markAbsent(dash, child, lastSchoolDays(3), '李主任');
  const panel = await openCase(dash, child.grbsm);
  await panel.getByLabel('返校期限').fill('2030-01-15');
  const noticePage = dash.context().waitForEvent('page');
  await panel.getByRole('button', { name: '发出并打印返校通知书' }).click();
  const notice = await noticePage;
  await expect(notice.locator('main p[style*="right"]')).toContainText('博山镇实验学校');
});

test('finding 10 and the first-run guide: a fresh install says how to begin, empty charts say 暂无数据, the 家访 tab says how to add one', async ({
  profile,
}) => {
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  const guide = dash.getByTestId('first-run-guide');
  await expect(guide).toBeVisible();
  await expect(guide.locator('li[data-step]')).toHaveCount(4);
  await expect(guide).toContainText('读取全部');

  await dash.getByRole('tab', { name: '风险名单' }).click();
  await expect(dash.locator('main')).not.toContainText('目前没有风险学生');
  await expect(dash.getByTestId('at-risk-start')).toContainText('学籍数据维护');

  await dash.getByRole('tab', { name: '家访' }).click();
  await expect(dash.locator('main')).toContainText('点学生那一行的“记录家访”');

  await dash.getByRole('tab', { name: '图表' }).click();
  for (const name of ['tiers', 'absences', 'cases', 'quotas'])
    await expect(dash.getByTestId(`chart-empty-${name}`)).toContainText('暂无数据');

  // Step 1 of the guide: the school's name and 学制, ticked once saved.
  await guide.getByLabel('学校名称').fill('博山镇实验学校');
  await guide.getByLabel('学制').selectOption('五四制');
  await guide.getByRole('button', { name: '保存' }).click();
  await expect(guide.locator('li[data-step="school"]')).toHaveAttribute('data-done', 'true');
  // Step 3: this device only.
  await guide.getByRole('button', { name: '先只在本机使用' }).click();
  await expect(guide.locator('li[data-step="server"]')).toHaveAttribute('data-done', 'true');
  // Dismissed, it stays away; 设置 brings it back.
  await guide.getByRole('button', { name: '关闭向导' }).click();
  await expect(guide).toHaveCount(0);
  await dash.reload();
  await expect(dash.getByRole('tablist')).toBeVisible();
  await expect(guide).toHaveCount(0);
  const settings = await options(profile);
  await expect(settings.getByTestId('school-settings').getByLabel('学校名称')).toHaveValue('博山镇实验学校');
  await settings.getByRole('button', { name: '重新显示入门向导' }).click();
  await expect(settings.getByTestId('guide-settings-message')).toBeVisible();
  await dash.reload();
  await expect(guide).toBeVisible();
});

test('finding 10: a chart with data uses the page’s width and its title sits above it, not inside the drawing', async ({
  demo,
  profile,
}) => {
  const host = await profile.context.newPage();
  await readRoll(host, demo, ['学籍数据维护']);
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await markAbsent(dash, demo.school.students[7]!, lastSchoolDays(2));
  await dash.getByRole('tab', { name: '图表' }).click();
  const chart = dash.locator('[data-chart="absences"]');
  await expect(chart.locator('svg')).toBeVisible();
  const box = await chart.boundingBox();
  const section = await dash.locator('section.charts').boundingBox();
  expect(box!.width).toBeGreaterThan(section!.width * 0.9);
  await expect(dash.locator('[data-chart-box="absences"] h3')).toHaveText('各周无故缺课（天），按班级');
  await expect(chart.locator('svg')).not.toContainText('各周无故缺课');
});

test('已返校（销号） asks for the date of return and a confirmation before it closes the case', async ({
  demo,
  profile,
}) => {
  const host = await profile.context.newPage();
  await readRoll(host, demo, ['学籍数据维护']);
  const child = demo.school.students[9]!;
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  const days = lastSchoolDays(3);
  await markAbsent(dash, child, days);
  const panel = await openCase(dash, child.grbsm);

  await panel.getByRole('button', { name: '已返校（销号）' }).click();
  const confirm = panel.getByTestId('confirm-returned');
  await expect(confirm).toContainText('不能撤销');
  await expect(confirm.getByLabel('返校日期')).toHaveValue(''); // asked, not assumed
  await confirm.getByRole('button', { name: '确认' }).click();
  await expect(confirm.getByRole('alert')).toContainText('返校日期');
  // Nothing was recorded: the child is still on the list.
  await expect(dash.getByTestId('at-risk').locator(`tr[data-xjh="${child.grbsm}"]`)).toHaveCount(1);

  // The report to the 乡镇政府 likewise, on the day given.
  await panel.getByRole('button', { name: '已报告乡镇政府' }).click();
  await panel.getByTestId('confirm-report').getByLabel('报告日期').fill(days[2]!);
  await panel.getByTestId('confirm-report').getByRole('button', { name: '确认' }).click();
  await expect(panel.locator('li', { hasText: '报告乡镇政府' })).toContainText(`报告日期 ${days[2]}`);

  await confirm.getByLabel('返校日期').fill(todayString());
  await confirm.getByRole('button', { name: '确认' }).click();
  await expect(dash.getByTestId('at-risk').locator(`tr[data-xjh="${child.grbsm}"]`)).toHaveCount(0);
});
