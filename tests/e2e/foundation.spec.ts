import { dashboardUrl, expect, login, openTab, test } from './fixtures';

test('the extension reads the student list in its iframe tab and the dashboard lists the students', async ({
  demo,
  profile,
}) => {
  const page = await profile.context.newPage();
  await login(page, demo);
  const tab = await openTab(page, '学籍数据维护');
  const strip = tab.locator('[data-baoxue-page="student-list"]');
  await expect(strip).toHaveAttribute('data-baoxue-state', 'saved');
  await expect(strip).toHaveAttribute('data-baoxue-count', '20');
  await expect(strip).toContainText('学籍数据维护 · 20 条 · 已保存');
  // Every row is badged; the generator's broken check digit (6th student) carries its flags: the ID's and
  // the G-number's (G + that same ID).
  await expect(tab.locator('baoxue-badge')).toHaveCount(20);
  const sixth = demo.school.students[5]!;
  await expect(tab.locator(`baoxue-badge[data-baoxue-xjh="${sixth.grbsm}"]`)).toHaveAttribute(
    'data-baoxue-flags',
    'id-checksum,xjh-checksum',
  );

  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '学生' }).click();
  await expect(dash.getByTestId('students').locator('tbody tr')).toHaveCount(20);
  await expect(dash.getByTestId('student-count')).toContainText('共 20 条');
  await dash.getByRole('checkbox', { name: '只看有问题的' }).check();
  await expect(dash.getByTestId('students').locator('tbody tr')).toHaveCount(1);
  await expect(dash.getByTestId('students')).toContainText('身份证件号校验码错误');
});
