/**
 * 教师班级 and 访问记录 (issue 16): the registrar sets a teacher's classes from the dashboard and the server's
 * account holds them; a teacher neither sees these tabs nor gets the staff route by asking it directly; a
 * leader reads who opened which child's file and printed which notice, and exports the yearly compliance
 * audit as a workbook of three sheets.
 */
import ExcelJS from 'exceljs';
import type { DemoStudent } from '../../demo/generator';
import { basicAuth } from '../../lib/sync/account';
import { launchProfile, type Profile } from '../support/chromium';
import { ADMIN, type RunningServer, runSyncServer, STAFF, setupDemoSchool } from '../support/sync-server';
import { connectSync, dashboardUrl, expect, lastSchoolDays, login, test } from './fixtures';

let server: RunningServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await runSyncServer();
  await setupDemoSchool(server.url);
});
test.afterAll(async () => {
  await server?.stop();
});

async function connect(profile: Profile, user: string) {
  await connectSync(profile, server.url, user, STAFF.find((s) => s.name === user)!.password);
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await expect(dash.getByTestId('sync')).toHaveAttribute('data-state', 'ok', { timeout: 45_000 });
  return dash;
}

const adminAccount = async (name: string) =>
  (await (
    await fetch(`${server.url}_baoxue/accounts/${encodeURIComponent(name)}`, {
      headers: { authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }) },
    })
  ).json()) as { classes?: string[] };

/** The child the teacher works with, in the class the registrar gives them. */
let child: DemoStudent;

test('the registrar sets a teacher’s classes in 教师班级; a teacher has no such tab and is refused by the server', async ({
  demo,
  profile: registrar,
}) => {
  test.setTimeout(180_000);
  const page = await registrar.context.newPage();
  await login(page, demo);
  // One page of 100 (five classes): the roll's classes the registrar can choose from, some not the teacher's.
  await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?pageSize=100`);
  await expect(page.locator('[data-baoxue-state="saved"]')).toBeVisible({ timeout: 30_000 });
  // A child of a class the teacher does not have yet (server:setup may have given them one).
  const before = (await adminAccount('王老师')).classes;
  // A teacher's device holds no 学籍号 (the child's id there is the server's hash): the child is found by a
  // name no classmate shares.
  child = demo.school.students
    .slice(0, 100)
    .find(
      (s) =>
        !before?.includes(s.bjmc) &&
        demo.school.students.filter((o) => o.bjmc === s.bjmc && o.xm === s.xm).length === 1,
    )!;
  const dash = await connect(registrar, '李主任');

  await dash.getByRole('tab', { name: '教师班级' }).click();
  const row = dash.getByTestId('staff-classes').locator('tr[data-name="王老师"]');
  await expect(row.getByTestId('classes')).toContainText(before?.length ? before.join('、') : '尚未设定');
  // A registrar or a leader has no classes to set.
  await expect(dash.getByTestId('staff-classes').locator('tr[data-name="张校长"]')).toContainText('全校');
  await expect(
    dash.getByTestId('staff-classes').locator('tr[data-name="张校长"]').getByRole('button'),
  ).toHaveCount(0);
  await row.getByRole('button', { name: '设定班级' }).click();
  // A class typed by hand must be one of the roll's.
  await row.getByLabel('添加班级').fill('九年级9班');
  await row.getByRole('button', { name: '添加', exact: true }).click();
  await expect(row.getByRole('alert')).toHaveText('花名册中没有“九年级9班”这个班级，请检查班级名称。');
  await row.getByLabel('添加班级').fill(` ${child.bjmc} `);
  await row.getByRole('button', { name: '添加', exact: true }).click();
  await expect(row.getByLabel(child.bjmc, { exact: true })).toBeChecked();
  // The teacher moves: their former classes are taken away.
  for (const c of before ?? []) await row.getByLabel(c, { exact: true }).uncheck();
  await row.getByRole('button', { name: '保存', exact: true }).click();
  await expect(dash.getByTestId('staff-message')).toHaveText('已保存 王老师 的任教班级。');
  await expect(row.getByTestId('classes')).toContainText(child.bjmc);
  expect((await adminAccount('王老师')).classes).toEqual([child.bjmc]);

  const teacher = await launchProfile();
  try {
    const tDash = await connect(teacher, '王老师');
    await expect(tDash.getByRole('tab', { name: '风险名单' })).toBeVisible();
    await expect(tDash.getByRole('tab', { name: '教师班级' })).toHaveCount(0);
    await expect(tDash.getByRole('tab', { name: '访问记录' })).toHaveCount(0);
    // Asked directly, from the teacher's own device with their own password, the server refuses.
    const wang = STAFF.find((s) => s.name === '王老师')!;
    const statuses = await tDash.evaluate(
      async ({ url, auth }) => {
        const headers = { authorization: auth, 'content-type': 'application/json' };
        const list = await fetch(`${url}_baoxue/school/demo/staff`, { headers });
        const put = await fetch(`${url}_baoxue/school/demo/staff/${encodeURIComponent('王老师')}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ classes: ['七年级1班', '七年级2班', '八年级1班'] }),
        });
        return [list.status, put.status];
      },
      { url: server.url, auth: basicAuth({ user: wang.name, password: wang.password }) },
    );
    expect(statuses).toEqual([403, 403]);
    expect((await adminAccount('王老师')).classes).toEqual([child.bjmc]);
  } finally {
    await teacher.close();
  }
});

test('a leader reads the teacher’s opened file and printed notice in 访问记录 and exports the yearly audit', async ({
  profile: leader,
}) => {
  test.setTimeout(240_000);
  expect(child, 'runs after the registrar set the classes').toBeDefined();
  const teacher = await launchProfile();
  try {
    const tDash = await test.step('the teacher connects', () => connect(teacher, '王老师'));
    // The teacher's device holds the child of their class once the first pull is through; three days away …
    await tDash.getByRole('tab', { name: '考勤' }).click();
    await tDash.getByLabel('班级').selectOption(child.bjmc);
    const roster = tDash.getByTestId('roster').locator('tr', { hasText: child.xm });
    await expect(roster).toBeVisible({ timeout: 30_000 });
    for (const day of lastSchoolDays(3)) {
      await tDash.getByLabel('日期').fill(day);
      await roster.getByRole('button', { name: '全天缺课' }).click();
      await expect(roster).toHaveAttribute('data-pm', 'unexcused');
    }
    // … the teacher opens the child's file (as a 重点生) …
    await tDash.getByRole('tab', { name: '重点生' }).click();
    await tDash.getByLabel('学生（姓名或学籍号）').fill(child.xm);
    await tDash.getByLabel('原因（思想、学习或其他）').fill('学习困难');
    await tDash.getByRole('combobox', { name: '帮扶教师' }).selectOption('王老师'); // connected: chosen from the staff
    await tDash.getByRole('button', { name: '设为重点生' }).click();
    const key = tDash.getByTestId('key-students').locator('tr', { hasText: child.xm });
    await expect(key).toBeVisible({ timeout: 30_000 });
    await key.getByRole('button', { name: '档案' }).click();
    await expect(tDash.getByTestId('student-file')).toContainText(child.xm);

    // … and prints a 返校通知书.
    await tDash.getByRole('tab', { name: '风险名单' }).click();
    const risk = tDash.getByTestId('at-risk').locator('tr', { hasText: child.xm });
    await risk.getByRole('button', { name: '开始劝返' }).click();
    const panel = tDash.getByTestId('persuasion');
    await panel.getByRole('button', { name: '开始劝返' }).click();
    await expect(panel).toHaveAttribute('data-case', /^persuasion:/);
    await panel.getByLabel('返校期限').fill('2030-01-15');
    const noticePage = tDash.context().waitForEvent('page');
    await panel.getByRole('button', { name: '发出并打印返校通知书' }).click();
    const notice = await noticePage;
    await expect(notice.locator('h1')).toHaveText('辍学生返校通知书');
    await notice.evaluate(() => {
      window.print = () => {}; // no print dialog in a test
    });
    await notice.getByRole('button', { name: '打印', exact: true }).click();
    await tDash.getByRole('button', { name: '立即同步' }).click();

    // The teacher's device stays open (and syncing) while the leader looks.
    await test.step('the leader reads 访问记录 and exports the audit', () => leaderSees(leader));
  } finally {
    await teacher.close();
  }
});

async function leaderSees(leader: Profile) {
  const dash = await connect(leader, '张校长');
  await dash.getByRole('tab', { name: '访问记录' }).click();
  const log = dash.getByTestId('access-log');
  const file = log.locator('tr[data-what="studentFile"][data-who="王老师"]');
  const printed = log.locator('tr[data-what="notice"][data-who="王老师"]');
  await expect(file.first()).toBeVisible({ timeout: 60_000 });
  await expect(printed.first()).toBeVisible({ timeout: 60_000 });
  await expect(file).toContainText('查看学生档案');
  await expect(file).toContainText(child.xm);
  await expect(printed).toContainText('辍学生返校通知书');
  await expect(printed).toContainText(child.xm);
  // Never the child's number (a 学籍号 may be a citizen ID).
  await expect(log).not.toContainText(child.grbsm);
  // By person and by month.
  await log.getByLabel('人员').selectOption('王老师');
  await expect(log.locator('tbody tr').first()).toBeVisible();
  await expect(log.locator('tbody tr:not([data-who="王老师"])')).toHaveCount(0);
  await log.getByLabel('月份').fill('2020-01');
  await expect(log).toContainText('没有符合条件的访问记录。');
  await log.getByLabel('月份').fill('');
  await expect(printed.first()).toBeVisible();

  const download = dash.waitForEvent('download');
  await log.getByRole('button', { name: '导出年度合规审计表' }).click();
  const path = await (await download).path();
  await expect(dash.getByTestId('access-message')).toHaveText('已导出合规审计表。');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path!);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['访问记录', '教职工与查看范围', '所持个人信息类别']);
  const texts = (name: string) =>
    wb
      .getWorksheet(name)!
      .getSheetValues()
      .flatMap((r) => (Array.isArray(r) ? r.slice(1).map(String) : []));
  const accesses = texts('访问记录');
  expect(accesses).toContain('查看学生档案');
  expect(accesses).toContain('辍学生返校通知书');
  expect(accesses).toContain(child.xm);
  expect(accesses.join()).not.toContain(child.grbsm);
  const staff = texts('教职工与查看范围');
  // The teacher's classes, and no 帮扶 count: she named herself the child's partner, which gives her nothing
  // beyond her classes at the gateway (only the office's pairing of a teacher does: server/scope.ts), and the
  // sheet lists what each member may read.
  expect(staff).toContain(`本人任教班级：${child.bjmc}`);
  expect(staff.join()).not.toContain('帮扶的重点生');
  expect(staff).toContain('李主任');
  expect(texts('所持个人信息类别')).toContain('身份证件号');
}
