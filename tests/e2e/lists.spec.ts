/**
 * Issue 15, "what to build beyond the fixes": the 学生 list sorts by a header (班级 in school order), filters
 * by class, searches, and exports exactly what is on screen; 考勤 records a run of days at once and offers
 * its template.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { compareGradeLabels } from '../../lib/grades';
import { dashboardUrl, expect, lastSchoolDays, login, openTab, setDeviceUser, test } from './fixtures';

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
    if (n > 1) rows.push(headers.map((_, i) => row.getCell(i + 1).text));
  });
  expect(rows[0]).toEqual(headers.map((h) => h.replace(/ [▲▼]$/, '')));
  expect(rows.slice(1)).toEqual(screen);
  await expect(dash.getByTestId('export-list-message')).toContainText(`已导出 ${screen.length} 行`);
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
