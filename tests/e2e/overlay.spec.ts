import type { Page } from '@playwright/test';
import { dashboardUrl, expect, login, test } from './fixtures';

/** Host CSS doing its worst to anything in a cell, to our tag by name, and to every pseudo-element. */
const HOSTILE_CSS = `
* { color: rgb(255, 0, 255) !important; background: rgb(0, 255, 0) !important; font-size: 30px !important; }
td *:not(div), baoxue-badge { display: none !important; visibility: hidden !important; opacity: 0 !important; }
html body table tr td baoxue-badge[data-baoxue-root][role] { transform: scale(3) !important; padding: 40px !important; }
baoxue-badge::before { content: "HACKED" !important; color: red !important; }
*::after { content: "MORE" !important; }
*::first-letter { font-size: 60px !important; }
`;

/** What a person sees of one badge: its box and the look and words painted on it. */
function badgeLook(page: Page, xjh: string) {
  return page.locator(`baoxue-badge[data-baoxue-xjh="${xjh}"]`).evaluate((el) => {
    const s = getComputedStyle(el);
    const before = getComputedStyle(el, '::before');
    const after = getComputedStyle(el, '::after');
    const box = el.getBoundingClientRect();
    return {
      display: s.display,
      visibility: s.visibility,
      opacity: s.opacity,
      color: s.color,
      background: s.backgroundColor,
      font: `${s.fontSize} ${s.lineHeight}`,
      padding: s.padding,
      transform: s.transform,
      painted: before.content,
      after: after.content,
      size: `${Math.round(box.width)}×${Math.round(box.height)}`,
      label: el.getAttribute('aria-label'),
    };
  });
}

test.describe('the overlay', () => {
  test('a badge opens the panel with what the store holds for that student', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp`);
    const broken = demo.school.students[5]!;
    const badge = page.locator(`baoxue-badge[data-baoxue-xjh="${broken.grbsm}"]`);
    await expect(badge).toHaveAttribute('data-baoxue-flags', 'id-checksum,xjh-checksum');
    await badge.click();
    const panel = page.locator(`[data-baoxue-panel="${broken.grbsm}"]`);
    await expect(panel).toContainText(broken.xm);
    await expect(panel).toContainText('身份证件号校验码错误');
    await expect(panel).toContainText('新学生');
    await panel.getByRole('button', { name: '关闭' }).click();
    await expect(panel).toHaveCount(0);
  });

  test('读取全部 walks every page, returns to where the registrar was, and notices who left the roll', async ({
    demo,
    profile,
  }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?pageSize=100`);
    await page.getByRole('button', { name: '下一页' }).click();
    await expect(page.locator('.l-paging-info')).toHaveText('第 2 页 共 4 页');
    const strip = page.locator('[data-baoxue-page="student-list"]');
    await strip.getByRole('button', { name: '读取全部 4 页' }).click();
    await expect(strip.locator('[data-baoxue-capture-all]')).toHaveAttribute(
      'data-baoxue-capture-all',
      'done',
      { timeout: 30_000 },
    );
    await expect(strip).toContainText('已读取全部 4 页');
    await expect(page.locator('.l-paging-info')).toHaveText('第 2 页 共 4 页');

    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '学生' }).click();
    await expect(dash.getByTestId('student-count')).toContainText('共 360 条');

    // The 学籍系统 transfers a student out; the next full read notices who is gone.
    const leaving = demo.school.students[150]!;
    await fetch(`${demo.url}/demo/admin/transfer-out?grbsm=${leaving.grbsm}`, { method: 'POST' });
    await page.reload();
    await page
      .locator('[data-baoxue-page="student-list"]')
      .getByRole('button', { name: /读取全部/ })
      .click();
    await expect(page.locator('[data-baoxue-capture-all="done"]')).toContainText('1 名学生已不在名册', {
      timeout: 30_000,
    });
    await dash.reload();
    await dash.getByRole('tab', { name: '最近变动' }).click();
    const gone = dash.getByTestId('changes').locator('tr[data-kind="student-gone"]');
    await expect(gone).toHaveCount(1);
    await expect(gone).toContainText(`学生已不在名册：${leaving.xm}`);
  });

  test('读取全部 can be cancelled and leaves the page as it was', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp`);
    const strip = page.locator('[data-baoxue-page="student-list"]');
    await strip.getByRole('button', { name: '读取全部 18 页' }).click();
    await expect(strip.locator('progress')).toBeVisible();
    await strip.getByRole('button', { name: '取消' }).click();
    await expect(strip.locator('[data-baoxue-capture-all]')).toHaveAttribute(
      'data-baoxue-capture-all',
      'cancelled',
    );
    await expect(strip).toContainText('已取消');
    await expect(page.locator('.l-paging-info')).toHaveText('第 1 页 共 18 页');
  });

  test('badges look the same under hostile host CSS, and nothing of theirs restyles the host page', async ({
    demo,
    profile,
  }) => {
    const broken = demo.school.students[5]!;
    const plain = await profile.context.newPage();
    await login(plain, demo);
    // Elements with the class names and tags a badge once used: Baoxue must not style them.
    await plain.route(`${demo.url}/jsp/xsxx/xjsjwh.jsp`, async (route) => {
      const res = await route.fetch();
      const probe = '<span id="probe" class="b warn todo">x</span><button id="probe-button">y</button>';
      await route.fulfill({ response: res, body: (await res.text()).replace('</body>', `${probe}</body>`) });
    });
    await plain.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp`);
    await expect(plain.locator('[data-baoxue-state="saved"]')).toBeVisible();
    const look = await badgeLook(plain, broken.grbsm);
    expect(look).toMatchObject({
      display: 'inline-flex',
      visibility: 'visible',
      painted: '"⚠ 2"',
      label: '⚠ 2',
    });
    expect(look.after).toBe('none');
    const probe = await plain.evaluate(() =>
      ['probe', 'probe-button'].map((id) => {
        const s = getComputedStyle(document.getElementById(id)!);
        return { background: s.backgroundColor, font: s.fontSize, radius: s.borderRadius };
      }),
    );
    // The page's own look: no badge colour, size or rounding on the host's elements.
    expect(probe[0]).toMatchObject({ background: 'rgba(0, 0, 0, 0)', radius: '0px' });
    for (const p of probe) expect(p.font).not.toBe('11px');
    // Baoxue's one document stylesheet holds rules for its badges only.
    const selectors = await plain.evaluate(() => {
      const rules = (list: CSSRuleList): CSSRule[] =>
        [...list].flatMap((r) =>
          'selectorText' in r ? [r] : 'cssRules' in r ? rules((r as CSSGroupingRule).cssRules) : [],
        );
      return document.adoptedStyleSheets.flatMap((s) =>
        rules(s.cssRules).map((r) => (r as CSSStyleRule).selectorText),
      );
    });
    expect(selectors.length).toBeGreaterThan(0);
    for (const s of selectors) expect(s).toMatch(/^baoxue-badge\[data-baoxue-root\]/);

    const hostile = await profile.context.newPage();
    await hostile.route(`${demo.url}/jsp/xsxx/xjsjwh.jsp`, async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace('</head>', `<style>${HOSTILE_CSS}</style></head>`);
      await route.fulfill({ response: res, body });
    });
    await hostile.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp`);
    await expect(hostile.locator('[data-baoxue-state="saved"]')).toBeAttached();
    await expect(hostile.locator('td.l-grid3-cell').first()).toHaveCSS('color', 'rgb(255, 0, 255)'); // the CSS is live
    expect(await badgeLook(hostile, broken.grbsm)).toEqual(look);
    await hostile.locator(`baoxue-badge[data-baoxue-xjh="${broken.grbsm}"]`).click();
    await expect(hostile.locator(`[data-baoxue-panel="${broken.grbsm}"]`)).toContainText(broken.xm);
  });
});
