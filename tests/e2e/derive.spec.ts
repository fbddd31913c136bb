import type { Page } from '@playwright/test';
import { launchProfile, type Profile } from '../support/chromium';
import { type RunningServer, runSyncServer, STAFF, setupDemoSchool } from '../support/sync-server';
import {
  connectSync,
  dashboardUrl,
  expect,
  lastSchoolDays,
  login,
  markAbsent,
  openTab,
  test,
} from './fixtures';

let server: RunningServer;
test.beforeAll(async () => {
  server = await runSyncServer();
  await setupDemoSchool(server.url);
});
test.afterAll(async () => {
  await server?.stop();
});

async function connect(profile: Profile, user: string) {
  await connectSync(profile, server.url, user, STAFF.find((s) => s.name === user)!.password);
}

async function openDashboard(profile: Profile, tab: string): Promise<Page> {
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await expect(dash.getByTestId('sync')).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await dash.getByRole('tab', { name: tab }).click();
  return dash;
}

// Issue 14: 待办 and the 风险名单 are derived by the background worker from every change, replication
// pulls included; the pages that show them only subscribe. Both are open on the teacher's device before
// the registrar records anything, and neither is reloaded.
test('an absence recorded on one device shows in the other device’s 待办 and 风险名单 with no page opened or reloaded', async ({
  demo,
  profile: registrar,
}) => {
  test.setTimeout(180_000);
  const teacher = await launchProfile();
  try {
    // The registrar reads the roll from the 学籍系统 and connects: the roll goes to the school's server.
    const host = await registrar.context.newPage();
    await login(host, demo);
    await expect((await openTab(host, '学籍数据维护')).locator('[data-baoxue-state="saved"]')).toBeVisible();
    await connect(registrar, '李主任');
    const regDash = await openDashboard(registrar, '考勤');

    // The teacher's device: 待办 and the 风险名单 open in two pages, the roll pulled from the server.
    await connect(teacher, '王老师');
    const tasksPage = await openDashboard(teacher, '待办');
    const listPage = await openDashboard(teacher, '风险名单');
    const child = demo.school.students[7]!;
    // A teacher's device holds no 学籍号 (its ids are the server's hashes): the child is found by name.
    const listed = listPage
      .getByTestId('at-risk')
      .locator('tr')
      .filter({ has: listPage.getByRole('cell', { name: child.xm, exact: true }) });
    const ladderTask = tasksPage
      .getByTestId('tasks')
      .locator('tr[data-kind^="ladder-"]', { hasText: child.xm });
    await expect(listed).toHaveCount(0);
    await expect(ladderTask).toHaveCount(0);

    // The registrar records three whole days away; the mark replicates to the teacher's device.
    await markAbsent(regDash, child, lastSchoolDays(3), '李主任');

    await expect(listed).toContainText('连续缺课 3 天', { timeout: 45_000 });
    await expect(ladderTask.first()).toBeVisible({ timeout: 15_000 });
    await expect(ladderTask.first()).not.toHaveAttribute('data-state', 'done');
  } finally {
    await teacher.close();
  }
});
