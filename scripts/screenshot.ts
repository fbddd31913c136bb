/** Regenerates the README screenshots (docs/*.png) from the demo: `npx tsx scripts/screenshot.ts`. */
import { startDemoServer } from '../demo/server';
import { launchProfile } from '../tests/support/chromium';

const demo = await startDemoServer();
const profile = await launchProfile();
try {
  const page = await profile.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${demo.url}/jsp/public/login.jsp`);
  await page.click('#loginBtn');
  await page.locator('#west a', { hasText: '学籍数据维护' }).click();
  await page.frameLocator('iframe[title="学籍数据维护"]').locator('[data-baoxue-state="saved"]').waitFor();
  await page.locator('#west a', { hasText: '学籍异动申请' }).click();
  const tab = page.frameLocator('iframe[title="学籍异动申请"]');
  await tab.locator('[data-baoxue-state="saved"]').waitFor();
  const pending = demo.school.scenarios.pendingTransfer;
  await tab.locator(`baoxue-badge[data-baoxue-xjh="${pending.grbsm}"]`).click();
  await tab.locator('[data-baoxue-checklist]').waitFor();
  await page.screenshot({ path: 'docs/overlay.png' });
  const dash = await profile.context.newPage();
  await dash.setViewportSize({ width: 1280, height: 720 });
  await dash.goto(`chrome-extension://${profile.extensionId}/dashboard.html`);
  await dash.getByRole('tab', { name: '风险名单' }).click();
  await dash.getByTestId('at-risk').waitFor();
  await dash.screenshot({ path: 'docs/dashboard.png' });
} finally {
  await profile.close();
  await demo.close();
}
