/**
 * Issue 15, "what to build beyond the fixes": every list (学生, 风险名单, 待办, 家访, 最近变动, the 台账) sorts
 * by a header (班级 in school order), filters by grade and class, searches, and exports exactly what is on
 * screen, the school and the filter in its title; 考勤 records a run of days at once and offers its
 * template; a registrar ticks one document for several cases, or all of a case's missing ones, at once.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { compareGradeLabels } from '../../lib/grades';
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

async function readFirstPage(page: Page, demo: Parameters<typeof login>[1]) {
  await login(page, demo);
  const tab = await openTab(page, '学籍数据维护');
  await expect(tab.locator('[data-baoxue-page="student-list"]')).toHaveAttribute(
    'data-baoxue-state',
    'saved',
  );
}

/** 读取全部: the whole roll (every class), as a registrar reads it once. */
async function readWholeRoll(page: Page, demo: Parameters<typeof login>[1]) {
  await login(page, demo);
  await page.goto(`${demo.url}/jsp/xsxx/xjsjwh.jsp?pageSize=100`);
  const strip = page.locator('[data-baoxue-page="student-list"]');
  await strip.getByRole('button', { name: /读取全部/ }).click();
  await expect(strip.locator('[data-baoxue-capture-all]')).toHaveAttribute(
    'data-baoxue-capture-all',
    'done',
    {
      timeout: 30_000,
    },
  );
}

/** An exported cell as the screen writes it: a day as YYYY-MM-DD, a date-time as 2026年11月20日 07:30. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (!(v instanceof Date)) return cell.text;
  const day = v.toISOString().slice(0, 10);
  if (!String(cell.numFmt ?? '').includes('hh')) return day;
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日 ${v.toISOString().slice(11, 16)}`;
}

/** Clicks 导出当前列表 (or the ledger's 导出 xlsx) in `scope` and reads the file back: title, headers, rows. */
async function exported(dash: Page, scope: Locator) {
  const download = dash.waitForEvent('download');
  await scope.getByTestId('export-list').click();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(await (await download).path())) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const width = ws.getRow(2).cellCount;
  const rows: string[][] = [];
  ws.eachRow((row, n) => {
    if (n > 2) rows.push(Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1))));
  });
  return {
    title: String(ws.getCell('A1').value),
    headers: Array.from({ length: width }, (_, i) => ws.getRow(2).getCell(i + 1).text),
    rows,
    ws,
  };
}

/**
 * A table's rows as the reader sees them, one cell per column header (an actions cell left out): a
 * collapsed name list shows its summary, an 逾期 mark beside a due date is not part of the date.
 */
async function screenRows(table: Locator): Promise<string[][]> {
  const width = await table.locator('thead th[data-col]').count();
  return table.locator('tbody tr:not(.group)').evaluateAll(
    (rows, n) =>
      rows
        .filter((r) => r.querySelector('td'))
        .map((r) =>
          [...r.querySelectorAll(':scope > td')].slice(0, n).map((td) => {
            const summary = td.querySelector('summary');
            if (summary) return summary.textContent ?? '';
            const copy = td.cloneNode(true) as HTMLElement;
            for (const x of copy.querySelectorAll('.overdue-label')) x.remove();
            return copy.textContent ?? '';
          }),
        ),
    width,
  );
}

const headersOf = async (table: Locator) =>
  (await table.locator('thead th[data-col]').allTextContents()).map((h) => h.replace(/ [▲▼]$/, ''));

/** The text of one column of a table, by its header's key (data-col). */
async function column(table: Locator, key: string): Promise<string[]> {
  const keys = await table
    .locator('thead th[data-col]')
    .evaluateAll((ths) => ths.map((th) => th.dataset.col));
  const i = keys.indexOf(key);
  expect(i).toBeGreaterThanOrEqual(0);
  return (await screenRows(table)).map((r) => r[i]!);
}

const inSchoolOrder = (xs: string[]) => [...xs].sort((a, b) => compareGradeLabels(a, b));

const cells = (dash: Page, n: number) =>
  dash.getByTestId('students').locator(`tbody tr td:nth-child(${n})`).allTextContents();

test('学生: sort by 班级 in school order, filter a class, search a name, export exactly the rows shown', async ({
  demo,
  profile,
}) => {
  const page = await profile.context.newPage();
  await readWholeRoll(page, demo);
  const read = demo.school.students;
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '学生' }).click();
  await expect(dash.getByTestId('student-count')).toContainText(`共 ${read.length} 条`);

  // Sorted by name first, then by 班级: school order (三年级 before 七年级, 2班 before 10班), not character code.
  await dash.getByRole('button', { name: '姓名' }).click();
  await dash.getByRole('button', { name: /^班级/ }).click();
  await expect(dash.locator('th[data-col="class"]')).toHaveAttribute('aria-sort', 'ascending');
  const classes = await cells(dash, 6);
  expect(classes).toHaveLength(read.length);
  expect(new Set(classes).size).toBeGreaterThan(9); // 一年级 … 九年级: character order would differ
  expect(classes).toEqual([...classes].sort((a, b) => compareGradeLabels(a, b)));
  await dash.getByRole('button', { name: /^班级/ }).click();
  await expect(dash.locator('th[data-col="class"]')).toHaveAttribute('aria-sort', 'descending');
  expect(await cells(dash, 6)).toEqual([...classes].reverse().sort((a, b) => compareGradeLabels(b, a)));

  // A class: only its children.
  const child = read.find((s) => s.bjmc === '三年级2班') ?? read[100]!;
  const inClass = read.filter((s) => s.bjmc === child.bjmc);
  await dash.getByLabel('班级', { exact: true }).selectOption(child.bjmc);
  await expect(dash.getByTestId('students').locator('tbody tr')).toHaveCount(inClass.length);
  expect(new Set(await cells(dash, 6))).toEqual(new Set([child.bjmc]));

  // A name, within that class.
  await dash.getByRole('searchbox').fill(child.xm);
  const named = inClass.filter((s) => s.xm.includes(child.xm));
  await expect(dash.getByTestId('students').locator('tbody tr')).toHaveCount(named.length);
  await expect(dash.getByTestId('students').locator(`tr[data-id="${child.grbsm}"]`)).toBeVisible();

  // 导出当前列表: the same rows, the same columns, in the same order.
  const screen = await dash
    .getByTestId('students')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  const headers = await dash.getByTestId('students').locator('thead th').allTextContents();
  const download = dash.waitForEvent('download');
  await dash.getByRole('button', { name: '导出当前列表' }).click();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(await (await download).path())) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  expect(String(ws.getCell('A1').value)).toContain('学生名单');
  const rows: string[][] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push(headers.map((_, i) => cellText(row.getCell(i + 1))));
  });
  expect(rows[0]).toEqual(headers.map((h) => h.replace(/ [▲▼]$/, '')));
  // The filter in force is stated in the title; 出生日期 is a date in the file, not text.
  expect(String(ws.getCell('A1').value)).toContain(`筛选：${child.bjmc} · 搜索“${child.xm}”`);
  expect(ws.getCell('D3').value).toBeInstanceOf(Date);
  expect(rows.slice(1)).toEqual(screen);
  await expect(dash.getByTestId('export-list-message')).toContainText(`已导出 ${screen.length} 行`);

  // The message speaks of the rows exported: once the list changes (a sort, a search) it goes.
  await dash.getByRole('button', { name: /^姓名/ }).click();
  await expect(dash.getByTestId('export-list-message')).toHaveCount(0);
  await dash.getByRole('button', { name: '导出当前列表' }).click();
  await expect(dash.getByTestId('export-list-message')).toContainText(`已导出 ${screen.length} 行`);
  // A search that matches nothing: the table says so, the message goes, and there is nothing to export.
  await dash.getByRole('searchbox').fill('查无此人zz');
  await expect(dash.getByTestId('student-count')).toContainText('显示 0 条');
  await expect(dash.getByTestId('export-list-message')).toHaveCount(0);
  await expect(dash.getByTestId('students').getByTestId('list-no-match')).toHaveText('没有符合条件的记录');
  const exportButton = dash.getByRole('button', { name: '导出当前列表' });
  await expect(exportButton).toBeDisabled();
  await expect(exportButton).toHaveAttribute('title', '列表中没有记录，无可导出');
});

test('考勤: three school days of absence from one entry, and the template imports', async ({
  demo,
  profile,
}) => {
  const page = await profile.context.newPage();
  await readFirstPage(page, demo);
  const child = demo.school.students[5]!;
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await setDeviceUser({ context: profile.context, extensionId: profile.extensionId }, '王老师');
  await dash.getByRole('tab', { name: '考勤' }).click();
  await dash.getByLabel('班级').selectOption(child.bjmc);

  const days = lastSchoolDays(3);
  const range = dash.getByTestId('absence-range');
  await range.getByLabel('学生').selectOption(child.grbsm);
  await expect(range).toContainText('该生没有登记缺勤');
  await range.getByLabel('从', { exact: true }).fill(days[0]!);
  await range.getByLabel('至', { exact: true }).fill(days[2]!);
  await range.getByRole('button', { name: '登记这几天' }).click();
  await expect(dash.getByTestId('absence-range-message')).toContainText('3 个上学日');
  const listed = range.getByTestId('child-absences').locator('tbody tr');
  await expect(listed).toHaveCount(3);
  expect(await listed.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-date')))).toEqual(
    [...days].reverse(),
  );
  await expect(listed.first()).toContainText('缺课');

  // The template: the importer's headers and an example line; filled in with a real child, it imports.
  const download = dash.waitForEvent('download');
  await dash.getByTestId('absence-template').click();
  const file = await (await download).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
    '学籍号',
    '姓名',
    '日期',
    '时段',
    '类型',
    '原因',
  ]);
  expect(ws.getRow(2).getCell(4).text).toBe('全天');
  ws.getCell('A2').value = child.grbsm;
  ws.getCell('B2').value = child.xm;
  ws.getCell('C2').value = days[2]!;
  ws.getCell('D2').value = '上午';
  ws.getCell('E2').value = '事假';
  const filled = `${file}-filled.xlsx`;
  await writeFile(filled, Buffer.from(await wb.xlsx.writeBuffer()));
  await dash.getByTestId('absence-import').setInputFiles(filled);
  await expect(dash.getByTestId('attendance-message')).toContainText('已导入 1 条缺勤记录');
  await expect(listed.first()).toContainText('请假');
});

/** Three children away two school days in classes of two grades: the 风险名单 and 待办 have rows to sort. */
function threeChildren(demo: Parameters<typeof login>[1]) {
  const students = demo.school.students;
  const seven = students.filter((s) => s.njmc === '七年级');
  const b = seven[0]!;
  const c = seven.find((s) => s.bjmc !== b.bjmc)!;
  const a = students.find((s) => s.njmc === '三年级')!;
  return [a, b, c] as const;
}

test('风险名单, 家访 and 待办: sort by a header, filter by grade and class, search a name, export what is shown', async ({
  demo,
  profile,
}) => {
  test.setTimeout(180_000);
  const page = await profile.context.newPage();
  await readWholeRoll(page, demo);
  const [a, b, c] = threeChildren(demo);
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  for (const kid of [a, b, c]) await markAbsent(dash, kid, lastSchoolDays(2));

  // 风险名单: sorted by 班级 in school order (三年级 before 七年级), then one grade, one class, one name.
  await dash.getByRole('tab', { name: '风险名单' }).click();
  const risk = dash.getByTestId('at-risk');
  await expect(risk.locator('tbody tr')).toHaveCount(3);
  await risk.locator('th[data-col="class"]').getByRole('button').click();
  await expect(risk.locator('th[data-col="class"]')).toHaveAttribute('aria-sort', 'ascending');
  const classes = await column(risk, 'class');
  expect(classes).toEqual(inSchoolOrder([a.bjmc, b.bjmc, c.bjmc]));
  await risk.locator('th[data-col="class"]').getByRole('button').click();
  expect(await column(risk, 'class')).toEqual([...classes].reverse());
  await dash.getByLabel('年级', { exact: true }).selectOption('七年级');
  await expect(risk.locator('tbody tr')).toHaveCount(2);
  await dash.getByLabel('班级', { exact: true }).selectOption(c.bjmc);
  await expect(risk.locator('tbody tr')).toHaveCount(1);
  await dash.getByLabel('班级', { exact: true }).selectOption('');
  await dash.getByRole('searchbox').fill(b.xm);
  await expect(risk.locator('tbody tr')).toHaveCount(1);
  await expect(risk.locator(`tr[data-xjh="${b.grbsm}"]`)).toBeVisible();
  let file = await exported(dash, dash.locator('section'));
  expect(file.title).toContain('风险名单');
  expect(file.title).toContain(`筛选：七年级 · 搜索“${b.xm}”`);
  expect(file.headers).toEqual(await headersOf(risk));
  expect(file.rows).toEqual(await screenRows(risk));
  expect(file.rows).toHaveLength(1);

  // 家访 for two of them, from the 风险名单.
  await dash.reload();
  await dash.getByRole('tab', { name: '风险名单' }).click();
  for (const kid of [a, c]) {
    await risk.locator(`tr[data-xjh="${kid.grbsm}"]`).getByRole('button', { name: '记录家访' }).click();
    const form = dash.getByTestId('visit-form');
    await form.getByLabel('家长意见').fill(`${kid.xm}家长同意明天送孩子到校`);
    await form.getByRole('button', { name: '保存家访记录' }).click();
    await expect(form).toHaveCount(0);
  }
  await dash.getByRole('tab', { name: '家访' }).click();
  const visits = dash.getByTestId('visits').locator('li');
  await expect(visits).toHaveCount(2);
  await dash.getByTestId('sort-buttons').getByRole('button', { name: '班级' }).click();
  await expect(visits.first()).toHaveAttribute('data-student', a.grbsm); // 三年级 before 七年级
  await dash.getByTestId('sort-buttons').getByRole('button', { name: /班级/ }).click();
  await expect(visits.first()).toHaveAttribute('data-student', c.grbsm);
  await dash.getByLabel('年级', { exact: true }).selectOption('三年级');
  await expect(visits).toHaveCount(1);
  await dash.getByLabel('年级', { exact: true }).selectOption('');
  await dash.getByLabel('班级', { exact: true }).selectOption(c.bjmc);
  await expect(visits).toHaveCount(1);
  await dash.getByLabel('班级', { exact: true }).selectOption('');
  await dash.getByRole('searchbox').fill(a.xm);
  await expect(visits).toHaveCount(1);
  await dash.getByRole('searchbox').fill('');
  await expect(visits).toHaveCount(2);
  file = await exported(dash, dash.locator('section'));
  expect(file.title).toContain('家访记录');
  expect(file.headers).toEqual(['日期', '时间', '姓名', '班级', '方式', '记录人', '情况']);
  const shown = await visits.evaluateAll((lis) => lis.map((li) => li.textContent ?? ''));
  expect(file.rows).toHaveLength(shown.length);
  file.rows.forEach((r, i) => {
    expect(shown[i]).toContain(r[0]!);
    expect(shown[i]).toContain(`${r[2]}（${r[3]}）`);
    expect(shown[i]).toContain(r[6]!);
  });
  expect(file.rows.map((r) => r[2])).toEqual([c.xm, a.xm]);

  // 待办: by 期限, then one grade, one class, one name; the export is the rows shown.
  await dash.getByRole('tab', { name: '待办' }).click();
  const tasks = dash.getByTestId('tasks');
  await expect(tasks.locator('tbody tr[data-kind]').first()).toBeVisible();
  const all = await tasks.locator('tbody tr[data-kind]').count();
  expect(all).toBeGreaterThan(3);
  await tasks.locator('th[data-col="due"]').getByRole('button').click();
  const due = await column(tasks, 'due');
  expect(due).toEqual([...due].sort());
  await tasks.locator('th[data-col="task"]').getByRole('button').click();
  await dash.getByLabel('年级', { exact: true }).selectOption('七年级');
  const seventh = await column(tasks, 'class');
  expect(seventh.length).toBeGreaterThan(0);
  expect(seventh.every((x) => x.startsWith('七年级'))).toBe(true);
  await dash.getByLabel('班级', { exact: true }).selectOption(b.bjmc);
  expect(new Set(await column(tasks, 'class'))).toEqual(new Set([b.bjmc]));
  await dash.getByLabel('班级', { exact: true }).selectOption('');
  await dash.getByRole('searchbox').fill(c.xm);
  const named = await column(tasks, 'task');
  expect(named.length).toBeGreaterThan(0);
  expect(named.every((x) => x.includes(c.xm))).toBe(true);
  // Two groups on screen: each has its heading (我的待办 too, not only 全校其他待办).
  const mineShown = await tasks.locator('tbody[data-group="mine"] tr[data-kind]').count();
  const othersShown = await tasks.locator('tbody[data-group="others"] tr[data-kind]').count();
  if (mineShown && othersShown)
    await expect(tasks.getByTestId('tasks-mine-title')).toHaveText(`我的待办（${mineShown} 项）`);
  file = await exported(dash, dash.locator('section'));
  expect(file.title).toContain('待办');
  expect(file.title).toContain(`搜索“${c.xm}”`);
  // The file marks the split with a 分组 column in front; its rows are still exactly the screen's.
  const grouped = file.headers[0] === '分组';
  const rest = (r: string[]) => (grouped ? r.slice(1) : r);
  expect(rest(file.headers)).toEqual(await headersOf(tasks));
  expect(file.rows.map(rest)).toEqual(await screenRows(tasks));
  if (grouped)
    expect(file.rows.map((r) => r[0])).toEqual([
      ...Array(mineShown).fill('我的待办'),
      ...Array(othersShown).fill('全校其他待办'),
    ]);
  const dueCol = file.headers.indexOf('期限');
  expect(file.ws.getRow(3).getCell(dueCol + 1).value).toBeInstanceOf(Date);
});

test('最近变动 and the 学籍异动台账: sort by a header, filter by grade and class, search a name, export what is shown', async ({
  demo,
  profile,
}) => {
  test.setTimeout(120_000);
  const page = await profile.context.newPage();
  await readWholeRoll(page, demo);
  await login(page, demo);
  await expect((await openTab(page, '学籍异动申请')).locator('[data-baoxue-state="saved"]')).toBeVisible();
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));

  // 最近变动: the first reading stays one line; each new case a line of its own.
  await dash.getByRole('tab', { name: '最近变动' }).click();
  const changes = dash.getByTestId('changes');
  await expect(changes.locator('tr[data-kind="reading"]')).toHaveCount(1);
  const lines = await changes.locator('tbody tr').count();
  expect(lines).toBeGreaterThan(5);
  await changes.locator('th[data-col="class"]').getByRole('button').click();
  const classes = (await column(changes, 'class')).filter(Boolean);
  expect(classes).toEqual(inSchoolOrder(classes));
  await changes.locator('th[data-col="when"]').getByRole('button').click();
  const oneCase = demo.school.cases.find((x) => x.njmc === '七年级') ?? demo.school.cases[0]!;
  await dash.getByLabel('年级', { exact: true }).selectOption(oneCase.njmc);
  // A grade's new students are still one reading; every other line is about that grade.
  await expect(changes.locator('tr[data-kind="reading"]')).toHaveCount(1);
  expect((await column(changes, 'class')).filter(Boolean).every((x) => x.startsWith(oneCase.njmc))).toBe(
    true,
  );
  await dash.getByLabel('班级', { exact: true }).selectOption(oneCase.bjmc);
  expect(new Set((await column(changes, 'class')).filter(Boolean))).toEqual(new Set([oneCase.bjmc]));
  await dash.getByRole('searchbox').fill(oneCase.xm);
  const found = await changes.locator('tbody tr').count();
  expect(found).toBeGreaterThan(0);
  expect(found).toBeLessThan(lines);
  await expect(changes.locator('tbody tr', { hasText: oneCase.xm }).first()).toBeVisible();
  let file = await exported(dash, dash.locator('section'));
  expect(file.title).toContain('最近变动');
  expect(file.title).toContain(`筛选：${oneCase.njmc} · ${oneCase.bjmc} · 搜索“${oneCase.xm}”`);
  expect(file.headers).toEqual(await headersOf(changes));
  expect(file.rows).toEqual(await screenRows(changes));
  expect(file.ws.getCell('A3').value).toBeInstanceOf(Date);

  // The 学籍异动台账: by 申请日期, one grade and class (the ledger's own filters), a name.
  await dash.getByRole('tab', { name: '台账与月报' }).click();
  await dash.getByLabel('报表').selectOption({ label: '学籍异动台账' });
  const ledger = dash.getByTestId('ledger');
  await expect(ledger.locator('tbody tr').first()).toBeVisible();
  const all = await ledger.locator('tbody tr').count();
  expect(all).toBeGreaterThan(3);
  await ledger.locator('th[data-col="applied"]').getByRole('button').click();
  const applied = await column(ledger, 'applied');
  expect(applied).toEqual([...applied].sort());
  await ledger.locator('th[data-col="className"]').getByRole('button').click();
  const ledgerClasses = await column(ledger, 'className');
  expect(ledgerClasses).toEqual(inSchoolOrder(ledgerClasses));
  // A case the ledger lists (this semester's), by the ledger's own 年级 and 班级 (a label wrapping its select).
  const listed = demo.school.cases.find((x) => x.bjmc === ledgerClasses[ledgerClasses.length - 1])!;
  await dash.locator('label', { hasText: /^年级/ }).locator('select').selectOption(listed.njmc);
  await dash.locator('label', { hasText: /^班级/ }).locator('select').selectOption(listed.bjmc);
  await expect.poll(async () => new Set(await column(ledger, 'className'))).toEqual(new Set([listed.bjmc]));
  await dash.getByRole('searchbox').fill(listed.xm);
  await expect.poll(async () => new Set(await column(ledger, 'name'))).toEqual(new Set([listed.xm]));
  file = await exported(dash, dash.locator('section'));
  expect(file.title).toContain('学籍异动台账');
  expect(file.title).toContain(`${listed.njmc} · ${listed.bjmc} · 搜索“${listed.xm}”`);
  expect(file.headers).toEqual(await headersOf(ledger));
  expect(file.rows).toEqual(await screenRows(ledger));
  expect(file.ws.getCell('A3').value).toBe(listed.grbsm); // 学籍号 as text
});

test('批量登记: one document received for three cases at once, and all missing documents of a case, kept after a reload', async ({
  demo,
  profile,
}) => {
  const page = await profile.context.newPage();
  await login(page, demo);
  await expect((await openTab(page, '学籍异动申请')).locator('[data-baoxue-state="saved"]')).toBeVisible();
  await setDeviceUser(profile, '李主任', 'registrar');
  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '学籍异动' }).click();
  const pending = demo.school.scenarios.pendingTransfer;
  const row = (id: string) => dash.getByTestId('cases').locator(`tr[data-id="${id}"]`);
  const first = await dash.locator(`tr[data-id^="${pending.grbsm}|转出"]`).getAttribute('data-id');
  await row(first!).click();
  const bulk = dash.getByTestId('bulk-tick');
  await bulk.locator('summary').click();
  await bulk.getByLabel('材料').selectOption({ label: '监护人书面申请' });
  const offered = bulk.getByTestId('bulk-cases').locator('li');
  expect(await offered.count()).toBeGreaterThanOrEqual(2);
  const others = (await offered.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-case')!))).slice(
    0,
    2,
  );
  // None ticked yet: the button says it is for this case only (not "…及选中的 0 个案件").
  await expect(bulk.getByTestId('bulk-tick-selected')).toHaveText('只为本案登记“已收到”');
  for (const id of others) await bulk.locator(`li[data-case="${id}"]`).getByRole('checkbox').check();
  await bulk.getByRole('button', { name: '为本案及选中的 2 个案件登记“已收到”' }).click();
  await expect(bulk.getByTestId('bulk-message')).toHaveText('已登记 3 项');

  const three = [first!, ...others];
  const received = async (id: string) => {
    if ((await dash.locator(`[data-baoxue-checklist="${id}"]`).count()) === 0) await row(id).click();
    const item = dash.locator(`[data-baoxue-checklist="${id}"] li[data-doc="application"]`);
    await expect(item).toHaveClass('ok');
    await expect(item).toContainText('李主任');
  };
  for (const id of three) await received(id);
  await dash.reload();
  await dash.getByRole('tab', { name: '学籍异动' }).click();
  for (const id of three) await received(id);

  // All the missing documents of the first case at once: its list is complete, after a reload too.
  if ((await dash.locator(`[data-baoxue-checklist="${first}"]`).count()) === 0) await row(first!).click();
  const list = dash.locator(`[data-baoxue-checklist="${first}"]`);
  await list.getByTestId('bulk-tick').locator('summary').click();
  await list.getByTestId('bulk-all-missing').click();
  await expect(list.getByTestId('bulk-message')).toHaveText(/^已登记 \d+ 项$/);
  await expect(row(first!).getByTestId('paperwork')).toHaveText(/已齐全/);
  await dash.reload();
  await dash.getByRole('tab', { name: '学籍异动' }).click();
  await expect(row(first!).getByTestId('paperwork')).toHaveText(/已齐全/);
});
