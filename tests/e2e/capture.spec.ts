import type { Page } from '@playwright/test';
import { stopExtensionWorker } from '../support/chromium';
import { dashboardUrl, expect, login, openPage, openTab, test } from './fixtures';

test.describe('reading the 学籍系统 pages', () => {
  test('paging re-reads the grid, and a second visit adds nothing', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    const tab = await openTab(page, '学籍数据维护');
    const strip = tab.locator('[data-baoxue-page="student-list"]');
    await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(strip).toContainText('新变动 20 项');
    await tab.getByRole('button', { name: '下一页' }).click();
    await expect(tab.locator('.l-paging-info')).toHaveText('第 2 页 共 18 页');
    await expect(
      tab.locator(`baoxue-badge[data-baoxue-xjh="${demo.school.students[20]!.grbsm}"]`),
    ).toBeVisible();
    await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');

    // The same pages again: saved, nothing new.
    await page.reload();
    const again = (await openTab(page, '学籍数据维护')).locator('[data-baoxue-page="student-list"]');
    await expect(again).toHaveAttribute('data-baoxue-state', 'saved');
    // Watched until the page is read with its JSON too: no read of the visit may say anything changed.
    const said: string[] = [];
    for (let i = 0; i < 15; i++, await page.waitForTimeout(200)) said.push((await again.textContent()) ?? '');
    expect(said.filter((text) => text.includes('新变动'))).toEqual([]);
    await expect(again).not.toContainText('新变动');

    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '学生' }).click();
    await expect(dash.getByTestId('student-count')).toContainText('共 40 条');
  });

  test('pages turned within a second are each stored', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    const tab = await openTab(page, '学籍数据维护');
    const strip = tab.locator('[data-baoxue-page="student-list"]');
    await expect(tab.locator('baoxue-badge')).toHaveCount(20);
    // A registrar leafing through: each page shown and badged, left before its JSON came.
    for (const n of [2, 3, 4]) {
      await tab.getByRole('button', { name: '下一页' }).click();
      await expect(tab.locator('.l-paging-info')).toHaveText(`第 ${n} 页 共 18 页`);
      await expect(
        tab.locator(`baoxue-badge[data-baoxue-xjh="${demo.school.students[(n - 1) * 20]!.grbsm}"]`),
      ).toBeVisible();
      await page.waitForTimeout(200);
    }
    await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '学生' }).click();
    await expect(dash.getByTestId('student-count')).toContainText('共 80 条');
  });

  test('each 学籍异动 list is read, including the gb2312 跨省转学 page', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    const expected = [
      ['学籍异动申请', 'status-change-apply', demo.school.cases.filter((c) => !c.kss).length],
      [
        '学籍异动学校审核',
        'status-change-review',
        demo.school.cases.filter((c) => !c.kss && c.shzt === '待审核').length,
      ],
      ['查询', 'cross-province', demo.school.cases.filter((c) => c.kss).length],
    ] as const;
    for (const [menu, kind, count] of expected) {
      const tab = await openTab(page, menu);
      const strip = tab.locator(`[data-baoxue-page="${kind}"]`);
      await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
      await expect(strip).toHaveAttribute('data-baoxue-count', String(Math.min(count, 20)));
      await expect(strip).toHaveAttribute('data-baoxue-source', 'dom+json'); // both read, and they agree
    }
    const cross = page.frameLocator('iframe[title="查询"]');
    await expect(cross.locator('.page-title')).toHaveText('跨省转学查询'); // decoded from gb2312
    await expect(cross.locator('[data-baoxue-page="cross-province"]')).toContainText('跨省转学');

    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '学籍异动' }).click();
    const total = demo.school.cases.length; // apply list ∪ cross-province list, review is a subset
    await expect(dash.getByTestId('case-count')).toContainText(`共 ${total} 条`);
    await dash.getByLabel('审核状态').selectOption('等待调档');
    await expect(dash.getByTestId('cases').locator('tbody tr')).toHaveCount(1);
  });

  test('a renamed and reordered grid is still read the same', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?variant=renamed`);
    await expect(page.locator('.l-grid3-hd').nth(3)).toHaveText('是否在校'); // reversed order (after 操作)
    await expect(page.locator('[data-baoxue-page="student-list"]')).toHaveAttribute(
      'data-baoxue-state',
      'saved',
    );
    const first = demo.school.students[0]!;
    await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${first.grbsm}"]`)).toHaveAttribute(
      'data-baoxue-flags',
      '',
    );
    await expect(page.locator('baoxue-badge')).toHaveCount(20);
  });

  test('a query that finds nobody says so: the count of the list before does not stay on the strip', async ({
    demo,
    profile,
  }) => {
    const { page, strip } = await openPage(profile, demo, '/jsp/xsxx/xjsjwh.jsp');
    await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(strip).toHaveAttribute('data-baoxue-count', '20');
    await page.locator('#q_xm').fill('无此人');
    await page.locator('#queryBtn').click();
    await expect(strip).toHaveAttribute('data-baoxue-state', 'empty');
    await expect(strip).toHaveAttribute('data-baoxue-count', '0');
    await expect(strip).toContainText('学籍数据维护 · 此页没有记录，未保存任何内容');
    await expect(strip).not.toContainText('20 条');
    await expect(strip.getByRole('button', { name: /读取全部/ })).toHaveCount(0);
    // Back to the whole list: read again.
    await page.locator('#q_xm').fill('');
    await page.locator('#queryBtn').click();
    await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(strip).toHaveAttribute('data-baoxue-count', '20');
  });

  test('a grid without its key column shows a notice and writes nothing', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?variant=nokey`);
    const notice = page.locator('[data-baoxue-notice]');
    await expect(notice).toHaveAttribute('data-baoxue-notice', '全国学籍号/学籍号/个人标识码');
    await expect(notice).toContainText('未找到“全国学籍号/学籍号/个人标识码”列');
    await expect(page.locator('baoxue-badge')).toHaveCount(0);
    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '学生' }).click();
    await expect(dash.getByText('还没有数据')).toBeVisible();
  });

  test('a student transferred out in the 学籍系统 shows up as a change event', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    await openTab(page, '学籍异动申请');
    await expect(
      page.frameLocator('iframe[title="学籍异动申请"]').locator('[data-baoxue-state="saved"]'),
    ).toBeVisible();
    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile)); // marks this visit

    const student = demo.school.students[3]!;
    const res = await fetch(`${demo.url}/demo/admin/transfer-out?grbsm=${student.grbsm}`, { method: 'POST' });
    expect(res.ok).toBe(true);
    await page.reload();
    const tab = await openTab(page, '学籍异动申请');
    await expect(tab.locator('[data-baoxue-page="status-change-apply"]')).toContainText('新变动 1 项');

    await dash.reload();
    await dash.getByRole('tab', { name: '最近变动' }).click();
    const row = dash.getByTestId('changes').locator('tbody tr');
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-kind', 'case-new');
    await expect(row).toContainText(`新学籍异动：${student.xm}`);
    await expect(row).toContainText('转出');
  });
});

test.describe('the grid JSON beside the DOM', () => {
  test('both sources are read and agree; the record holds what only the JSON carries', async ({
    demo,
    profile,
  }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    const tab = await openTab(page, '学籍数据维护');
    const strip = tab.locator('[data-baoxue-page="student-list"]');
    await expect(strip).toHaveAttribute('data-baoxue-source', 'dom+json');
    const s = demo.school.students.find((x, i) => i < 20 && x.sflsetm !== '0')!;
    await tab.locator(`baoxue-badge[data-baoxue-xjh="${s.grbsm}"]`).click();
    const panel = tab.locator(`[data-baoxue-panel="${s.grbsm}"]`);
    await expect(panel).toContainText('留守儿童');
    await expect(panel).toContainText(s.lxdh);
  });

  test('a grid whose headers cannot be read is still captured from its JSON', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xjyd/xjydsq.jsp?variant=headerless`);
    const strip = page.locator('[data-baoxue-page="status-change-apply"]');
    await expect(strip).toHaveAttribute('data-baoxue-source', 'json');
    await expect(strip).toHaveAttribute(
      'data-baoxue-count',
      String(demo.school.cases.filter((c) => !c.kss).length),
    );
    await expect(page.locator('baoxue-badge')).toHaveCount(0);
  });

  test('a row the page shows differently from its own data is flagged, not trusted', async ({
    demo,
    profile,
  }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?variant=mismatch`);
    const strip = page.locator('[data-baoxue-page="student-list"]');
    await expect(strip).toContainText('1 条记录页面显示与系统数据不一致');
    const third = demo.school.students[2]!;
    await expect(page.locator(`baoxue-badge[data-baoxue-xjh="${third.grbsm}"]`)).toHaveAttribute(
      'data-baoxue-flags',
      /source-mismatch/,
    );
  });
});

test('a list re-sorted after the browser stopped the worker is still read with its JSON (the mismatch stays flagged)', async ({
  demo,
  profile,
}) => {
  const { page, strip } = await openPage(profile, demo, '/jsp/xsxx/xjsjwh.jsp?variant=mismatch');
  await expect(strip).toContainText('1 条记录页面显示与系统数据不一致');
  await expect(strip).toHaveAttribute('data-baoxue-source', 'dom+json');
  const scan = (await strip.getAttribute('data-baoxue-scan')) ?? '';
  // A registrar reads the list for a while (the browser stops an idle worker after ~30 s), then sorts it
  // on the page: the same rows in another order, and no new response from the host.
  await stopExtensionWorker(profile, page);
  await page.evaluate(() => {
    const rows = [...document.querySelectorAll('.l-grid3-row')];
    rows[0]!.parentElement!.insertBefore(rows.at(-1)!, rows[0]!);
  });
  await expect(strip).not.toHaveAttribute('data-baoxue-scan', scan);
  await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
  await expect(strip).toHaveAttribute('data-baoxue-source', 'dom+json');
  await expect(strip).toContainText('1 条记录页面显示与系统数据不一致');
  await expect(strip).not.toContainText('新变动');
});

test.describe('more page kinds', () => {
  test('在办业务 lists the business still in progress', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    const tab = await openTab(page, '在办业务查询');
    const pending = demo.school.cases.filter((c) => /待审核|核办中|等待调档/.test(c.shzt)).length;
    const strip = tab.locator('[data-baoxue-page="pending-business"]');
    await expect(strip).toHaveAttribute('data-baoxue-count', String(Math.min(20, pending)));
    await expect(strip).toContainText('在办业务查询');
  });

  test('the 学籍卡 opened from the list is read as the fuller record', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    const tab = await openTab(page, '学籍数据维护');
    await expect(tab.locator('[data-baoxue-state="saved"]')).toBeVisible();
    const first = demo.school.students[0]!;
    const popup = page.waitForEvent('popup');
    await tab.getByRole('link', { name: '查看学籍卡' }).first().click();
    const card = await popup;
    const strip = card.locator('[data-baoxue-page="student-card"]');
    await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(strip).toContainText('学生学籍卡 · 1 条 · 已保存');
    // Only the card's own strip: no 识别此页 notice over it, as if its table were an unknown grid.
    await card.waitForTimeout(1_000);
    await expect(card.locator('[data-baoxue-page]')).toHaveCount(1);
    await expect(card.getByText('保学助手还不认识它')).toHaveCount(0);
    await card.locator(`baoxue-badge[data-baoxue-xjh="${first.grbsm}"]`).click();
    await expect(card.locator(`[data-baoxue-panel="${first.grbsm}"]`)).toContainText(first.lxdh);
  });
});

test.describe('pages that differ from what Baoxue expects (issue 13)', () => {
  /** The text of row `i`'s cell under `header`: found by header text, as the reader finds it. */
  async function cell(page: Page, i: number, header: string) {
    const hd = page.locator('.l-grid3-hd', { hasText: new RegExp(`^${header}$`) });
    const id = /l-grid3-td-(\S+)/.exec((await hd.getAttribute('class')) ?? '')?.[1];
    const td = page.locator('.l-grid3-body .l-grid3-row').nth(i).locator(`td.l-grid3-td-${id}`);
    return ((await td.textContent()) ?? '').trim();
  }

  /** Opens row `i`'s record panel; returns what it shows, label → value. */
  async function panelOf(page: Page, i: number) {
    await page.locator('.l-grid3-body .l-grid3-row').nth(i).locator('baoxue-badge').click();
    const xjh = await cell(page, i, '学籍号');
    const panel = page.locator(`[data-baoxue-panel^="${xjh}|"]`);
    await expect(panel.locator('dt').first()).toBeVisible();
    const labels = await panel.locator('dt').allTextContents();
    const values = await panel.locator('dd').allTextContents();
    return Object.fromEntries(labels.map((l, k) => [l.trim(), (values[k] ?? '').trim()]));
  }

  test('a 跨省转学 list with no 异动类别 column is captured, every row as 转学', async ({
    demo,
    profile,
  }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/kszx/kszxcx.jsp?variant=notype`);
    await expect(page.locator('.l-grid3-hd', { hasText: '办理状态' })).toHaveCount(1);
    await expect(page.locator('.l-grid3-hd', { hasText: '异动类别' })).toHaveCount(0);
    const count = Math.min(20, demo.school.cases.filter((c) => c.kss).length);
    const strip = page.locator('[data-baoxue-page="cross-province"]');
    await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(strip).toHaveAttribute('data-baoxue-count', String(count));
    await expect(strip).toHaveAttribute('data-baoxue-source', 'dom+json');
    await expect(page.locator('[data-baoxue-notice]')).toHaveCount(0);
    await expect(page.locator('baoxue-badge')).toHaveCount(count);
    await expect(page.locator('baoxue-badge[data-baoxue-flags*="source-mismatch"]')).toHaveCount(0);

    // Every column the registrar saw is in the record, and the page's own meaning gives the type.
    const shown = await panelOf(page, 0);
    expect(shown.异动类别).toBe('转学');
    for (const [header, label] of [
      ['学籍号', '全国学籍号'],
      ['姓名', '姓名'],
      ['班级', '班级'],
      ['异动原因', '异动原因'],
      ['申请日期', '申请日期'],
      ['办理状态', '审核状态'],
      ['当前办理单位', '当前办理单位'],
      ['转入学校', '转入学校'],
      ['转出学校', '转出学校'],
    ] as const)
      expect(shown[label], label).toBe(await cell(page, 0, header));

    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '学籍异动' }).click();
    await expect(dash.getByTestId('case-count')).toContainText(`共 ${count} 条`);
    await dash.getByLabel('异动类别').selectOption('转学');
    await expect(dash.getByTestId('cases').locator('tbody tr')).toHaveCount(count);
  });

  test('a grid whose JSON names its fields otherwise keeps every column the registrar saw', async ({
    demo,
    profile,
  }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xjyd/xjydsq.jsp?variant=fieldnames`);
    const listed = demo.school.cases.filter((c) => !c.kss).slice(0, 20);
    const strip = page.locator('[data-baoxue-page="status-change-apply"]');
    await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
    await expect(strip).toHaveAttribute('data-baoxue-count', String(listed.length));
    await expect(strip).toHaveAttribute('data-baoxue-source', 'dom+json');
    await expect(strip).not.toContainText('不一致');
    await expect(page.locator('baoxue-badge')).toHaveCount(listed.length);
    await expect(page.locator('baoxue-badge[data-baoxue-flags*="source-mismatch"]')).toHaveCount(0);

    for (const i of [0, 1]) {
      const shown = await panelOf(page, i);
      for (const [header, label] of [
        ['学籍号', '全国学籍号'],
        ['姓名', '姓名'],
        ['班级', '班级'],
        ['异动类别', '异动类别'],
        ['异动原因', '异动原因'],
        ['申请日期', '申请日期'], // the JSON says 20261123, the page 2026-11-23: the same day
        ['审核状态', '审核状态'],
        ['转入学校', '转入学校'],
        ['转出学校', '转出学校'],
      ] as const)
        expect(shown[label], `row ${i} ${label}`).toBe(await cell(page, i, header));
      // 当前办理单位 is a hidden column: only the grid's column model names its JSON field (dqbldwmc).
      expect(shown.当前办理单位, `row ${i} 当前办理单位`).toBe(listed[i]!.dqbldw);
    }

    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '学籍异动' }).click();
    await dash.getByLabel('审核状态').selectOption('待审核');
    await expect(dash.getByTestId('cases').locator('tbody tr')).toHaveCount(
      listed.filter((c) => c.shzt === '待审核').length,
    );
  });
});
