/**
 * 设置 → 同步服务器 → 修改密码: a teacher who connects with the admin's one-time password is asked to choose
 * their own; the old one stops working on the server, this device keeps syncing with the new one.
 */
import { basicAuth } from '../../lib/sync/account';
import { type RunningServer, runSyncServer, STAFF, setupDemoSchool } from '../support/sync-server';
import { dashboardUrl, expect, test } from './fixtures';

let server: RunningServer;
test.beforeAll(async () => {
  server = await runSyncServer();
  await setupDemoSchool(server.url);
});
test.afterAll(async () => {
  await server?.stop();
});

const sessionName = async (user: string, password: string) => {
  const r = await fetch(`${server.url}_session`, {
    headers: { authorization: basicAuth({ user, password }) },
  });
  return r.ok ? ((await r.json()) as { userCtx: { name: string | null } }).userCtx.name : r.status;
};

test('a teacher changes their own password in 设置; the old one stops working and this device syncs with the new one', async ({
  profile,
}) => {
  test.setTimeout(120_000);
  const teacher = STAFF.find((s) => s.name === '王老师')!;
  const page = await profile.context.newPage();
  await page.goto(`chrome-extension://${profile.extensionId}/options.html`);
  const settings = page.getByTestId('sync-settings');
  await settings.getByLabel('服务器地址').fill(server.url);
  await settings.getByLabel('学校代码').fill('demo');
  await settings.getByLabel('用户名').fill(teacher.name);
  await settings.getByLabel('密码').fill(teacher.password);
  await settings.getByRole('button', { name: '连接' }).click();
  await expect(settings.getByTestId('sync-account')).toContainText(`已连接：${teacher.name}`);

  // The account was made by the admin with a one-time password: the form opens by itself and says why.
  await expect(settings).toContainText('一次性密码');
  const form = settings.getByTestId('sync-password');
  await expect(form).toBeVisible();
  // A wrong current password: said plainly, nothing changed.
  await form.getByLabel('当前密码').fill('not-my-password');
  await form.getByLabel('新密码（至少 8 个字符）').fill('my-own-password-2026');
  await form.getByLabel('再输一次新密码').fill('my-own-password-2026');
  await form.getByRole('button', { name: '确认修改' }).click();
  await expect(settings).toContainText('当前密码不对');
  // Two different new passwords: caught before the server is asked.
  await form.getByLabel('当前密码').fill(teacher.password);
  await form.getByLabel('再输一次新密码').fill('my-own-password-2025');
  await form.getByRole('button', { name: '确认修改' }).click();
  await expect(settings).toContainText('两次输入的新密码不一样');
  expect(await sessionName(teacher.name, teacher.password)).toBe(teacher.name);

  await form.getByLabel('再输一次新密码').fill('my-own-password-2026');
  await form.getByRole('button', { name: '确认修改' }).click();
  await expect(settings).toContainText('密码已修改');
  await expect(form).toHaveCount(0);
  expect(await sessionName(teacher.name, teacher.password)).toBe(401);
  expect(await sessionName(teacher.name, 'my-own-password-2026')).toBe(teacher.name);
  // Chosen by the user now: not a one-time password any more, and the form can be opened again.
  await expect(settings.getByRole('button', { name: '修改密码' })).toBeVisible();

  // This device kept the new password: its dashboard syncs.
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await expect(dash.getByTestId('sync')).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
});
