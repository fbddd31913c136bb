/** Playwright fixtures: the demo 学籍系统 on 127.0.0.1 and a Chromium profile with the built extension. */
import { type BrowserContext, test as base, expect, type Page } from '@playwright/test';
import type { DemoStudent } from '../../demo/generator';
import { type DemoServer, startDemoServer } from '../../demo/server';
import { DEFAULT_CALENDAR, lastSchoolDays as schoolDaysTo } from '../../lib/time/calendar';
import { todayString } from '../../lib/time/day';
import { launchProfile, type Profile } from '../support/chromium';

export const test = base.extend<{ demo: DemoServer; profile: Profile }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixture signature
  demo: async ({}, use) => {
    const demo = await startDemoServer();
    await use(demo);
    await demo.close();
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixture signature
  profile: async ({}, use) => {
    const profile = await launchProfile();
    await use(profile);
    await profile.close();
  },
});
export { expect };

export async function login(page: Page, demo: DemoServer) {
  await page.goto(`${demo.url}/jsp/public/login.jsp`);
  await page.click('#loginBtn');
  await page.waitForURL(/mainR\.jsp/);
}

/** Signed in, a 1.0 page opened at `path` (a list: /jsp/…): the page and the overlay's strip for `kind`. */
export async function openPage(profile: Profile, demo: DemoServer, path: string, kind = 'student-list') {
  const page = await profile.context.newPage();
  await login(page, demo);
  await page.goto(`${demo.url}${path}`);
  return { page, strip: page.locator(`[data-baoxue-page="${kind}"]`) };
}

/** Opens a menu leaf in the shell; returns the iframe tab it opened. */
export async function openTab(page: Page, menuText: string) {
  await page.locator('#west a', { hasText: menuText }).first().click();
  return page.frameLocator(`iframe[title="${menuText}"]`);
}

/** Connects a profile to a sync server in 设置 → 同步服务器, as a staff member would, and waits for 已连接. */
export async function connectSync(profile: Profile, serverUrl: string, user: string, password: string) {
  const page = await profile.context.newPage();
  await page.goto(`chrome-extension://${profile.extensionId}/options.html`);
  const form = page.getByTestId('sync-settings');
  await form.getByLabel('服务器地址').fill(serverUrl);
  await form.getByLabel('学校代码').fill('demo');
  await form.getByLabel('用户名').fill(user);
  await form.getByLabel('密码').fill(password);
  await form.getByRole('button', { name: '连接' }).click();
  await expect(form.getByTestId('sync-account')).toContainText(`已连接：${user}`);
  await page.close();
}

export function dashboardUrl(profile: Profile) {
  return `chrome-extension://${profile.extensionId}/dashboard.html`;
}

/**
 * 设置 → 本机使用者: the one person who records on this device (these profiles have no sync server). Every
 * record made afterwards is in this name; no form asks for a recorder.
 */
export async function setDeviceUser(
  { context, extensionId }: { context: BrowserContext; extensionId?: string },
  name: string,
  role: 'registrar' | 'teacher' | 'leader' | 'admin' = 'teacher',
) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const form = options.getByTestId('device-user');
  await form.getByLabel('姓名').fill(name);
  await form.getByLabel('身份').selectOption(role);
  await form.getByRole('button', { name: '设为本机使用者' }).click();
  await expect(options.getByTestId('device-user-message')).toContainText(name);
  await options.close();
}

/** The last `n` school days up to today, oldest first. */
export const lastSchoolDays = (n: number) => schoolDaysTo(n, todayString(), DEFAULT_CALENDAR);

/**
 * In the dashboard's 考勤, marks a child absent all day on each of `days`, recorded by `by`. The child's row is
 * found by name (no two children of a demo class share one): a teacher's device holds no 学籍号, its row id is
 * the server's hash.
 */
export async function markAbsent(
  dash: Page,
  child: Pick<DemoStudent, 'xm' | 'bjmc'>,
  days: string[],
  by = '王老师',
) {
  await setDeviceUser({ context: dash.context(), extensionId: new URL(dash.url()).host }, by);
  await dash.getByRole('tab', { name: '考勤' }).click();
  await dash.getByLabel('班级').selectOption(child.bjmc);
  await expect(dash.getByTestId('author')).toHaveText(`记录人：${by}`);
  const row = dash
    .getByTestId('roster')
    .locator('tbody tr')
    .filter({ has: dash.getByRole('cell', { name: child.xm, exact: true }) });
  for (const day of days) {
    await dash.getByLabel('日期').fill(day);
    await row.getByRole('button', { name: '全天缺课' }).click();
    await expect(row).toHaveAttribute('data-am', 'unexcused');
    await expect(row).toHaveAttribute('data-pm', 'unexcused');
  }
}
