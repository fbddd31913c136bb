/** Playwright fixtures: the demo 学籍系统 on 127.0.0.1 and a Chromium profile with the built extension. */
import { test as base, expect, type Page } from '@playwright/test';
import { type DemoServer, startDemoServer } from '../../demo/server';
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

/** Opens a menu leaf in the shell; returns the iframe tab it opened. */
export async function openTab(page: Page, menuText: string) {
  await page.locator('#west a', { hasText: menuText }).first().click();
  return page.frameLocator(`iframe[title="${menuText}"]`);
}

export function dashboardUrl(profile: Profile) {
  return `chrome-extension://${profile.extensionId}/dashboard.html`;
}
