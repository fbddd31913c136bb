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
  const tab = page.frameLocator('iframe[title="学籍数据维护"]');
  await tab.locator('[data-baoxue-state="saved"]').waitFor();
  await page.screenshot({ path: 'docs/overlay.png' });
  const dash = await profile.context.newPage();
  await dash.setViewportSize({ width: 1280, height: 720 });
  await dash.goto(`chrome-extension://${profile.extensionId}/dashboard.html`);
  await dash.getByRole('tab', { name: '学生' }).click();
  await dash.getByRole('checkbox', { name: '只看有问题的' }).check();
  await dash.screenshot({ path: 'docs/dashboard.png' });
} finally {
  await profile.close();
  await demo.close();
}
