import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { addDays, format, parseISO } from 'date-fns';
import type { DemoServer } from '../../demo/server';
import { DEFAULT_CALENDAR, isWorkingDay } from '../../lib/time/calendar';
import { todayString } from '../../lib/time/day';
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

/** Logs in and reads the first page of 学籍数据维护, so the store knows those students. */
async function captureStudentList(page: Page, demo: DemoServer) {
  await login(page, demo);
  const tab = await openTab(page, '学籍数据维护');
  await expect(tab.locator('[data-baoxue-state="saved"]')).toBeVisible();
}

test('two consecutive absent school days give the ladder’s tasks; a logged visit closes its task; an overdue step escalates', async ({
  demo,
  profile,
}) => {
  const page = await profile.context.newPage();
  await captureStudentList(page, demo);
  const child = demo.school.students[7]!;
  const [d1, d2] = lastSchoolDays(2) as [string, string];
  const nextSchoolDay = (s: string) => {
    let d = addDays(parseISO(s), 1);
    while (!isWorkingDay(format(d, 'yyyy-MM-dd'), DEFAULT_CALENDAR)) d = addDays(d, 1);
    return format(d, 'yyyy-MM-dd');
  };

  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await markAbsent(dash, child, [d1, d2]);

  await dash.getByRole('tab', { name: '待办' }).click();
  const task = (title: string) =>
    dash.getByTestId('tasks').locator('tr', { hasText: `${title}：${child.xm}` });
  await expect(task('报告教导处并联系家长')).toContainText('班主任');
  await expect(task('报告教导处并联系家长')).toContainText(d1);
  await expect(task('班主任家访')).toContainText(nextSchoolDay(d1));
  await expect(task('校领导亲自家访').locator('td').nth(2)).toHaveText('校领导');
  await expect(task('校领导亲自家访')).toContainText(d2);
  // The call was due the first day and nobody logged one: that step escalated.
  await expect(task('报告教导处并联系家长')).toHaveAttribute('data-state', 'escalated');

  // The class teacher logs a visit in person on the second day: the visit and the call steps close.
  await task('班主任家访').getByRole('button', { name: '记录家访' }).click();
  const form = dash.getByTestId('visit-form');
  await form.getByLabel('日期', { exact: true }).fill(d2);
  await form.getByLabel('家长意见').fill('同意明天送孩子到校');
  await form.getByRole('button', { name: '保存家访记录' }).click();
  await expect(task('班主任家访')).toHaveAttribute('data-state', 'done');
  await expect(task('报告教导处并联系家长')).toHaveAttribute('data-state', 'done');
  await expect(task('校领导亲自家访')).not.toHaveAttribute('data-state', 'done');

  await dash.getByRole('tab', { name: '风险名单' }).click();
  const risk = dash.getByTestId('at-risk').locator(`tr[data-xjh="${child.grbsm}"]`);
  await expect(risk).toContainText('连续缺课 2 天');
  await expect(risk).toHaveAttribute('data-tier', /warning|urgent/);

  // The visit counts toward the class teacher's semester quota.
  await dash.getByRole('tab', { name: '家访' }).click();
  await expect(dash.getByTestId('quotas').locator('tr[data-author="王老师"]')).toContainText('1/20');

  // It was a phone call, in fact: the correction is a new record that supersedes the first. A call does
  // not close the home-visit step, which opens again; the quota still counts one visit.
  const visit = dash.getByTestId('visits').locator(`li[data-student="${child.grbsm}"]`);
  await expect(visit).toHaveCount(1);
  await visit.getByRole('button', { name: '更正' }).click();
  const fix = dash.getByTestId('visit-form');
  await expect(fix).toContainText('更正家访记录');
  await expect(fix.getByLabel('家长意见')).toHaveValue('同意明天送孩子到校');
  await fix.getByLabel('方式').selectOption('电话');
  await fix.getByRole('button', { name: '保存家访记录' }).click();
  await expect(visit).toHaveCount(1);
  await expect(visit).toHaveAttribute('data-method', 'phone'); // stored as a code, shown as 电话
  await expect(visit).toContainText('（已更正）');
  await expect(dash.getByTestId('quotas').locator('tr[data-author="王老师"]')).toContainText('1/20');
  await dash.getByRole('tab', { name: '待办' }).click();
  await expect(task('班主任家访')).not.toHaveAttribute('data-state', 'done');
  await expect(task('报告教导处并联系家长')).toHaveAttribute('data-state', 'done');
});

test('three days away make a 疑似辍学; a 劝返 case with a printed 返校通知书 closes on the return and the child leaves the list', async ({
  demo,
  profile,
}) => {
  const page = await profile.context.newPage();
  await captureStudentList(page, demo);
  const child = demo.school.students[9]!;
  const days = lastSchoolDays(3);

  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await markAbsent(dash, child, days);

  await dash.getByRole('tab', { name: '风险名单' }).click();
  const risk = dash.getByTestId('at-risk').locator(`tr[data-xjh="${child.grbsm}"]`);
  await expect(risk).toHaveAttribute('data-tier', 'urgent');
  await expect(risk).toContainText('疑似辍学：连续缺课 3 天');

  await risk.getByRole('button', { name: '开始劝返' }).click();
  const panel = dash.getByTestId('persuasion');
  await panel.getByRole('button', { name: '开始劝返' }).click();
  await expect(panel).toHaveAttribute('data-case', /^persuasion:/);
  await expect(risk).toContainText('劝返进行中');
  await panel.getByLabel('结果').fill('家长答应劝说孩子');
  await panel.getByRole('button', { name: '记录劝返' }).click();
  await expect(panel.locator('li')).toHaveCount(2);
  await expect(risk).toContainText('劝返进行中（最近：家长答应劝说孩子）');

  await panel.getByLabel('返校期限').fill('2030-01-15');
  const noticePage = dash.context().waitForEvent('page');
  await panel.getByRole('button', { name: '发出并打印返校通知书' }).click();
  const notice = await noticePage;
  await expect(notice.locator('h1')).toHaveText('辍学生返校通知书');
  await expect(notice.locator('main')).toContainText(`您的孩子 ${child.xm}`);
  await expect(notice.locator('main')).toContainText(`自 ${days[0]} 起未到校上课`);
  await expect(notice.locator('main')).toContainText('请您于 2030-01-15 前送孩子返校复学');
  expect((await notice.pdf({ format: 'A4' })).subarray(0, 4).toString()).toBe('%PDF');

  // On record and not to be undone: the date is asked, then confirmed (issue 15).
  await panel.getByRole('button', { name: '已返校（销号）' }).click();
  await panel.getByTestId('confirm-returned').getByLabel('返校日期').fill(todayString());
  await panel.getByTestId('confirm-returned').getByRole('button', { name: '确认' }).click();
  await expect(dash.getByTestId('at-risk').locator(`tr[data-xjh="${child.grbsm}"]`)).toHaveCount(0);
});

test('a class names a 重点生 with a reason and a partner teacher; the file holds the student on one page', async ({
  demo,
  profile,
}) => {
  const page = await profile.context.newPage();
  await captureStudentList(page, demo);
  const child = demo.school.students.slice(0, 20).find((s) => s.sflsetm !== '0')!;

  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '重点生' }).click();
  await dash.getByLabel('学生（姓名或学籍号）').fill(child.grbsm);
  await dash.getByLabel('原因（思想、学习或其他）').fill('学习困难，有厌学情绪');
  await dash.getByLabel('帮扶教师').fill('李老师');
  await setDeviceUser(profile, '王老师');
  await dash.getByRole('button', { name: '设为重点生' }).click();
  const row = dash.getByTestId('key-students').locator(`tr[data-xjh="${child.grbsm}"]`);
  await expect(row).toContainText('学习困难，有厌学情绪');
  await expect(row).toContainText('李老师');
  await expect(row).toHaveAttribute('data-overdue', 'false');
  await row.getByRole('button', { name: '档案' }).click();
  const file = dash.getByTestId('student-file');
  await expect(file).toContainText(child.xm);
  await expect(file).toContainText('留守儿童'); // context for care, from the JSON the list carried
  await expect(file).toContainText('本学期缺课');
  // Groups the 学籍 does not carry are entered by the teacher, and shown with the rest.
  await file.getByLabel('补充特殊群体').fill('学困');
  await file.getByRole('button', { name: '保存特殊群体' }).click();
  await expect(file).toContainText('留守儿童、学困');

  // On the watch list, for the reason, with the special group only as context.
  await dash.getByRole('tab', { name: '风险名单' }).click();
  const watch = dash.getByTestId('watch-list').locator(`tr[data-xjh="${child.grbsm}"]`);
  await expect(watch).toHaveAttribute('data-tier', 'watch');
  await expect(watch.locator('td').nth(4)).toHaveText('重点生');
  await expect(watch.locator('td').nth(5)).toContainText('留守儿童');
});

test('a class’s absences import from an xlsx file; a file with a bad row imports nothing and says which row', async ({
  demo,
  profile,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'baoxue-import-'));
  const page = await profile.context.newPage();
  await captureStudentList(page, demo);
  const [a, b] = [demo.school.students[0]!, demo.school.students[1]!];

  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('考勤');
  sheet.addRow(['学籍号', '姓名', '日期', '时段', '类型', '原因']);
  sheet.addRow([a.grbsm, a.xm, '2026-11-19', '上午', '旷课', '']);
  sheet.addRow([b.grbsm, b.xm, new Date(Date.UTC(2026, 10, 19)), '全天', '病假', '发烧']);
  const xlsx = join(dir, 'absences.xlsx');
  await book.xlsx.writeFile(xlsx);

  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '考勤' }).click();
  await dash.getByLabel('班级').selectOption(a.bjmc);
  await setDeviceUser(profile, '王老师');
  await dash.getByLabel('日期').fill('2026-11-19');

  // A CSV with a bad row first: nothing is imported, and the row is named.
  const csv = join(dir, 'bad.csv');
  await writeFile(
    csv,
    `学籍号,日期,时段,类型\n${a.grbsm},2026-11-19,全天,旷课\n${b.grbsm},2026-11-31,全天,旷课\n`,
  );
  await dash.getByTestId('absence-import').setInputFiles(csv);
  await expect(dash.getByTestId('import-errors')).toHaveText('第 3 行：日期“2026-11-31”无法识别');
  await expect(dash.getByTestId('attendance-message')).toContainText('未导入任何记录');
  const rowA = dash.getByTestId('roster').locator(`tr[data-id="${a.grbsm}"]`);
  await expect(rowA).toHaveAttribute('data-am', 'present');

  await dash.getByTestId('absence-import').setInputFiles(xlsx);
  await expect(dash.getByTestId('attendance-message')).toHaveText('已导入 2 条缺勤记录。');
  await expect(rowA).toHaveAttribute('data-am', 'unexcused');
  await expect(rowA).toHaveAttribute('data-pm', 'present');
  const rowB = dash.getByTestId('roster').locator(`tr[data-id="${b.grbsm}"]`);
  await expect(rowB).toHaveAttribute('data-am', 'excused');
  await expect(rowB).toHaveAttribute('data-pm', 'excused');
});

test('a county that counts 疑似辍学 at five days sets it in 设置, and three days away is then 预警', async ({
  demo,
  profile,
}) => {
  const options = await profile.context.newPage();
  await options.goto(`chrome-extension://${profile.extensionId}/options.html`);
  await options.getByLabel(/疑似辍学.*连续缺课天数/).fill('5');
  await options.getByRole('button', { name: '保存缺课与风险设置' }).click();
  await expect(options.getByTestId('absence-settings-message')).toHaveText(/^缺课与风险设置已保存/);

  const page = await profile.context.newPage();
  await captureStudentList(page, demo);
  const child = demo.school.students[11]!;
  const days = lastSchoolDays(3);
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await markAbsent(dash, child, days);
  await dash.getByRole('tab', { name: '风险名单' }).click();
  const risk = dash.getByTestId('at-risk').locator(`tr[data-xjh="${child.grbsm}"]`);
  await expect(risk).toContainText('连续缺课 3 天');
  await expect(risk).not.toContainText('疑似辍学：连续缺课');
  await expect(risk).toHaveAttribute('data-tier', 'warning');
});

test('a child away every morning and in class every afternoon for six school days never becomes 紧急 and gets no 辍学学生情况报告表; a child away three whole days does', async ({
  demo,
  profile,
}) => {
  const page = await profile.context.newPage();
  await captureStudentList(page, demo);
  const mornings = demo.school.students[13]!;
  const control = demo.school.students[14]!;
  const days = lastSchoolDays(6);

  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  // The teacher marks 上午缺课 and 下午到校 on each of six school days.
  await dash.getByRole('tab', { name: '考勤' }).click();
  await dash.getByLabel('班级').selectOption(mornings.bjmc);
  await setDeviceUser(profile, '王老师');
  const row = dash.getByTestId('roster').locator(`tr[data-id="${mornings.grbsm}"]`);
  for (const day of days) {
    await dash.getByLabel('日期').fill(day);
    await row.getByRole('button', { name: '上午缺课' }).click();
    await expect(row).toHaveAttribute('data-am', 'unexcused');
    await row.getByRole('button', { name: '下午到校' }).click();
    await expect(row).toHaveAttribute('data-pm', 'present');
    await expect(row).toHaveAttribute('data-am', 'unexcused');
  }
  await markAbsent(dash, control, days.slice(3));

  await dash.getByRole('tab', { name: '风险名单' }).click();
  const urgent = dash.getByTestId('at-risk').locator(`tr[data-xjh="${control.grbsm}"]`);
  await expect(urgent).toHaveAttribute('data-tier', 'urgent');
  await expect(urgent).toContainText('疑似辍学：连续缺课 3 天');
  // Computed in the same pass as the control child: the half-day child is not on the 风险名单 (紧急/预警).
  await expect(dash.getByTestId('at-risk').locator(`tr[data-xjh="${mornings.grbsm}"]`)).toHaveCount(0);
  const watch = dash.getByTestId('watch-list').locator(`tr[data-xjh="${mornings.grbsm}"]`);
  await expect(watch).toHaveAttribute('data-tier', 'watch');
  await expect(watch).not.toContainText('疑似辍学');

  await dash.getByRole('tab', { name: '待办' }).click();
  const dropoutTask = (name: string) =>
    dash
      .getByTestId('tasks')
      .locator('tr', { hasText: `疑似辍学：填报辍学学生情况报告表，请村委会协助：${name}` });
  await expect(dropoutTask(control.xm)).toHaveCount(1);
  await expect(dropoutTask(mornings.xm)).toHaveCount(0);
});
