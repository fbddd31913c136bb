import { dashboardUrl, expect, login, test } from './fixtures';

test.describe('the overlay', () => {
  test('a badge opens the panel with what the store holds for that student', async ({ demo, profile }) => {
    const page = await profile.context.newPage();
    await login(page, demo);
    await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp`);
    const broken = demo.school.students[5]!;
    const badge = page.locator(`baoxue-badge[data-baoxue-xjh="${broken.grbsm}"]`);
    await expect(badge).toHaveAttribute('data-baoxue-flags', 'id-checksum,xjh-checksum');
    await badge.getByRole('button').click();
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
});
