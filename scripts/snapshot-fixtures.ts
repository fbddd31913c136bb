/**
 * Regenerates the committed HTML fixtures of the demo 学籍系统's pages, as rendered in Chromium (rows
 * loaded). Run by hand when the demo's markup changes: `npx tsx scripts/snapshot-fixtures.ts [file…]`
 * (only the named fixtures when files are given). Pages marked `json` also keep, beside the HTML, the
 * grid's JSON response and the page's grid config (its column model) as `<name>.json`.
 */
import { writeFile } from 'node:fs/promises';
import { startDemoServer } from '../demo/server';
import { launchProfile } from '../tests/support/chromium';

const OUT = 'lib/capture/pages/fixtures';
const PAGES: [string, string][] = [
  ['student-list.html', '/jsp/xsxx/xjsjwh.jsp'],
  ['student-list-renamed.html', '/jsp/xsxx/xjsjwh.jsp?variant=renamed'],
  ['student-list-nokey.html', '/jsp/xsxx/xjsjwh.jsp?variant=nokey'],
  ['status-change-apply.html', '/jsp/xjyd/xjydsq.jsp'],
  ['status-change-review.html', '/jsp/xjyd/xjydsh.jsp'],
  ['cross-province.html', '/jsp/kszx/kszxcx.jsp'],
  ['pending-business.html', '/jsp/zbyw/zbywcx.jsp'],
  ['cross-province-notype.html', '/jsp/kszx/kszxcx.jsp?variant=notype'],
  ['status-change-fieldnames.html', '/jsp/xjyd/xjydsq.jsp?variant=fieldnames'],
];
const WITH_JSON = new Set(['cross-province-notype.html', 'status-change-fieldnames.html']);
/**
 * The 2.0-style skin (`npm run build:demo` first): component-library tables, each with the JSON its page
 * fetched. The selector says when its rows are drawn.
 */
const V2_PAGES: [file: string, path: string, rows: string][] = [
  ['v2-student-list.html', '/v2/students', '.el-table__body tr.el-table__row'],
  ['v2-status-change.html', '/v2/changes', '.vxe-body--row'],
  ['v2-cross-province.html', '/v2/cross', '.vxe-body--row'],
  ['v2-overview.html', '/v2/overview', '.el-table-v2__row'],
];
const only = new Set(process.argv.slice(2));

const demo = await startDemoServer();
const profile = await launchProfile({ extension: false });
const page = await profile.context.newPage();
await page.goto(`${demo.url}/jsp/public/login.jsp`);
await page.click('#loginBtn');
for (const [file, path] of PAGES) {
  if (only.size && !only.has(file)) continue;
  const response = page.waitForResponse((r) => r.url().includes('/command/ajax/'));
  await page.goto(demo.url + path);
  await page.waitForSelector('.l-grid3-body .l-grid3-row');
  if (WITH_JSON.has(file)) {
    const r = await response;
    const L5_GRID = await page.evaluate(() => (window as unknown as { L5_GRID: unknown }).L5_GRID);
    const json = { url: new URL(r.url()).pathname + new URL(r.url()).search, text: await r.text(), L5_GRID };
    await writeFile(`${OUT}/${file.replace(/\.html$/, '.json')}`, `${JSON.stringify(json, null, 1)}\n`);
  }
  const html = await page.evaluate(() => {
    for (const s of document.querySelectorAll('script')) s.remove();
    return `<!DOCTYPE html>\n${document.documentElement.outerHTML}\n`;
  });
  await writeFile(`${OUT}/${file}`, html.replace(/content="[a-f0-9]{16}"/, 'content="fixture"'));
  console.log(`${OUT}/${file}`);
}
for (const [file, path, rows] of V2_PAGES) {
  if (only.size && !only.has(file)) continue;
  const response = page.waitForResponse((r) => r.url().includes('/v2/api/'));
  await page.goto(demo.url + path);
  await page.waitForSelector(rows);
  await page.waitForTimeout(500); // the fixed-column clones follow the main table
  const r = await response;
  const json = { url: new URL(r.url()).pathname + new URL(r.url()).search, text: await r.text() };
  await writeFile(`${OUT}/${file.replace(/\.html$/, '.json')}`, `${JSON.stringify(json, null, 1)}\n`);
  const html = await page.evaluate(() => {
    for (const s of document.querySelectorAll('script, link[rel="modulepreload"]')) s.remove();
    return `<!DOCTYPE html>\n${document.documentElement.outerHTML}\n`;
  });
  await writeFile(`${OUT}/${file}`, html);
  console.log(`${OUT}/${file}`);
}
// The 学籍卡 of the first student: a label–value form, not a grid.
if (only.size && !only.has('student-card.html')) {
  await profile.close();
  await demo.close();
  process.exit(0);
}
await page.goto(`${demo.url}/jsp/xjgl/xjkView.jsp?grbsm=${demo.school.students[0]!.grbsm}`);
await writeFile(
  `${OUT}/student-card.html`,
  `<!DOCTYPE html>\n${await page.evaluate(() => document.documentElement.outerHTML)}\n`,
);
console.log(`${OUT}/student-card.html`);
await profile.close();
await demo.close();
