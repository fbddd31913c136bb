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
import { connectSync, dashboardUrl, expect, login, setDeviceUser, test } from './fixtures';

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

/** Publishes a reader definition on the server as its admin, above whatever version it holds now. */
async function publish(change: (def: typeof BUILTIN_DEFINITION) => void): Promise<number> {
  const now = await fetch(`${server.url}_baoxue/definitions`, { headers: { authorization: admin } });
  const held = now.ok ? ((await now.json()) as { version?: number }).version : undefined;
  const def = structuredClone(BUILTIN_DEFINITION);
  def.version = Math.max(1, held ?? 1) + 1;
  change(def);
  const put = await fetch(`${server.url}_baoxue/definitions`, {
    method: 'PUT',
    headers: { authorization: admin, 'content-type': 'application/json' },
    body: JSON.stringify(def),
  });
  expect(put.status).toBe(201);
  return def.version;
}

/** Syncs (the dashboard open until 设置 shows the server's definition `version`). */
async function takeDefinition(profile: Profile, version: number) {
  const syncing = await syncNow(profile, true);
  const options = await profile.context.newPage();
  await options.goto(`chrome-extension://${profile.extensionId}/options.html`);
  await expect(options.getByTestId('reader-definition')).toHaveAttribute('data-version', String(version), {
    timeout: 30_000,
  });
  await syncing.close();
  return options;
}

test('an admin switches reading off for a host on the server: after a sync the device stops there and says so; switched back on, it reads again', async ({
  demo,
  profile,
}) => {
  test.setTimeout(180_000);
  const host = new URL(demo.url).hostname;
  await connect(profile, '李主任');
  const page = await profile.context.newPage();
  await login(page, demo);
  await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp`);
  await expect(strip(page)).toHaveAttribute('data-baoxue-state', 'saved', { timeout: 15_000 });
  await expect(page.locator('baoxue-badge')).toHaveCount(20);

  // The county found a misreading on this host: its admin switches reading off there until it is fixed.
  const off = await publish((def) => {
    def.disabled = [{ host, feature: 'capture', note: '学生名单读错了列，修好前暂停' }];
  });
  const options = await takeDefinition(profile, off);
  await expect(options.getByTestId('reader-disabled')).toContainText(host);
  await expect(options.getByTestId('reader-disabled')).toContainText('修好前暂停');

  // The open page stops at once (its badges go), and says why in words; so does the page loaded again.
  const notice = page.locator('[data-baoxue-off="capture"]');
  await expect(notice).toContainText(`管理员已暂停在 ${host} 读取页面`);
  await expect(notice).toContainText('修好前暂停');
  await expect(page.locator('baoxue-badge')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('[data-baoxue-off="capture"]')).toContainText('不读取、不保存');
  await expect(page.locator('[data-baoxue-state]')).toHaveCount(0);
  await expect(page.locator('baoxue-badge')).toHaveCount(0);

  // Fixed: switched on again, without a new build; the page is read and badged as before.
  const on = await publish((def) => {
    def.disabled = [];
  });
  await takeDefinition(profile, on);
  await expect(page.locator('[data-baoxue-off]')).toHaveCount(0);
  await expect(strip(page)).toHaveAttribute('data-baoxue-state', 'saved', { timeout: 15_000 });
  await expect(page.locator('baoxue-badge')).toHaveCount(20);
  await page.reload();
  await expect(strip(page)).toHaveAttribute('data-baoxue-state', 'saved', { timeout: 15_000 });
  await expect(page.locator('baoxue-badge')).toHaveCount(20);
});

/** Teaches the unknown-column page: 学生标识码 is the 全国学籍号, the rest as Baoxue reads them. */
async function teachUnknownColumn(page: Page, demo: { url: string }) {
  await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?variant=unknown-column`);
  await expect(page.locator('[data-baoxue-notice]')).toContainText('全国学籍号');
  await page.getByRole('button', { name: '识别此页' }).click();
  const form = page.getByTestId('baoxue-teach');
  await form.getByLabel('学生标识码').selectOption('xjh');
  await form.getByRole('button', { name: '保存，按此读取' }).click();
  await expect(strip(page)).toHaveAttribute('data-baoxue-state', 'saved', { timeout: 15_000 });
}

test('taught pages exported as a file in one profile read a page the same in a fresh profile with no server; a malformed or hostile file changes nothing and says why', async ({
  demo,
  profile,
}) => {
  test.setTimeout(180_000);
  const shown = demo.school.students.slice(0, 20);
  await setDeviceUser(profile, '李老师', 'registrar'); // no server: the device's own user signs what is taught
  const page = await profile.context.newPage();
  await login(page, demo);
  await teachUnknownColumn(page, demo);

  const options = await profile.context.newPage();
  await options.goto(`chrome-extension://${profile.extensionId}/options.html`);
  await expect(options.getByTestId('reader-taught')).toContainText('已识别的页面：1 个');
  const [download] = await Promise.all([
    options.waitForEvent('download'),
    options.getByRole('button', { name: '导出页面识别文件' }).click(),
  ]);
  const { readFile } = await import('node:fs/promises');
  const file = await readFile((await download.path())!, 'utf8');
  expect(JSON.parse(file)).toMatchObject({ format: 'baoxue-page-mappings', version: 1 });
  expect(file).toContain('学生标识码');
  for (const s of shown) {
    expect(file).not.toContain(s.xm); // page data only, never a child's
    expect(file).not.toContain(s.grbsm);
  }

  const fresh = await launchProfile();
  try {
    await setDeviceUser(fresh, '王老师', 'registrar');
    const settings = await fresh.context.newPage();
    await settings.goto(`chrome-extension://${fresh.extensionId}/options.html`);
    const input = settings.getByLabel('导入页面识别文件');
    const message = settings.getByTestId('reader-import-message');
    const taught = settings.getByTestId('reader-taught');
    await expect(taught).toContainText('已识别的页面：0 个');
    const mapping = (JSON.parse(file) as { mappings: Record<string, unknown>[] }).mappings[0]!;
    const bad: [string, string, string][] = [
      ['damaged.json', file.slice(0, file.length / 2), '不是 JSON'],
      ['other.json', JSON.stringify({ format: 'backup', mappings: [] }), '不是保学助手的页面识别文件'],
      // A good entry beside a hostile one (markup for a host, another page's kind): not even the good one is taken.
      [
        'hostile.json',
        JSON.stringify({
          format: 'baoxue-page-mappings',
          version: 1,
          mappings: [mapping, { ...mapping, host: '<img src=x onerror=alert(1)>' }],
        }),
        '第 2 项不对（站点地址）',
      ],
      [
        'twice.json',
        JSON.stringify({
          format: 'baoxue-page-mappings',
          version: 1,
          mappings: [
            { ...mapping, columns: [...(mapping.columns as unknown[]), (mapping.columns as unknown[])[0]] },
          ],
        }),
        '第 1 项不对（表头与字段',
      ],
    ];
    for (const [name, text, why] of bad) {
      await input.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
      await expect(message).toContainText(why);
      await expect(message).toContainText('什么也没有改变');
      await expect(taught).toContainText('已识别的页面：0 个');
    }
    const before = await fresh.context.newPage();
    await login(before, demo);
    await before.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?variant=unknown-column`);
    await expect(before.locator('[data-baoxue-notice]')).toContainText('全国学籍号');
    await expect(before.locator('baoxue-badge')).toHaveCount(0);

    // The county's file: the page is read as it was taught in the first profile.
    await input.setInputFiles({
      name: 'county.json',
      mimeType: 'application/json',
      buffer: Buffer.from(file),
    });
    await expect(message).toContainText('已导入 1 个页面识别');
    await expect(taught).toContainText('已识别的页面：1 个');
    await before.reload();
    await expect(strip(before)).toHaveAttribute('data-baoxue-state', 'saved', { timeout: 15_000 });
    await expect(strip(before)).toHaveAttribute('data-baoxue-page', 'student-list');
    await expect(strip(before)).toHaveAttribute('data-baoxue-count', '20');
    await expect(before.locator(`baoxue-badge[data-baoxue-xjh="${shown[0]!.grbsm}"]`)).toBeVisible();
    await expect(before.locator('baoxue-badge')).toHaveCount(20);
  } finally {
    await fresh.close();
  }
});

test("识别此页 answers only a person: the host page's scripts clicking, choosing, submitting or slipping a select into it teach nothing", async ({
  demo,
  profile,
}) => {
  await setDeviceUser(profile, '李老师', 'registrar'); // no server: the device's own user signs what is taught
  const page = await profile.context.newPage();
  await login(page, demo);
  await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?variant=unknown-column`);
  await expect(page.locator('[data-baoxue-notice]')).toContainText('全国学籍号');
  const overlayButton = (name: string) =>
    page.evaluate((name) => {
      for (const host of document.querySelectorAll('baoxue-overlay'))
        for (const b of host.shadowRoot?.querySelectorAll('button') ?? [])
          if (b.textContent?.includes(name)) {
            b.click(); // a script's click: not trusted
            return true;
          }
      return false;
    }, name);

  // A page script clicks 识别此页 while the registrar has the report open: the report stays (the
  // registrar's click on its 关闭 finds it), and no form opened in its place.
  await page.getByRole('button', { name: '页面结构报告' }).click();
  await expect(page.getByTestId('baoxue-report')).toBeVisible();
  expect(await overlayButton('识别此页')).toBe(true);
  await page.getByTestId('baoxue-report').getByRole('button', { name: '关闭' }).click();
  await expect(page.getByTestId('baoxue-report')).toHaveCount(0);
  await expect(page.getByTestId('baoxue-teach')).toHaveCount(0);
  // The same the other way round: a script's 页面结构报告 does not replace the form the registrar opened.
  await page.getByRole('button', { name: '识别此页' }).click();
  await expect(page.getByTestId('baoxue-teach')).toBeVisible();
  expect(await overlayButton('页面结构报告')).toBe(true);
  await expect(page.getByTestId('baoxue-teach')).toBeVisible();
  await expect(page.getByTestId('baoxue-report')).toHaveCount(0);

  // The page's script picks fields by a made-up change event, slips a select of its own into the form
  // and changes an option without an event, then saves by a click on 保存 and a form submission.
  await page.evaluate(() => {
    for (const host of document.querySelectorAll('baoxue-overlay')) {
      const form = host.shadowRoot?.querySelector('form');
      if (!form) continue;
      const pick = (label: string, value: string) => {
        const select = form.querySelector<HTMLSelectElement>(`select[aria-label="${label}"]`)!;
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      };
      pick('学生标识码', 'xjh');
      pick('家长签字', 'idNumber');
      const planted = document.createElement('select');
      planted.setAttribute('data-baoxue-header', '伪造列');
      planted.hidden = true;
      planted.append(new Option('', ''), new Option('身份证件号', 'idNumber', true, true));
      form.querySelector('tbody')!.append(planted);
      for (const b of form.querySelectorAll('button')) if (b.textContent?.includes('保存')) b.click();
      form.requestSubmit();
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    }
  });
  // The form is still there for the registrar: they set 家长签字 back to 不读取 and save with a real click.
  const form = page.getByTestId('baoxue-teach');
  await form.getByLabel('家长签字').selectOption('');
  await form.getByLabel('学生标识码').selectOption('xjh');
  await form.getByRole('button', { name: '保存，按此读取' }).click();
  await expect(strip(page)).toHaveAttribute('data-baoxue-state', 'saved', { timeout: 15_000 });
  await expect(strip(page)).toHaveAttribute('data-baoxue-count', '20');

  // What was taught is what the registrar chose: no planted column, 家长签字 not read.
  const options = await profile.context.newPage();
  await options.goto(`chrome-extension://${profile.extensionId}/options.html`);
  await expect(options.getByTestId('reader-taught')).toContainText('已识别的页面：1 个');
  const [download] = await Promise.all([
    options.waitForEvent('download'),
    options.getByRole('button', { name: '导出页面识别文件' }).click(),
  ]);
  const { readFile } = await import('node:fs/promises');
  const file = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
    mappings: { columns: { header: string; field: string | null }[] }[];
  };
  expect(file.mappings).toHaveLength(1);
  const columns = file.mappings[0]!.columns;
  expect(columns.map((c) => c.header)).not.toContain('伪造列');
  expect(columns.find((c) => c.header === '家长签字')?.field ?? null).toBeNull();
  expect(columns.find((c) => c.header === '学生标识码')?.field).toBe('xjh');
});
