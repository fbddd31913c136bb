/**
 * 识别此页 and reader definitions, with two profiles and the real school server (issue 17, items 3–5): a
 * page with an unknown column is taught in one profile and read the same way in another after a sync;
 * its structure report holds no student's name or number; a definition published on the server changes
 * what a device reads without a rebuild, and a malformed one changes nothing (and the device says so).
 */
import type { Page } from '@playwright/test';
import { BUILTIN_DEFINITION } from '../../lib/capture/definition';
import { basicAuth } from '../../lib/sync/account';
import { launchProfile, type Profile } from '../support/chromium';
import { ADMIN, type RunningServer, runSyncServer, STAFF, setupDemoSchool } from '../support/sync-server';
import { dashboardUrl, expect, login, test } from './fixtures';

let server: RunningServer;
test.beforeAll(async () => {
  server = await runSyncServer();
  await setupDemoSchool(server.url);
});
test.afterAll(async () => {
  await server?.stop();
});

async function connect(profile: Profile, user: string) {
  const page = await profile.context.newPage();
  await page.goto(`chrome-extension://${profile.extensionId}/options.html`);
  const form = page.getByTestId('sync-settings');
  await form.getByLabel('服务器地址').fill(server.url);
  await form.getByLabel('学校代码').fill('demo');
  await form.getByLabel('用户名').fill(user);
  await form.getByLabel('密码').fill(STAFF.find((s) => s.name === user)!.password);
  await form.getByRole('button', { name: '连接' }).click();
  await expect(form.getByTestId('sync-account')).toContainText(`已连接：${user}`);
  await page.close();
}

/**
 * A sync run from a fresh dashboard (it catches up, and takes the server's reader definition and the
 * taught pages); left open, it keeps syncing live.
 */
async function syncNow(profile: Profile, keepOpen = false) {
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await expect(dash.getByTestId('sync')).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await expect(dash.getByTestId('sync')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  if (!keepOpen) await dash.close();
  return dash;
}

const admin = basicAuth({ user: ADMIN.name, password: ADMIN.password });
const strip = (page: Page) => page.locator('[data-baoxue-page]');

test('a page with an unknown column is taught in one profile and read the same way in another after a sync', async ({
  demo,
  profile: registrar,
}) => {
  test.setTimeout(180_000);
  const shown = demo.school.students.slice(0, 20);
  await connect(registrar, '李主任');
  const page = await registrar.context.newPage();
  await login(page, demo);
  await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?variant=unknown-column`);
  // Not read: the strip says what it found and what it did not, and offers to teach the page.
  await expect(page.locator('[data-baoxue-notice]')).toContainText('全国学籍号');
  await expect(page.locator('[data-baoxue-found]')).toContainText('姓名');
  await expect(page.locator('baoxue-badge')).toHaveCount(0);

  // The structure report: headers and field names, none of the 20 children on the page.
  await page.getByRole('button', { name: '页面结构报告' }).click();
  const report = await page.getByTestId('baoxue-report-text').inputValue();
  expect(report).toContain('学生标识码');
  expect(report).toContain('家长签字');
  expect(report).toContain('grbsm');
  for (const s of shown) {
    expect(report).not.toContain(s.xm);
    expect(report).not.toContain(s.grbsm);
    expect(report).not.toContain(s.sfzjh);
  }
  await page.getByTestId('baoxue-report').getByRole('button', { name: '关闭' }).click();

  // 识别此页: 学生标识码 is the 全国学籍号, 家长签字 is ignored, the page is a 学生名单.
  await page.getByRole('button', { name: '识别此页' }).click();
  const form = page.getByTestId('baoxue-teach');
  await form.getByLabel('学生标识码').selectOption('xjh');
  await expect(form.getByLabel('家长签字')).toHaveValue('');
  await form.getByRole('button', { name: '保存，按此读取' }).click();
  await expect(strip(page)).toHaveAttribute('data-baoxue-state', 'saved', { timeout: 15_000 });
  await expect(strip(page)).toHaveAttribute('data-baoxue-count', '20');
  await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${shown[0]!.grbsm}"]`)).toBeVisible();
  await expect(page.locator('baoxue-badge')).toHaveCount(20);
  await syncNow(registrar, true);

  // A colleague's device, after a sync, reads the page the same way without being taught.
  const colleague = await launchProfile();
  try {
    await connect(colleague, '张校长');
    await syncNow(colleague, true);
    const other = await colleague.context.newPage();
    await login(other, demo);
    await other.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?variant=unknown-column`);
    await expect(strip(other)).toHaveAttribute('data-baoxue-state', 'saved', { timeout: 30_000 });
    await expect(strip(other)).toHaveAttribute('data-baoxue-page', 'student-list');
    await expect(strip(other)).toHaveAttribute('data-baoxue-count', '20');
    await expect(other.locator(`baoxue-badge[data-baoxue-xjh="${shown[0]!.grbsm}"]`)).toBeVisible();
  } finally {
    await colleague.close();
  }
});

test('a definition published on the server changes what a device reads; a malformed one changes nothing', async ({
  demo,
  profile,
}) => {
  test.setTimeout(180_000);
  await connect(profile, '李主任');
  const page = await profile.context.newPage();
  await login(page, demo);
  const url = `${demo.url}/jsp/xsxx/xjsjwh.jsp?variant=new-label`;
  await page.goto(url);
  await expect(page.locator('[data-baoxue-notice]')).toContainText('全国学籍号');

  // The county adds the synonym 籍号编码 on the server: no new build, the device reads the page at its next sync.
  const def = structuredClone(BUILTIN_DEFINITION);
  def.version = 2;
  def.labels.xjh.push('籍号编码');
  const put = await fetch(`${server.url}_baoxue/definitions`, {
    method: 'PUT',
    headers: { authorization: admin, 'content-type': 'application/json' },
    body: JSON.stringify(def),
  });
  expect(put.status).toBe(201);
  // The dashboard stays open while the definition is fetched (its sync says ok before the fetch ends).
  const syncing = await syncNow(profile, true);
  const options = await profile.context.newPage();
  await options.goto(`chrome-extension://${profile.extensionId}/options.html`);
  await expect(options.getByTestId('reader-definition')).toHaveAttribute('data-version', '2');
  await syncing.close();
  // 设置 lists the page that was not read before, with the column it did not know.
  await expect(options.getByTestId('reader-unread')).toContainText('/jsp/xsxx/xjsjwh.jsp');
  await expect(options.getByTestId('reader-unread')).toContainText('籍号编码');
  await page.goto(url);
  await expect(strip(page)).toHaveAttribute('data-baoxue-state', 'saved', { timeout: 15_000 });
  await expect(strip(page)).toHaveAttribute('data-baoxue-count', '20');

  // A malformed definition reaches the device (written straight into the server's store): not taken.
  const docUrl = `${server.url}baoxue_gateway/reader-definition`;
  const current = (await (await fetch(docUrl, { headers: { authorization: admin } })).json()) as {
    _rev: string;
  };
  const bad = await fetch(docUrl, {
    method: 'PUT',
    headers: { authorization: admin, 'content-type': 'application/json' },
    body: JSON.stringify({
      ...current,
      definition: { ...def, version: 3, labels: { ...def.labels, xjh: [] } },
    }),
  });
  expect(bad.status).toBeLessThan(300);
  const again = await syncNow(profile, true);
  await options.reload();
  await expect(options.getByTestId('reader-refused')).toContainText('服务器发来的识别定义未采用', {
    timeout: 15_000,
  });
  await again.close();
  await expect(options.getByTestId('reader-definition')).toHaveAttribute('data-version', '2');
  await page.goto(url);
  await expect(strip(page)).toHaveAttribute('data-baoxue-state', 'saved', { timeout: 15_000 });
  await expect(strip(page)).toHaveAttribute('data-baoxue-count', '20');
});
