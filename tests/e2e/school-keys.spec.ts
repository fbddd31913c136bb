/**
 * 设置 → 同步服务器 → 成员密钥: a new colleague syncs only once a registrar has given them the school's keys
 * for the admin's one-time password; after they choose their own password the keys are theirs and they sync.
 */
import { basicAuth } from '../../lib/sync/account';
import { grantMember, schoolKeyring } from '../../lib/sync/keys';
import { launchProfile, type Profile } from '../support/chromium';
import { ADMIN, type RunningServer, runSyncServer, STAFF, setupDemoSchool } from '../support/sync-server';
import { dashboardUrl, expect, test } from './fixtures';

let server: RunningServer;
test.beforeAll(async () => {
  server = await runSyncServer();
  await setupDemoSchool(server.url);
});
test.afterAll(async () => {
  await server?.stop();
});

async function connect(profile: Profile, user: string, password: string) {
  const page = await profile.context.newPage();
  await page.goto(`chrome-extension://${profile.extensionId}/options.html`);
  const form = page.getByTestId('sync-settings');
  await form.getByLabel('服务器地址').fill(server.url);
  await form.getByLabel('学校代码').fill('demo');
  await form.getByLabel('用户名').fill(user);
  await form.getByLabel('密码').fill(password);
  await form.getByRole('button', { name: '连接' }).click();
  await expect(form.getByTestId('sync-account')).toContainText(`已连接：${user}`);
  return page;
}

test('a new colleague syncs once the registrar gives them the keys, and keeps them after choosing a password', async ({
  profile: registrar,
}) => {
  test.setTimeout(150_000);
  // The admin makes the account with a one-time password.
  const made = await fetch(`${server.url}_baoxue/accounts/${encodeURIComponent('钱老师')}`, {
    method: 'PUT',
    headers: {
      authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }),
      'content-type': 'application/json',
    },
    body: JSON.stringify({ roles: ['baoxue-demo', 'teacher'], password: 'one-time-pw-1' }),
  });
  expect(made.status).toBe(201);

  const colleague = await launchProfile();
  try {
    // Without keys the colleague's device says so and syncs nothing.
    const own = await connect(colleague, '钱老师', 'one-time-pw-1');
    const dash = await colleague.context.newPage();
    await dash.goto(dashboardUrl(colleague));
    await expect(dash.getByTestId('sync')).toHaveAttribute('data-state', 'error', { timeout: 30_000 });

    // The registrar gives them the keys for the one-time password.
    const reg = STAFF.find((s) => s.role === 'registrar')!;
    const page = await connect(registrar, reg.name, reg.password);
    const keys = page.getByTestId('school-keys');
    // A school made since issue 16: the key that turns a 学籍号 into the server's id is the office's alone.
    await expect(keys.getByTestId('school-keys-reid-note')).toContainText('教师设备没有', {
      timeout: 30_000,
    });
    await expect(keys.getByTestId('school-keys-reid')).toHaveCount(0);
    await keys.getByLabel('同事用户名').fill('钱老师');
    await keys.getByLabel('一次性密码').fill('one-time-pw-1');
    await keys.getByRole('button', { name: '开通密钥' }).click();
    await expect(keys.getByTestId('school-keys-message')).toContainText('已为 钱老师 开通学校密钥');

    // The colleague chooses their own password (the form opened by itself); the keys follow it.
    const form = own.getByTestId('sync-password');
    await form.getByLabel('当前密码').fill('one-time-pw-1');
    await form.getByLabel('新密码（至少 8 个字符）').fill('qian-own-password');
    await form.getByLabel('再输一次新密码').fill('qian-own-password');
    await form.getByRole('button', { name: '确认修改' }).click();
    await expect(own.getByTestId('sync-settings')).toContainText('密码已修改');
    await dash.reload();
    await dash
      .getByRole('button', { name: '立即同步' })
      .click({ timeout: 5_000 })
      .catch(() => {});
    await expect(dash.getByTestId('sync')).toHaveAttribute('data-state', 'ok', { timeout: 45_000 });
  } finally {
    await colleague.close();
  }
});

test('a registrar made teacher: 成员密钥 says the office key was taken back, and their keys no longer hold it', async ({
  profile: registrar,
}) => {
  test.setTimeout(150_000);
  const admin = {
    authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }),
    'content-type': 'application/json',
  };
  const made = await fetch(`${server.url}_baoxue/accounts/${encodeURIComponent('孙主任')}`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ roles: ['baoxue-demo', 'registrar'], password: 'sun-registrar-pw' }),
  });
  expect(made.status).toBe(201);
  const reg = STAFF.find((s) => s.role === 'registrar')!;
  const regAccount = {
    url: server.url.endsWith('/') ? server.url : `${server.url}/`,
    school: 'demo',
    user: reg.name,
    password: reg.password,
    roles: ['baoxue-demo', 'registrar'],
  };
  expect(await grantMember(regAccount, '孙主任', 'sun-registrar-pw')).toEqual({ office: true });
  const sun = { ...regAccount, user: '孙主任', password: 'sun-registrar-pw' };
  expect((await schoolKeyring(sun)).office).toBeDefined();

  // The registrar's page is open; the admin then makes 孙主任 a teacher.
  const page = await connect(registrar, reg.name, reg.password);
  const keys = page.getByTestId('school-keys');
  await expect(keys.getByTestId('school-keys-reid-note')).toBeVisible({ timeout: 30_000 });
  const demoted = await fetch(`${server.url}_baoxue/accounts/${encodeURIComponent('孙主任')}`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ school: 'demo', roles: ['teacher'], classes: ['九年级1班'] }),
  });
  expect(demoted.status).toBe(200);

  // The registrar opens 成员密钥 again: the office key is taken back, in words. Said in the note the keyring
  // keeps (the one-time message goes to whichever page or sync took the key back first: the page open before
  // this reload may have, its live sync opening the keys right after the demotion).
  await page.reload();
  const note = page.getByTestId('school-keys').getByTestId('school-keys-reid-note');
  await expect(note).toContainText('孙主任 已不再是学籍管理员/校领导（或已被移除），办公室密钥已收回', {
    timeout: 30_000,
  });
  // Their old device still holds the id key (学籍号 → the server's id): the page says so and offers 更换编号密钥.
  await expect(note).toContainText('仍能由学籍号算出学生在服务器上的编号');
  await expect(page.getByTestId('school-keys').getByTestId('school-keys-reid')).toBeVisible();
  const now = await schoolKeyring({ ...sun, roles: ['baoxue-demo', 'teacher'] });
  expect(now.office).toBeUndefined();
  expect(now.person).toBeUndefined();
});
