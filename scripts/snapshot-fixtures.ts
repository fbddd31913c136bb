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
