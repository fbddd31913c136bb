/**
 * What a registrar (学籍管理员) meets on the dashboard: the 家访 quota screen counts each visitor under the role
 * they visited in (a 学籍管理员's visit is theirs, never a 班主任's short of 20, whoever uses the device later);
 * 我的待办 holds only the tasks assigned to 学籍管理员, the 班主任's urging and the 校领导's 疑似辍学 report under
 * 全校其他待办, where the 疑似辍学 task prints the 辍学学生情况报告表; the 学生 and 学籍异动 lists' own filters
 * (只看有问题的, 异动类别) are named in their xlsx title row.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
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

async function readRollAndCases(page: Page) {
  await expect((await openTab(page, '学籍数据维护')).locator('[data-baoxue-state="saved"]')).toBeVisible();
  await expect((await openTab(page, '学籍异动申请')).locator('[data-baoxue-state="saved"]')).toBeVisible();
}

/** Records a 家访 from the 风险名单 row of `xjh`, checking the role the form starts on. */
async function recordVisit(dash: Page, xjh: string, startsOn: string, opinion: string) {
  await dash.getByRole('tab', { name: '风险名单' }).click();
  await dash
    .getByTestId('at-risk')
    .locator(`tr[data-xjh="${xjh}"]`)
    .getByRole('button', { name: '记录家访' })
    .click();
  const form = dash.getByTestId('visit-form');
  await expect(form.getByLabel('家访人身份')).toHaveValue(startsOn);
  await form.getByLabel('家长意见').fill(opinion);
  await form.getByRole('button', { name: '保存家访记录' }).click();
  await expect(form).toHaveCount(0);
}

/** Clicks 导出当前列表 and returns the xlsx title row. */
async function exportTitle(dash: Page): Promise<string> {
  const download = dash.waitForEvent('download');
  await dash.getByRole('button', { name: '导出当前列表' }).click();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(await (await download).path())) as unknown as ArrayBuffer);
  return String(wb.worksheets[0]!.getCell('A1').value);
}

test('家访 quota screen: a 班主任 against 20, a 学籍管理员 counted as 学籍管理员 with no quota, also on a colleague’s turn at the device', async ({
  demo,
  profile,
}) => {
  test.setTimeout(180_000);
  const page = await profile.context.newPage();
  await login(page, demo);
  await readRollAndCases(page);
  const child = demo.school.students[4]!;
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await markAbsent(dash, child, lastSchoolDays(2), '王老师'); // 王老师, 班主任 (teacher)

  // The 班主任's visit: the form starts on 班主任.
  await recordVisit(dash, child.grbsm, 'teacher', '同意明天送孩子到校');
  // The registrar's: the form starts on 学籍管理员, and the record keeps it.
  await setDeviceUser(profile, '李主任', 'registrar');
  await dash.reload();
  await recordVisit(dash, child.grbsm, 'registrar', '家长说孩子已回校');

  const quotas = async () => {
    await dash.getByRole('tab', { name: '家访' }).click();
    await expect(dash.locator('main')).toContainText('本学期家访完成情况');
    return dash.getByTestId('quotas');
  };
  let table = await quotas();
  const teacher = table.locator('tr[data-author="王老师"]');
  const registrar = table.locator('tr[data-author="李主任"]');
  await expect(teacher).toContainText('班主任');
  await expect(teacher).toContainText('1/20');
  await expect(teacher).toContainText('还差 19 次');
  await expect(registrar).toHaveAttribute('data-visits', '1');
  await expect(registrar).toContainText('学籍管理员');
  await expect(registrar).toContainText('不计定额');
  // Those with a quota first.
  await expect(table.locator('tbody tr').first()).toHaveAttribute('data-author', '王老师');

  // 王老师's turn at the device (the registrar's roles no longer known here): the visit still counts as the
  // 学籍管理员's, not as a 班主任 short of 19.
  await setDeviceUser(profile, '王老师', 'teacher');
  await dash.reload();
  table = await quotas();
  await expect(table.locator('tr[data-author="李主任"]')).toContainText('学籍管理员');
  await expect(table.locator('tr[data-author="李主任"]')).toContainText('不计定额');
  await expect(table.locator('tr[data-author="李主任"]')).not.toContainText('还差');
});

test('待办 for a registrar: 我的待办 only the 学籍管理员’s; the 疑似辍学 task under 全校其他待办 prints the 辍学学生情况报告表 and is done', async ({
  demo,
  profile,
}) => {
  test.setTimeout(180_000);
  const page = await profile.context.newPage();
  await login(page, demo);
  await readRollAndCases(page);
  // Three school days away: 疑似辍学, and the 校领导's task to fill in the 辍学学生情况报告表.
  const child = demo.school.students[6]!;
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await markAbsent(dash, child, lastSchoolDays(3), '王老师');

  await setDeviceUser(profile, '李主任', 'registrar');
  await dash.reload();
  await dash.getByRole('tab', { name: '待办' }).click();
  const tasks = dash.getByTestId('tasks');
  const mine = tasks.locator('tbody[data-group="mine"] tr[data-kind]');
  const others = tasks.locator('tbody[data-group="others"] tr[data-kind]');
  await expect(mine.first()).toBeVisible();
  // Every task of 我的待办 is the 学籍管理员's (负责 column); the 班主任's urging of the overdue 转出 is not among them.
  const owners = await mine.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[2]?.textContent));
  expect(owners.length).toBeGreaterThan(0);
  expect(new Set(owners)).toEqual(new Set(['学籍管理员']));
  await expect(tasks.locator('tbody[data-group="mine"] tr[data-kind="urge-transfer"]')).toHaveCount(0);
  await expect(others.and(dash.locator('[data-kind="urge-transfer"]')).first()).toBeVisible();

  // The 疑似辍学 task (校领导's, so under 全校其他待办) prints the 辍学学生情况报告表 for this child.
  const report = others
    .and(dash.locator('[data-kind="ladder-dropout-report"]'))
    .filter({ hasText: child.bjmc });
  await expect(report).toHaveCount(1);
  await expect(report).toContainText('疑似辍学：填报辍学学生情况报告表');
  await expect(report).toContainText('校领导');
  const printed = profile.context.waitForEvent('page');
  await report.getByRole('button', { name: '打印辍学学生情况报告表' }).click();
  const form = await printed;
  await expect(form.locator('h1')).toHaveText('辍学学生情况报告表');
  expect(await form.title()).toBe(`辍学学生情况报告表 · ${child.xm}`);
  await expect(form.locator('main')).toContainText(child.xm);
  await form.close();
  // Printing it is the report: the task is done, and the child has a 劝返 case.
  await expect(report).toHaveAttribute('data-state', 'done');
  await dash.getByRole('tab', { name: '风险名单' }).click();
  await expect(dash.getByTestId('at-risk').locator(`tr[data-xjh="${child.grbsm}"]`)).toBeVisible();
});

test('学生 and 学籍异动 exports name their own filters (只看有问题的, 异动类别) in the title row', async ({
  demo,
  profile,
}) => {
  test.setTimeout(150_000);
  const page = await profile.context.newPage();
  await login(page, demo);
  await readRollAndCases(page);
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));

  await dash.getByRole('tab', { name: '学生' }).click();
  await dash.getByLabel('只看有问题的').check();
  await expect(dash.getByTestId('students').locator('tbody tr.has-problem').first()).toBeVisible();
  expect(await exportTitle(dash)).toContain('筛选：只看有问题的');

  await dash.getByRole('tab', { name: '学籍异动' }).click();
  const type = demo.school.scenarios.pendingTransfer.ydlb; // 转出
  await dash.getByLabel('异动类别', { exact: true }).selectOption(type);
  await dash.getByLabel('审核状态', { exact: true }).selectOption('待审核');
  const title = await exportTitle(dash);
  expect(title).toContain(`筛选：异动类别：${type} · 审核状态：待审核`);
  // Cleared, the title says no filter.
  await dash.getByLabel('异动类别', { exact: true }).selectOption('');
  await dash.getByLabel('审核状态', { exact: true }).selectOption('');
  expect(await exportTitle(dash)).not.toContain('异动类别：');
});
