#!/usr/bin/env node
// `npm start`: installs what is missing, builds the demo extension, starts the demo 学籍系统 and the sync
// server on 127.0.0.1, and opens Chromium with the extension. Plain Node on purpose:
// it must run before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { supervise } from './supervise.mjs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
};

// A checkout that gained dependencies since its last install (the 2.0 skin's vue and vxe-table) installs again.
if (!existsSync('node_modules/.bin/wxt') || !existsSync('node_modules/vxe-table')) {
  console.log('▶ installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without a CJK font Chromium prints Chinese as boxes (the 返校通知书, the ledgers): install one when root.
if (!existsSync('/usr/share/fonts/opentype/noto') && process.getuid?.() === 0) {
  console.log('▶ installing a CJK font (fonts-noto-cjk)…');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'fonts-noto-cjk']);
}
if (!existsSync(chromium)) {
  if (process.getuid?.() === 0) {
    console.log('▶ installing Debian Chromium (apt-get)…');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium', 'chromium-l10n']);
  } else {
    console.log(
      `Chromium not found at ${chromium}. Install it with: sudo apt-get install chromium chromium-l10n`,
    );
  }
}
console.log('▶ building the demo extension…');
run('npx', ['wxt', 'build', '--mode', 'demo']);
console.log('▶ building the 2.0-style demo skin (Vue, Element Plus, vxe-table)…');
run('npx', ['vite', 'build', '--config', 'demo/v2/vite.config.ts']);
// The demo, the sync server and Chromium run as one process group that Ctrl+C stops entirely
// (scripts/supervise.mjs; tested by `node --test scripts/`).
process.exit(await supervise('npx', ['tsx', 'scripts/run-demo.ts', ...process.argv.slice(2)]));
