/**
 * Starts the demo 学籍系统 on 127.0.0.1 and opens Chromium with the built demo extension in a persistent
 * profile under .data/ (so what Baoxue stored is still there next time). Without a display it says so and
 * prints how to load the extension by hand. Ctrl+C stops everything.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startDemoServer } from '../demo/server';
import { createAuth } from '../server/auth';
import { ADMIN_VARIABLE, demoAdmin } from '../server/auth/admin';
import { startSchoolServer } from '../server/gateway';
import { setupSchool } from '../server/setup';
import { CHROMIUM, DEMO_EXTENSION, launchProfile } from '../tests/support/chromium';

const port = Number(process.env.DEMO_PORT ?? 8080);
const demo = await startDemoServer({ port }).catch(async (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EADDRINUSE') throw e;
  console.log(`port ${port} is busy; using a free port`);
  return startDemoServer();
});
const loginUrl = `${demo.url}/jsp/public/login.jsp`;

// The school's sync server, with the demo school and its staff (data kept under .data/couch). Its admin:
// BAOXUE_ADMIN if set, else a random password made once for this data folder (never a well-known one).
const couchDir = resolve('.data/couch');
const { admin, file: adminFile } = await demoAdmin(couchDir);
const couchPort = Number(process.env.COUCH_PORT ?? 5984);
const startCouch = (port?: number) => startSchoolServer({ dir: couchDir, port, admin, createAuth });
const couch = await startCouch(couchPort).catch(async (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EADDRINUSE') throw e;
  console.log(`port ${couchPort} is busy; the sync server uses a free port`);
  return startCouch();
});
const staff = [
  { name: '李主任', password: 'demo-registrar', role: 'registrar' as const },
  { name: '张校长', password: 'demo-leader', role: 'leader' as const },
  // A teacher reads only their classes (server/scope.ts): without any, none of the school.
  { name: '王老师', password: 'demo-teacher', role: 'teacher' as const, classes: ['七年级1班'] },
];
await setupSchool({ url: couch.url, school: 'demo', admin, staff });
console.log(`\n✔ sync server (CouchDB protocol): ${couch.url}  school code: demo`);
for (const s of staff) console.log(`  ${s.role.padEnd(9)} ${s.name} / ${s.password} (unless changed since)`);
console.log(
  adminFile
    ? `  server admin: ${admin.name}, password in ${adminFile} (readable by you only)`
    : `  server admin: ${admin.name}, password from ${ADMIN_VARIABLE}`,
);
console.log('  connect in Baoxue → 设置 → 同步服务器');
console.log(`\n✔ demo 学籍系统 (synthetic school, ${demo.school.students.length} students): ${loginUrl}`);
console.log('  log in with any user name and the password "demo"');
console.log(
  `✔ 2.0-style skin of the same school (single-page app, component-library tables): ${demo.url}/v2/`,
);

const headed = !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
if (headed && existsSync(CHROMIUM)) {
  const dir = resolve('.data/chromium-profile');
  await mkdir(dir, { recursive: true });
  const profile = await launchProfile({ dir, headless: false });
  const page = profile.context.pages()[0] ?? (await profile.context.newPage());
  await page.goto(loginUrl);
  console.log(
    `✔ Chromium opened with Baoxue; dashboard: chrome-extension://${profile.extensionId}/dashboard.html`,
  );
  profile.context.on('close', async () => {
    await demo.close();
    await couch.close();
    process.exit(0);
  });
} else {
  console.log(
    `\nNo display here${existsSync(CHROMIUM) ? '' : ` (and no Chromium at ${CHROMIUM})`}, so no browser was opened.`,
  );
  console.log('To try it on a machine with a display:');
  console.log(`  1. open chrome://extensions, turn on Developer mode, "Load unpacked" → ${DEMO_EXTENSION}`);
  console.log(`  2. open ${loginUrl}`);
  console.log('  3. click the Baoxue toolbar icon for the dashboard');
}
console.log('\nCtrl+C stops the demo.');
process.on('SIGINT', async () => {
  await demo.close();
  await couch.close();
  process.exit(0);
});
