import { readFile } from 'node:fs/promises';
import { format, subDays } from 'date-fns';
import ExcelJS from 'exceljs';
import type { DemoCase } from '../../demo/generator';
import type { DemoServer } from '../../demo/server';
import { launchProfile } from '../support/chromium';
import { dashboardUrl, expect, login, openTab, setDeviceUser, test } from './fixtures';

const ago = (days: number) => format(subDays(new Date(), days), 'yyyy-MM-dd');

/** Adds a 学籍异动 to the demo 学籍系统 for one of its students (before the page is opened). */
function addDemoCase(demo: DemoServer, studentIndex: number, c: Partial<DemoCase>): DemoCase {
  const s = demo.school.students[studentIndex]!;
  const made: DemoCase = {
    ydid: `YD2026E${studentIndex}`,
    grbsm: s.grbsm,
    xm: s.xm,
    xbm: s.xbm,
    njmc: s.njmc,
    bjmc: s.bjmc,
    ydlb: '转出',
    ydyy: '随父母工作调动',
    ydrq: ago(3),
    sqrq: ago(3),
    shzt: '待审核',
    dqbldw: '本校',
    zrxx: '',
    zcxx: demo.school.name,
    kss: false,
    ...c,
  };
  demo.school.cases.push(made);
  return made;
}

test.describe('paperwork', () => {
  test('a pending 转出 names its missing documents; ticking them in the panel clears the badge, across reload and restart', async ({
    demo,
    profile,
  }) => {
    const pending = demo.school.scenarios.pendingTransfer;
    // The registrar uses this device: what is ticked here is recorded in her name.
    await setDeviceUser(profile, '李老师', 'registrar');
    let page = await profile.context.newPage();
    await login(page, demo);
    let tab = await openTab(page, '学籍异动申请');
    const badge = () => tab.locator(`baoxue-badge[data-baoxue-xjh="${pending.grbsm}"]`);
    await expect(badge()).toHaveAttribute('data-baoxue-missing', /监护人书面申请/);
    await expect(badge()).toHaveAccessibleName('缺 4 项');

    // The registrar has two of the four: ticks them in the panel.
    await badge().click();
    const panel = tab.locator('[data-baoxue-checklist]');
    await expect(panel.getByTestId('verifier')).toHaveText('记录人：李老师');
    await panel.getByRole('button', { name: '已收到：监护人书面申请' }).click();
    await panel.getByRole('button', { name: '已收到：班主任签署意见' }).click();
    await expect(panel).toHaveAttribute('data-baoxue-missing', '接收学校签署意见/接收证明,分管校长审批');
    await expect(panel.locator('li.missing')).toHaveText([/接收学校签署意见\/接收证明/, /分管校长审批/]);
    await expect(badge()).toHaveAccessibleName('缺 2 项');
    await expect(badge()).toHaveAttribute('data-baoxue-flags', /paperwork-missing/);
    await expect(badge()).toHaveAttribute('data-baoxue-missing', '接收学校签署意见/接收证明,分管校长审批');

    await panel.getByRole('button', { name: '已收到：接收学校签署意见/接收证明' }).click();
    await panel.getByRole('button', { name: '已收到：分管校长审批' }).click();
    await expect(badge()).toHaveAccessibleName('已齐全');
    await expect(badge()).not.toHaveAttribute('data-baoxue-flags', /paperwork-missing/);
    await expect(panel).toContainText('李老师');

    await page.reload();
    tab = await openTab(page, '学籍异动申请');
    await expect(badge()).toHaveAccessibleName('已齐全');

    // Close the browser and start it again on the same profile.
    await profile.context.close();
    const again = await launchProfile({ dir: profile.dir });
    try {
      page = await again.context.newPage();
      await login(page, demo);
      tab = await openTab(page, '学籍异动申请');
      await expect(badge()).toHaveAccessibleName('已齐全');
      await expect(badge()).toHaveAttribute('data-baoxue-missing', '');
    } finally {
      await again.close();
    }
  });

  test('an overdue 转出 puts the student on the at-risk list as 疑似辍学 (紧急, to be urged) and gives the class teacher a task', async ({
    demo,
    profile,
  }) => {
    const overdue = demo.school.scenarios.overdueTransfer;
    const page = await profile.context.newPage();
    await login(page, demo);
    const tab = await openTab(page, '学籍异动申请');
    const badge = tab.locator(`baoxue-badge[data-baoxue-xjh="${overdue.grbsm}"]`);
    await expect(badge).toHaveAttribute('data-baoxue-flags', /paperwork-overdue/);
    // A 九年级 transfer is flagged as not allowed; a label no rule knows is shown as such, never guessed.
    const graduating = demo.school.scenarios.graduatingTransfer;
    await expect(tab.locator(`baoxue-badge[data-baoxue-xjh="${graduating.grbsm}"]`)).toHaveAttribute(
      'data-baoxue-flags',
      /transfer-not-allowed-graduating/,
    );
    const refused = demo.school.cases.find((c) => c.ydlb === '转出' && c.shzt === '审核不通过')!;
    // Closed, not complete (issue 15 §5).
    await expect(tab.locator(`baoxue-badge[data-baoxue-xjh="${refused.grbsm}"]`)).toHaveAccessibleName(
      '已结束（不通过/已撤销）',
    );
    const unknown = demo.school.scenarios.unknownType;
    await expect(tab.locator(`baoxue-badge[data-baoxue-xjh="${unknown.grbsm}"]`)).toHaveAccessibleName(
      '未知异动类型',
    );

    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '风险名单' }).click();
    const row = dash.getByTestId('at-risk').locator(`tr[data-xjh="${overdue.grbsm}"]`);
    // 疑似辍学, and the class teacher urges the family (002 篇一 §五.7; domain.md 转学).
    await expect(row).toContainText(
      /疑似辍学：转出手续逾期未办结（期限 \d{4}-\d{2}-\d{2}），请班主任催促办理/,
    );
    await expect(row).toContainText(overdue.xm);
    await expect(row).toHaveAttribute('data-tier', 'urgent');
    await expect(row).toContainText('紧急');
    // The 休学 past its end (applied 14 months ago, one year long) with no 复学 is there too.
    const expired = dash.getByTestId('at-risk').locator('tr', { hasText: '休学期满未复学' });
    await expect(expired).toHaveCount(1);
    await expect(expired).toHaveAttribute('data-xjh', demo.school.scenarios.expiredSuspension.grbsm);
    await expect(expired).toHaveAttribute('data-tier', 'warning');

    await dash.getByRole('tab', { name: '待办' }).click();
    const task = dash.getByTestId('tasks').locator('tr[data-kind="urge-transfer"]', { hasText: overdue.xm });
    await expect(task).toContainText('催促家长办理转出手续');
    await expect(task).toContainText('班主任');
  });

  test('the dashboard checklist prints as a 转学手续清单', async ({ demo, profile }) => {
    const pending = demo.school.scenarios.pendingTransfer;
    const page = await profile.context.newPage();
    await login(page, demo);
    const tab = await openTab(page, '学籍异动申请');
    await expect(tab.locator('[data-baoxue-state="saved"]')).toBeVisible();
    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '学籍异动' }).click();
    await dash.locator(`tr[data-id^="${pending.grbsm}|转出"]`).click();
    const list = dash.locator('[data-baoxue-checklist]');
    await setDeviceUser(profile, '王主任', 'leader');
    await expect(list.getByTestId('verifier')).toHaveText('记录人：王主任');
    await list.getByRole('button', { name: '已收到：监护人书面申请' }).click();
    await expect(dash.locator(`tr[data-id^="${pending.grbsm}|转出"] [data-testid="paperwork"]`)).toHaveText(
      '缺 3 项',
    );
    const printPage = dash.context().waitForEvent('page');
    await list.getByRole('link', { name: '打印手续清单' }).click();
    const print = await printPage;
    await expect(print.locator('h1')).toHaveText('转学手续清单');
    await expect(print.locator('main')).toContainText(pending.xm);
    await expect(print.locator('main')).toContainText(pending.zcxx);
    // Where the child goes (学生流出去向) is on the paper too: the receiving school the host shows.
    await expect(print.locator('main')).toContainText(`学生流出去向：转入学校：${pending.zrxx}`);
    await expect(print.locator('tr', { hasText: '监护人书面申请' })).toContainText('已收到（王主任');
    await expect(print.locator('tr', { hasText: '分管校长审批' })).toContainText('未收到');
    const pdf = await print.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  });
});

test('a school adjusts a rule in 设置 without code: an optional document no longer counts as missing', async ({
  demo,
  profile,
}) => {
  const options = await profile.context.newPage();
  await options.goto(`chrome-extension://${profile.extensionId}/options.html`);
  const rule = options.locator('fieldset[data-rule="转出"]');
  await rule.getByRole('checkbox', { name: /分管校长审批/ }).uncheck();
  await rule.getByPlaceholder('材料名称').fill('学生近期照片');
  await rule.getByRole('button', { name: '添加材料' }).click();
  // 设置 in sections, each saved on its own with its own confirmation (issue 15).
  await options.getByRole('button', { name: '保存材料审核设置' }).click();
  await expect(options.getByTestId('paperwork-settings-message')).toHaveText(/^材料审核设置已保存/);
  await options.getByLabel('学校名称').fill('示范县实验学校');
  await options.getByRole('button', { name: '保存学校信息' }).click();
  await expect(options.getByTestId('school-settings-message')).toHaveText('学校信息已保存。');
  await options.getByLabel('调休上班日').fill('2026-13-01');
  await options.getByRole('button', { name: '保存学年与校历' }).click();
  await expect(options.getByTestId('calendar-settings-message')).toContainText('2026-13-01');
  await options.getByLabel('调休上班日').fill('');
  await options.getByRole('button', { name: '保存学年与校历' }).click();
  await expect(options.getByTestId('calendar-settings-message')).toHaveText('学年与校历已保存。');

  const page = await profile.context.newPage();
  await login(page, demo);
  const tab = await openTab(page, '学籍异动申请');
  const badge = tab.locator(`baoxue-badge[data-baoxue-xjh="${demo.school.scenarios.pendingTransfer.grbsm}"]`);
  await expect(badge).toHaveAttribute(
    'data-baoxue-missing',
    '监护人书面申请,班主任签署意见,接收学校签署意见/接收证明,学生近期照片',
  );
});

test('a school that files transfers with its 中心学校 switches the step on in 设置: every transfer lists 中心学校审批备案', async ({
  demo,
  profile,
}) => {
  const options = await profile.context.newPage();
  await options.goto(`chrome-extension://${profile.extensionId}/options.html`);
  const rule = options.locator('fieldset[data-rule="转出"]');
  await expect(rule).not.toContainText('中心学校审批备案'); // off by default
  await options.getByLabel(/转学须经中心学校审批备案/).check();
  await expect(rule).toContainText('中心学校审批备案');
  await options.getByRole('button', { name: '保存材料审核设置' }).click();
  await expect(options.getByTestId('paperwork-settings-message')).toHaveText(/^材料审核设置已保存/);

  const page = await profile.context.newPage();
  await login(page, demo);
  const tab = await openTab(page, '学籍异动申请');
  const badge = tab.locator(`baoxue-badge[data-baoxue-xjh="${demo.school.scenarios.pendingTransfer.grbsm}"]`);
  await expect(badge).toHaveAccessibleName('缺 5 项');
  await expect(badge).toHaveAttribute('data-baoxue-missing', /,中心学校审批备案$/);
});

test.describe('paperwork rules read what the host writes', () => {
  test('a 转学（转出） written with full-width brackets is badged with its missing documents, not 未知异动类型; its 流出去向 is the receiving school', async ({
    demo,
    profile,
  }) => {
    const fullWidth = addDemoCase(demo, 22, { ydlb: '转学（转出）', zrxx: '东城中学' });
    const page = await profile.context.newPage();
    await login(page, demo);
    const tab = await openTab(page, '学籍异动申请');
    const badge = tab.locator(`baoxue-badge[data-baoxue-xjh="${fullWidth.grbsm}"]`);
    await expect(badge).toHaveAccessibleName('缺 4 项');
    await expect(badge).toHaveAttribute(
      'data-baoxue-missing',
      '监护人书面申请,班主任签署意见,接收学校签署意见/接收证明,分管校长审批',
    );
    await expect(badge).not.toHaveAttribute('data-baoxue-flags', /unknown-change-type|destination-missing/);
    await badge.click();
    const panel = tab.locator('[data-baoxue-checklist]');
    await expect(panel.locator('[data-baoxue-destination]')).toHaveAttribute(
      'data-baoxue-destination',
      'school:东城中学',
    );
  });

  test('a 休学 whose 休学结束日期 (from the case) has passed is flagged, though a year has not; a 出境学习 gets its 流出去向 recorded in the panel', async ({
    demo,
    profile,
  }) => {
    // A four-month 休学 that ended ten days ago: counted as a year it would not be due for eight months.
    const shortSuspension = addDemoCase(demo, 44, {
      ydlb: '休学',
      ydyy: '因病(医院证明)',
      sqrq: ago(130),
      ydrq: ago(130),
      shzt: '审核通过',
      zcxx: '',
      xxjsrq: ago(10),
    });
    await setDeviceUser(profile, '李老师', 'registrar');
    const page = await profile.context.newPage();
    await login(page, demo);
    const tab = await openTab(page, '学籍异动申请');
    const badge = tab.locator(`baoxue-badge[data-baoxue-xjh="${shortSuspension.grbsm}"]`);
    await expect(badge).toHaveAttribute('data-baoxue-flags', /suspension-expired/);
    await badge.click();
    const panel = tab.locator('[data-baoxue-checklist]');
    await expect(panel.locator('[data-baoxue-suspension-ends]')).toHaveAttribute(
      'data-baoxue-suspension-ends',
      shortSuspension.xxjsrq!,
    );
    await expect(panel).toContainText('休学期满未复学或续休');

    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '风险名单' }).click();
    const row = dash.getByTestId('at-risk').locator(`tr[data-xjh="${shortSuspension.grbsm}"]`);
    await expect(row).toContainText(`休学期满未复学（${shortSuspension.xxjsrq} 到期）`);

    // 出境学习: where the child went is the registrar's to record; until then the badge says so.
    await page.bringToFront();
    const abroad = demo.school.cases.find((c) => c.ydlb === '出境学习')!;
    const abroadBadge = tab.locator(`baoxue-badge[data-baoxue-xjh="${abroad.grbsm}"]`);
    await expect(abroadBadge).toHaveAttribute('data-baoxue-flags', /destination-missing/);
    await abroadBadge.click();
    const abroadPanel = tab.locator(`[data-baoxue-checklist]`);
    await expect(abroadPanel.locator('[data-baoxue-destination]')).toHaveAttribute(
      'data-baoxue-destination',
      '',
    );
    await expect(abroadPanel.getByTestId('verifier')).toHaveText('记录人：李老师');
    await abroadPanel.getByLabel('去向', { exact: true }).selectOption('abroad');
    await abroadPanel.getByRole('textbox', { name: '学校、省份或国家（地区）' }).fill('新加坡');
    await abroadPanel.getByRole('button', { name: '登记去向' }).click();
    await expect(abroadPanel.locator('[data-baoxue-destination]')).toHaveAttribute(
      'data-baoxue-destination',
      'abroad:新加坡',
    );
    await expect(abroadBadge).not.toHaveAttribute('data-baoxue-flags', /destination-missing/);

    // The 学籍异动台账 shows it, on screen and in the xlsx handed to the county.
    await dash.bringToFront();
    await dash.getByRole('tab', { name: '台账与月报' }).click();
    await dash.getByLabel('报表').selectOption({ label: '学籍异动台账' });
    const ledger = dash.getByTestId('ledger');
    await expect(ledger.locator('thead')).toContainText('流出去向');
    await expect(ledger.locator('tbody tr', { hasText: abroad.xm })).toContainText('出境：新加坡');
    const download = dash.waitForEvent('download');
    await dash.getByRole('button', { name: '导出 xlsx' }).click();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(await (await download).path())) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const headers = ws.getRow(2).values as unknown[];
    const col = headers.indexOf('流出去向');
    expect(col).toBeGreaterThan(0);
    const xlsxRow = ws.getColumn(1).values.indexOf(abroad.grbsm);
    expect(xlsxRow).toBeGreaterThan(2);
    expect(ws.getRow(xlsxRow).getCell(col).value).toBe('出境：新加坡');
  });

  test('a 申请日期 the host writes unreadably is not stored, and the 学籍异动 list says so in the cell (which date, why blank)', async ({
    demo,
    profile,
  }) => {
    // A day the calendar has not: the reader stores no date and flags the field (lib/capture/normalize.ts).
    const odd = addDemoCase(demo, 47, { sqrq: '2026-02-30', ydrq: '2026-02-30' });
    await setDeviceUser(profile, '李老师', 'registrar');
    const page = await profile.context.newPage();
    await login(page, demo);
    const tab = await openTab(page, '学籍异动申请');
    const badge = tab.locator(`baoxue-badge[data-baoxue-xjh="${odd.grbsm}"]`);
    await expect(badge).toHaveAttribute('data-baoxue-flags', /applied-date-unreadable/);

    const dash = await profile.context.newPage();
    await dash.goto(dashboardUrl(profile));
    await dash.getByRole('tab', { name: '学籍异动' }).click();
    const row = dash.getByTestId('cases').locator(`tr[data-id^="${odd.grbsm}|"]`);
    // Not a blank cell: the words say the date could not be read; the tooltip says which date and what to do.
    const cell = row.getByText('日期无法识别', { exact: true });
    await expect(cell).toBeVisible();
    await expect(cell).toHaveAttribute('title', '申请日期无法识别，未保存（请在学籍系统中核对）');
  });
});
