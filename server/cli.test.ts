/** The server's command line says what is wrong in words: no Node stack trace for a registrar to read. */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, BAOXUE_ADMIN: '' },
    timeout: 30_000,
  });

it('prints how to use it on --help', () => {
  const r = run('setup', '--help');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('--school');
}, 60_000);

it('says what is missing or wrong, without a stack trace', () => {
  const missing = run('setup', '--admin', 'admin:Password123');
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain('--url');
  const unreachable = run(
    'setup',
    '--url',
    'http://127.0.0.1:1/',
    '--school',
    'demo',
    '--admin',
    'admin:Password123',
  );
  expect(unreachable.status).toBe(1);
  for (const r of [missing, unreachable]) expect(r.stderr).not.toMatch(/\n\s+at /);
}, 60_000); // each run starts tsx anew: seconds apiece on a loaded 2-core machine
