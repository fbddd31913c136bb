/**
 * storage.local holds what pages are read by (reader definitions, taught pages) and the account: the
 * content script runs inside host pages Baoxue does not control, so it may neither read nor write it. It
 * learns what changed from the worker instead: a page taught in one tab is read so in another, open tab.
 */
import type { Page } from '@playwright/test';
import { expect, login, setDeviceUser, test } from './fixtures';

/** Runs `expression` in Baoxue's content script world of `page`'s top frame (through the DevTools protocol). */
async function inContentScript(page: Page, extensionId: string, expression: string): Promise<unknown> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string; frameId?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable'); // reports the contexts that already exist
  const tree = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  const ours = contexts.find(
    (c) =>
      c.origin === `chrome-extension://${extensionId}` &&
      c.auxData?.type === 'isolated' &&
      c.auxData.frameId === tree.frameTree.frame.id,
  );
  if (!ours) throw new Error('no Baoxue content script in this page');
  const r = (await cdp.send('Runtime.evaluate', {
    expression,
    contextId: ours.id,
    awaitPromise: true,
    returnByValue: true,
  })) as { result: { value?: unknown } };
  await cdp.detach();
  return r.result.value;
}

const attempt = (call: string) =>
  `(async () => { try { const r = await ${call}; return 'allowed ' + JSON.stringify(r ?? null); } catch (e) { return 'refused'; } })()`;

test('a content script can neither write nor read storage.local; an open page still hears of a page taught in another', async ({
  demo,
  profile,
}) => {
  test.setTimeout(120_000);
  await setDeviceUser(profile, '李老师', 'registrar');
  const url = `${demo.url}/jsp/xsxx/xjsjwh.jsp?variant=unknown-column`;
  const [teaching, waiting] = [await profile.context.newPage(), await profile.context.newPage()];
  await login(teaching, demo);
  for (const page of [teaching, waiting]) {
    await page.goto(url);
    await expect(page.locator('[data-baoxue-notice]')).toContainText('全国学籍号');
  }

  // A script in the host page's reach tries to teach every page by writing the store itself, and to read it.
  const hostile = [{ host: '127.0.0.1', path: '/jsp/xsxx/xjsjwh.jsp', kind: 'student-list', columns: [] }];
  expect(
    await inContentScript(
      waiting,
      profile.extensionId!,
      attempt(`chrome.storage.local.set({ taughtPages: ${JSON.stringify(hostile)} })`),
    ),
  ).toBe('refused');
  expect(
    await inContentScript(waiting, profile.extensionId!, attempt('chrome.storage.local.get(null)')),
  ).toBe('refused');
  // The extension's own pages still read it, and nothing was written.
  const options = await profile.context.newPage();
  await options.goto(`chrome-extension://${profile.extensionId}/options.html`);
  expect(
    await options.evaluate(async () => {
      type Local = { get(k: string): Promise<Record<string, unknown>> };
      const local = (globalThis as unknown as { chrome: { storage: { local: Local } } }).chrome.storage.local;
      return (await local.get('taughtPages')).taughtPages ?? null;
    }),
  ).toBeNull();

  // 识别此页 in one tab: the other tab, open all along, reads the page as taught without a reload.
  await teaching.getByRole('button', { name: '识别此页' }).click();
  const form = teaching.getByTestId('baoxue-teach');
  await form.getByLabel('学生标识码').selectOption('xjh');
  await form.getByRole('button', { name: '保存，按此读取' }).click();
  await expect(teaching.locator('baoxue-badge')).toHaveCount(20, { timeout: 15_000 });
  await expect(waiting.locator('[data-baoxue-page]')).toHaveAttribute('data-baoxue-state', 'saved', {
    timeout: 15_000,
  });
  await expect(waiting.locator('baoxue-badge')).toHaveCount(20);
});
