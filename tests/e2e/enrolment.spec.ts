/**
 * The 适龄儿童台账 (篇一, 篇五; MOE 2024) and the daily class report "不过夜" (篇二 §二.2), in the built
 * extension against the demo 学籍系统: a village list imported (GBK CSV, as Excel saves it on Chinese
 * Windows) shows the child not on the roll as 适龄未入学; a list with a bad row is refused, the row named and
 * nothing imported; a teacher's "考勤已报" takes the class off the school's list of classes not reported.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { DemoServer } from '../../demo/server';
import { schoolYearOf } from '../../lib/enrolment/schoolAge';
import { checkCitizenId, citizenIdCheckChar } from '../../lib/identifiers';
import { todayString } from '../../lib/time/day';
import { dashboardUrl, expect, lastSchoolDays, login, openTab, setDeviceUser, test } from './fixtures';

async function captureStudentList(page: Page, demo: DemoServer) {
  await login(page, demo);
  const tab = await openTab(page, '学籍数据维护');
  await expect(tab.locator('[data-baoxue-state="saved"]')).toBeVisible();
}

const iso = (csrq: string) => `${csrq.slice(0, 4)}-${csrq.slice(4, 6)}-${csrq.slice(6, 8)}`;

test('a 适龄儿童 list from the village: the child not on the roll is 适龄未入学; a list with a bad row is refused whole, the row named', async ({
  demo,
  profile,
}) => {
  const page = await profile.context.newPage();
  await captureStudentList(page, demo);
  // Two children of the roll's first page: one named by 身份证号, one (no number) by name and birth date.
  const firstPage = demo.school.students.slice(0, 20);
  const byId = firstPage.find((s) => s.sfzjh && checkCitizenId(s.sfzjh).problems.length === 0)!;
  const byName = firstPage.find((s) => s !== byId)!;
  // A synthetic child, 7 on this school year's 8月31日, on no roll.
  const birth = `${schoolYearOf(todayString()) - 7}-03-15`;
  const id17 = `370304${birth.replace(/-/g, '')}246`;
  const missing = { name: '赵小满', id: id17 + citizenIdCheckChar(id17) };
  const header = '姓名,身份证号,出生日期,户籍地,监护人,联系电话,备注';
  const good = [
    `${byId.xm},${byId.sfzjh},,后峪村,${byId.xm}家长,13900000001,`,
    `${byName.xm},,${iso(byName.csrq)},后峪村,,,`,
    `${missing.name},${missing.id},,前峪村,赵大勇,13900000003,父母在外务工`,
  ];
  const wrong = `${missing.id.slice(0, 17)}${missing.id[17] === '1' ? '2' : '1'}`;
  // ASCII file names: Playwright's setInputFiles did not deliver a file named in Chinese here.
  const dir = await mkdtemp(join(tmpdir(), 'baoxue-enrol-'));
  const bad = join(dir, 'children-bad.csv');
  await writeFile(
    bad,
    iconv.encode([header, good[0], `${missing.name},${wrong},,前峪村,,,`, ''].join('\r\n'), 'gbk'),
  );
  const list = join(dir, 'children.csv');
  await writeFile(list, iconv.encode([header, ...good, ''].join('\r\n'), 'gbk'));

  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '台账与月报' }).click();
  await dash.getByLabel('报表').selectOption({ label: '适龄儿童台账' });
  const ledger = dash.getByTestId('children-ledger');

  await dash.getByTestId('children-import').setInputFiles(bad);
  await expect(dash.getByTestId('children-import-errors')).toHaveText(
    `第 3 行：${missing.name} 的身份证号“${wrong}”校验位不对，可能抄错了一位，请核对户口本`,
  );
  await expect(dash.getByTestId('children-message')).toContainText('未导入任何儿童');
  await expect(ledger.locator('tbody tr')).toHaveCount(0);

  await dash.getByTestId('children-import').setInputFiles(list);
  await expect(dash.getByTestId('children-message')).toHaveText('已导入 3 名儿童（新增 3 名）。');
  await expect(dash.getByTestId('children-import-errors')).toHaveCount(0);
  const row = (name: string) => ledger.locator(`tr[data-child="${name}"]`);
  await expect(row(missing.name)).toHaveAttribute('data-status', 'not-enrolled');
  await expect(row(missing.name)).toContainText('适龄未入学');
  await expect(row(byId.xm)).toHaveAttribute('data-status', 'enrolled');
  await expect(row(byId.xm)).toContainText(byId.bjmc);
  await expect(row(byName.xm)).toHaveAttribute('data-status', 'enrolled');
  const counts = dash.getByTestId('enrol-counts');
  await expect(counts.locator('[data-count="not-enrolled"]')).toContainText('适龄未入学 1 人');
  await expect(counts.locator('[data-count="enrolled"]')).toContainText('已在本校就读 2 人');
  // The definition stands beside the count.
  await expect(counts.locator('[data-count="not-enrolled"]')).toContainText('不在本校在校生名册中');

  // The xlsx: a title with the school and the date, the ID as text, the same rows.
  const download = dash.waitForEvent('download');
  await dash.getByTestId('children').getByRole('button', { name: '导出 xlsx' }).click();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(await (await download).path())) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  expect(String(ws.getCell('A1').value)).toContain('适龄儿童台账');
  expect(String(ws.getCell('A1').value)).toContain(todayString());
  expect(ws.getRow(2).getCell(1).value).toBe('姓名');
  const sheetRow = [3, 4, 5].map((n) => ws.getRow(n)).find((r) => r.getCell(1).value === missing.name)!;
  expect(sheetRow.getCell(2).value).toBe(missing.id);
  expect(String(sheetRow.getCell(8).value)).toBe('适龄未入学');

  // Issue 15: sort by a header, filter by 户籍地/村, search by 身份证号; the xlsx holds exactly the rows on
  // screen, in the screen's order, with the filters in its title row.
  const section = dash.getByTestId('children');
  const screenRows = () =>
    ledger
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, -1).map((td) => td.textContent ?? '')),
      );
  async function exported(): Promise<{ title: string; rows: string[][] }> {
    const file = dash.waitForEvent('download');
    await section.getByRole('button', { name: '导出 xlsx' }).click();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(await (await file).path())) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows: string[][] = [];
    // Row 1 the title, row 2 the headers, the last row the counts' definition.
    for (let n = 3; n < sheet.rowCount; n++) {
      const r = sheet.getRow(n);
      rows.push(Array.from({ length: 10 }, (_, i) => String(r.getCell(i + 1).value ?? '')));
    }
    expect(String(sheet.getRow(sheet.rowCount).getCell(1).value)).toContain('适龄');
    return { title: String(sheet.getCell('A1').value), rows };
  }
  const nameHeader = ledger.locator('th[data-col="name"] button');
  await nameHeader.click();
  await nameHeader.click();
  await expect(ledger.locator('th[data-col="name"]')).toHaveAttribute('aria-sort', 'descending');
  const desc = [byId.xm, byName.xm, missing.name].sort((a, b) => b.localeCompare(a, 'zh-CN'));
  expect((await screenRows()).map((r) => r[0])).toEqual(desc);
  await section.getByLabel('户籍地/村', { exact: true }).selectOption('后峪村');
  await expect(ledger.locator('tbody tr')).toHaveCount(2);
  await expect(section.getByTestId('children-count')).toContainText('2');
  const onScreen = await screenRows();
  expect(onScreen.map((r) => r[0])).toEqual(desc.filter((n) => n !== missing.name));
  const filtered = await exported();
  expect(filtered.rows).toEqual(onScreen);
  expect(filtered.title).toContain('筛选：后峪村');
  await section.getByRole('searchbox').fill(byId.sfzjh!);
  await expect(ledger.locator('tbody tr')).toHaveCount(1);
  await expect(row(byId.xm)).toBeVisible();
  const searched = await exported();
  expect(searched.rows).toEqual(await screenRows());
  expect(searched.title).toContain(`筛选：后峪村 · 搜索“${byId.sfzjh}”`);
  await section.getByRole('searchbox').fill('');
  await section.getByLabel('户籍地/村', { exact: true }).selectOption('');
  await expect(ledger.locator('tbody tr')).toHaveCount(3);

  // The registrar learns the child is at school where the parents work: recorded, no longer 未入学.
  await row(missing.name).getByLabel('去向').selectOption({ label: '随迁（随父母在外地就读）' });
  await expect(row(missing.name)).toHaveAttribute('data-status', 'elsewhere');
  await expect(counts.locator('[data-count="not-enrolled"]')).toContainText('适龄未入学 0 人');

  // The list is the registrar's to delete from this device.
  dash.once('dialog', (d) => void d.accept());
  await dash.getByRole('button', { name: '删除名单' }).click();
  await expect(dash.getByTestId('children-message')).toHaveText('已从本机删除 3 名儿童的信息。');
  await expect(ledger.locator('tbody tr')).toHaveCount(0);
});

test('a teacher’s 考勤已报 closes the class’s day: the school’s 班级日报 no longer lists the class, and shows its absences', async ({
  demo,
  profile,
}) => {
  const page = await profile.context.newPage();
  await captureStudentList(page, demo);
  const child = demo.school.students[3]!;
  const [day] = lastSchoolDays(1) as [string];

  const dash = await profile.context.newPage();
  await dash.goto(dashboardUrl(profile));
  await dash.getByRole('tab', { name: '班级日报' }).click();
  await dash.getByLabel('日期').fill(day);
  const classRow = dash.getByTestId('day-reports').locator(`tr[data-class="${child.bjmc}"]`);
  await expect(classRow).toHaveAttribute('data-reported', 'no');
  await expect(dash.getByTestId('not-reported')).toContainText(child.bjmc);

  await dash.getByRole('tab', { name: '考勤', exact: true }).click();
  await dash.getByLabel('班级').selectOption(child.bjmc);
  await setDeviceUser(profile, '王老师');
  await dash.getByLabel('日期').fill(day);
  const roster = dash.getByTestId('roster').locator(`tr[data-id="${child.grbsm}"]`);
  await roster.getByRole('button', { name: '上午缺课' }).click();
  await expect(roster).toHaveAttribute('data-am', 'unexcused');
  const report = dash.getByTestId('day-report');
  await expect(report).toHaveAttribute('data-reported', 'no');
  await report.getByRole('button', { name: /考勤已报/ }).click();
  await expect(report).toHaveAttribute('data-reported', 'yes');
  await expect(report).toContainText('王老师');

  await dash.getByRole('tab', { name: '班级日报' }).click();
  await dash.getByLabel('日期').fill(day);
  await expect(classRow).toHaveAttribute('data-reported', 'yes');
  await expect(classRow).toContainText('王老师');
  await expect(classRow).toContainText(`${child.xm}（上午缺课）`);
  await expect(dash.getByTestId('not-reported')).not.toContainText(child.bjmc);
});
