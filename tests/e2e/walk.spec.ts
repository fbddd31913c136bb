/**
 * Issue 15 "Done when": every dashboard tab and every 设置 section walked in zh-CN, on an empty profile (each
 * says how to begin, none is blank) and on the demo school (each shows its rows), with no developer words
 * on any of them; the overlay on the demo 学籍系统 (1.0 and 2.0) and a print preview too.
 *
 * With BAOXUE_SCREENSHOTS=docs/screenshots set, each screen is saved there as a PNG (the README shows
 * them); without it (CI) nothing is written.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { V2_DIST } from '../../demo/v2-api';
import type { Profile } from '../support/chromium';
import {
  dashboardUrl,
  expect,
  lastSchoolDays,
  login,
  markAbsent,
  openTab,
  setDeviceUser,
  test,
} from './fixtures';
import { leaks } from './words';

const SHOTS = process.env.BAOXUE_SCREENSHOTS;
const VIEWPORT = { width: 1280, height: 800 };

/** Saves what `page` shows as `<name>.png` when screenshots were asked for. */
async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** Every tab a registrar sees, in order, with the file name its screenshot takes. */
const TABS: [name: string, file: string][] = [
  ['风险名单', 'at-risk'],
  ['待办', 'tasks'],
  ['考勤', 'attendance'],
  ['班级日报', 'day-reports'],
  ['重点生', 'key-students'],
  ['家访', 'visits'],
  ['台账与月报', 'reports'],
  ['图表', 'charts'],
  ['最近变动', 'changes'],
  ['学生', 'students'],
  ['学籍异动', 'cases'],
  ['教师班级', 'staff-classes'],
  ['访问记录', 'access-log'],
];
/** 设置's sections: id, the heading it shows (the two forms that carry their own have theirs). */
const SECTIONS: [id: string, heading: string][] = [
  ['school', '学校'],
  ['user', '本机使用者'],
  ['sync', '同步服务器'],
  ['calendar', '学年与校历'],
  ['absence', '缺课与风险'],
  ['paperwork', '材料审核'],
  ['reading', '页面读取'],
  ['guide', '入门向导'],
];

async function dashboard(profile: Profile): Promise<Page> {
  const dash = await profile.context.newPage();
  await dash.setViewportSize(VIEWPORT);
  await dash.goto(dashboardUrl(profile));
  await expect(dash.getByRole('tablist')).toBeVisible();
  return dash;
}

/** Opens a tab and waits until its lists are computed. */
async function visit(dash: Page, name: string): Promise<Locator> {
  await dash.getByRole('tablist').getByRole('tab', { name, exact: true }).click();
  const main = dash.locator('main');
  await expect(main).not.toContainText('正在计算', { timeout: 30_000 });
  return main;
}

/** Walks 设置 section by section: each has its heading; one screenshot per section. */
async function walkSettings(profile: Profile, prefix: string, data: string[], problems: string[]) {
  const settings = await profile.context.newPage();
  await settings.setViewportSize(VIEWPORT);
  await settings.goto(`chrome-extension://${profile.extensionId}/options.html`);
  await expect(settings.getByRole('heading', { level: 1 })).toBeVisible();
  const ids = await settings.locator('section[data-section]').evaluateAll((s) => s.map((x) => x.id));
  expect(ids).toEqual(SECTIONS.map(([id]) => id)); // a new section is walked (and shot) too
  for (const [id, heading] of SECTIONS) {
    await settings.getByRole('navigation').getByRole('link', { name: heading }).click();
    const section = settings.locator(`section[data-section="${id}"]`);
    await expect(section.locator('h2').first()).toContainText(heading);
    await expect(section).toBeInViewport();
    await settings.waitForTimeout(200); // the jump settles
    if (prefix === 'demo') await shot(settings, `settings-${id}`); // 设置 looks the same on an empty profile
  }
  problems.push(...(await leaks(settings, `${prefix} 设置`, data)));
  await settings.close();
}

test('an empty profile: every tab and 设置 section says what it is and how to begin, in words a registrar uses', async ({
  profile,
}) => {
  test.setTimeout(120_000);
  const dash = await dashboard(profile);
  const problems: string[] = [];
  // Nobody has said who they are yet: the guide leads, and the office's own tabs are not offered.
  const guide = dash.getByTestId('first-run-guide');
  await expect(guide).toContainText('入门向导');
  await expect(guide).toContainText('读取全部');
  await shot(dash, 'empty-guide');
  // Closed, so each tab below is seen as it is (设置 → 入门向导 brings it back).
  await guide.getByRole('button', { name: '关闭向导' }).click();
  const offered = await dash.getByRole('tablist').getByRole('tab').allTextContents();
  expect(offered).toEqual(TABS.slice(0, 11).map(([n]) => n));

  /** What each tab says on a profile with nothing in it: how to begin, or that nothing is there yet and why (soft: every tab is reported). */
  const says: Record<string, (main: Locator) => Promise<void>> = {
    风险名单: async () => {
      await expect.soft(dash.getByTestId('at-risk-start')).toContainText('还没有读取学生名册');
      await expect.soft(dash.getByTestId('at-risk-start')).toContainText('学籍数据维护');
    },
    待办: (main) => expect.soft(main).toContainText('设置 → 本机使用者'),
    考勤: (main) => expect.soft(main).toContainText('请选择班级'),
    班级日报: async (main) => {
      // No class to report yet: not "各班考勤均已上报", which is true of no class at all.
      await expect.soft(main).not.toContainText('均已上报');
      await expect.soft(dash.getByTestId('not-reported')).toContainText('请在学籍系统中打开学籍数据维护');
    },
    重点生: (main) => expect.soft(main).toContainText('还没有重点生'),
    家访: (main) => expect.soft(main).toContainText('点学生那一行的“记录家访”'),
    台账与月报: (main) => expect.soft(main.locator('h2').first()).toContainText('月报'),
    图表: async () => {
      for (const name of ['tiers', 'absences', 'cases', 'quotas'])
        await expect.soft(dash.getByTestId(`chart-empty-${name}`)).toContainText('暂无数据');
    },
    最近变动: (main) => expect.soft(main).toContainText('学籍数据维护'),
    学生: (main) => expect.soft(main).toContainText('请在学籍系统中打开学籍数据维护'),
    学籍异动: (main) => expect.soft(main).toContainText('请在学籍系统中打开学籍数据维护'),
  };
  for (const [name, file] of TABS.slice(0, 11)) {
    const main = await visit(dash, name);
    await says[name]!(main);
    await shot(dash, `empty-${file}`);
    problems.push(...(await leaks(dash, `空白 ${name}`)));
  }
  await walkSettings(profile, 'empty', [], problems);
  expect(problems).toEqual([]);
});

test('the demo school: the overlay on the 学籍系统 (1.0 and 2.0), every tab with its rows, 设置 and a print, as a registrar sees them', async ({
  demo,
  profile,
}) => {
  test.setTimeout(360_000);
  const problems: string[] = [];
  const data = [demo.school.name, ...demo.school.students.flatMap((s) => [s.xm, s.bjmc])];

  // Baoxue opened once before the roll is read (最近变动 then lists the first reading), by the registrar.
  await setDeviceUser(profile, '李主任', 'registrar');
  const dash = await dashboard(profile);
  // The 1.0 学籍系统: the roll and the 学籍异动 read, a transfer's 手续清单 open from its badge.
  const host = await profile.context.newPage();
  await host.setViewportSize(VIEWPORT);
  await login(host, demo);
  for (const menu of ['学籍数据维护', '在办业务查询', '学籍异动申请']) {
    const tab = await openTab(host, menu);
    await expect(tab.locator('[data-baoxue-state="saved"]').first()).toBeVisible({ timeout: 30_000 });
  }
  const pending = demo.school.scenarios.pendingTransfer;
  const changes = host.frameLocator('iframe[title="学籍异动申请"]');
  await changes.locator(`baoxue-badge[data-baoxue-xjh="${pending.grbsm}"]`).first().click();
  await expect(changes.locator('[data-baoxue-checklist]')).toContainText('手续清单');
  await shot(host, 'overlay-1.0');

  // A child away: once a month ago, then for the last three school days (the 辍学学生情况报告表 dates the
  // current run, not the first absence).
  const child = demo.school.students[7]!;
  const days = lastSchoolDays(25);
  await markAbsent(dash, child, [days[0]!, ...days.slice(-3)], '王老师');
  await setDeviceUser(profile, '李主任', 'registrar');
  await dash.reload();
  // The guide is done with (this device only), so each screen is seen whole.
  const guide = dash.getByTestId('first-run-guide');
  await guide.getByLabel('学校名称').fill(demo.school.name);
  await guide.getByRole('button', { name: '保存' }).click();
  await expect(guide.locator('li[data-step="school"]')).toHaveAttribute('data-done', 'true');
  await guide.getByRole('button', { name: '先只在本机使用' }).click();
  await guide.getByRole('button', { name: '关闭向导' }).click();
  await visit(dash, '风险名单');
  const row = dash.getByTestId('at-risk').locator(`tr[data-xjh="${child.grbsm}"]`);
  await row.getByRole('button', { name: '开始劝返' }).click();
  const panel = dash.getByTestId('persuasion');
  await panel.getByRole('button', { name: '开始劝返' }).click();
  await expect(panel).toHaveAttribute('data-case', /.+/);
  const caseId = (await panel.getAttribute('data-case'))!;
  // A visit recorded, so 家访 has a row.
  await visit(dash, '风险名单');
  await row.getByRole('button', { name: '记录家访' }).click();
  const form = dash.getByTestId('visit-form');
  await form.getByLabel('家访原因').fill('连续三天未到校');
  await form.getByLabel('家长意见').fill('同意明天送孩子到校');
  await form.getByRole('button', { name: '保存家访记录' }).click();
  await expect(form).toHaveCount(0);

  // The print preview: the 辍学学生情况报告表 of the case (opening it is recorded: 访问记录 has a row).
  const report = await profile.context.newPage();
  await report.setViewportSize(VIEWPORT);
  await report.goto(
    `chrome-extension://${profile.extensionId}/notice.html?doc=report&student=${child.grbsm}&case=${encodeURIComponent(caseId)}`,
  );
  await expect(report.locator('main h1')).toHaveText('辍学学生情况报告表');
  await expect(report.locator('main')).toContainText(child.xm);
  await expect(report.locator('main')).toContainText(demo.school.name);
  await expect(report.locator('tr', { hasText: '未到校起始日期' })).toContainText(days.at(-3)!);
  await shot(report, 'print-dropout-report');
  problems.push(...(await leaks(report, '辍学学生情况报告表', data)));
  await report.getByRole('button', { name: '打印' }).evaluate((b) => {
    // window.print() blocks a headless page; the click's record is what 访问记录 lists.
    window.print = () => {};
    (b as HTMLButtonElement).click();
  });
  await report.close();

  /** What each tab shows for the demo school: its rows. */
  const rows: Record<string, () => Locator> = {
    风险名单: () => dash.getByTestId('at-risk').locator('tr[data-xjh]'),
    待办: () => dash.getByTestId('tasks').locator('tbody tr[data-kind]'),
    考勤: () => dash.getByTestId('roster').locator('tbody tr'),
    班级日报: () => dash.getByTestId('day-reports').locator('tbody tr'),
    重点生: () => dash.getByTestId('key-students').locator('tbody tr'),
    家访: () => dash.getByTestId('quotas').locator('tbody tr'),
    台账与月报: () => dash.getByTestId('monthly').locator('tbody tr'),
    图表: () => dash.locator('[data-chart] svg'),
    最近变动: () => dash.getByTestId('changes').locator('tbody tr'),
    学生: () => dash.getByTestId('students').locator('tbody tr'),
    学籍异动: () => dash.getByTestId('cases').locator('tbody tr'),
    教师班级: () => dash.getByText('请先在设置中连接学校服务器'),
    访问记录: () => dash.getByTestId('access-rows').locator('tbody tr'),
  };
  const offered = await dash.getByRole('tablist').getByRole('tab').allTextContents();
  expect(offered).toEqual(TABS.map(([n]) => n));
  for (const [name, file] of TABS) {
    await visit(dash, name);
    if (name === '考勤') await dash.getByLabel('班级').selectOption(child.bjmc);
    if (name === '重点生') {
      await dash.getByLabel('学生（姓名或学籍号）').fill(child.xm);
      await dash.getByLabel('原因（思想、学习或其他）').fill('学习困难，连续缺课');
      await dash.getByLabel('帮扶教师').fill('王老师');
      await dash.getByRole('button', { name: '设为重点生' }).click();
    }
    await expect.soft(rows[name]!().first(), `${name}: its rows`).toBeVisible({ timeout: 20_000 });
    await shot(dash, `demo-${file}`);
    problems.push(...(await leaks(dash, name, data)));
    if (name === '台账与月报') {
      // The 疑似辍学学生台账 too: the child away three days is on it.
      await dash.getByLabel('报表').selectOption({ label: '疑似辍学学生台账' });
      await expect(dash.getByTestId('ledger').locator('tbody tr', { hasText: child.xm })).toBeVisible();
      await shot(dash, 'demo-ledger-suspected');
      problems.push(...(await leaks(dash, '疑似辍学学生台账', data)));
    }
  }
  await walkSettings(profile, 'demo', data, problems);

  // The 2.0-style 学籍系统: its 学籍异动 list read, a case's panel open from its badge.
  if (!existsSync(`${V2_DIST}index.html`))
    execFileSync('npx', ['vite', 'build', '--config', 'demo/v2/vite.config.ts'], { stdio: 'inherit' });
  await host.goto(`${demo.url}/v2/changes`);
  await expect(host.locator('[data-baoxue-page="status-change-apply"]')).toHaveAttribute(
    'data-baoxue-state',
    'saved',
    {
      timeout: 30_000,
    },
  );
  const badge = host.locator('baoxue-badge').filter({ visible: true }).first();
  await badge.click();
  await expect(host.locator('[data-baoxue-panel]').last()).toBeVisible();
  await shot(host, 'overlay-2.0');
  problems.push(...(await leaks(host, '学籍系统 2.0', data)));
  expect(problems).toEqual([]);
});
