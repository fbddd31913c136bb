// `node --test scripts/`: stopping `npm start` with Ctrl+C stops everything it started (issue 15).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const supervise = fileURLToPath(new URL('./supervise.mjs', import.meta.url));
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const until = async (check, ms = 5000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
};

test('Ctrl+C on the starter stops its children and their children, even one that ignores SIGINT', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'baoxue-start-'));
  // The supervised child starts a server-like grandchild that ignores SIGINT (as a browser or a server
  // busy closing might), then waits forever itself.
  const child = join(dir, 'child.cjs');
  writeFileSync(
    child,
    `const { spawn } = require('node:child_process');
const g = spawn(process.execPath, ['-e', "process.on('SIGINT', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
console.log('GRANDCHILD ' + g.pid);
setInterval(() => {}, 1000);`,
  );
  const starter = join(dir, 'starter.mjs');
  writeFileSync(
    starter,
    `import { supervise } from ${JSON.stringify(supervise)};
process.exit(await supervise(process.execPath, [${JSON.stringify(child)}], { graceMs: 500 }));`,
  );
  const p = spawn(process.execPath, [starter], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (d) => {
    out += d;
  });
  assert.ok(await until(() => /GRANDCHILD \d+/.test(out)), 'the grandchild started');
  const grandchild = Number(/GRANDCHILD (\d+)/.exec(out)[1]);
  assert.ok(alive(grandchild));
  const exited = new Promise((r) => p.on('exit', r));
  p.kill('SIGINT');
  await exited;
  assert.ok(await until(() => !alive(grandchild)), 'the grandchild was stopped with the starter');
});
