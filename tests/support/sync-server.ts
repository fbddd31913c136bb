/**
 * The school server (the gateway in front of the embedded engine) as a child process, so a test can kill
 * it for real, and a school on it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grantMember, schoolKeyring } from '../../lib/sync/keys';
import { type StaffAccount, setupSchool } from '../../server/setup';

export const ADMIN = { name: 'admin', password: 'test-admin' };

export interface RunningServer {
  url: string;
  port: number;
  dir: string;
  process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function runSyncServer(
  opts: { dir?: string; port?: number; adminPassword?: string; args?: string[] } = {},
): Promise<RunningServer> {
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'baoxue-couch-')));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/main.ts',
      'serve',
      '--dir',
      dir,
      '--port',
      String(opts.port ?? 0),
      '--admin',
      `${ADMIN.name}:${opts.adminPassword ?? ADMIN.password}`,
      ...(opts.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sync server did not start: ${out}`)), 20_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`sync server exited (${code}): ${out}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    dir,
    process: child,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** `server:setup --finish-migration` on a stopped server's data folder (server/migrate.ts), as the admin runs it. */
export function finishMigration(dir: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', 'setup', '--finish-migration', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  child.stderr.on('data', (c: Buffer) => (out += c));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

export const STAFF: StaffAccount[] = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' },
  { name: '张校长', password: 'leader-pw', role: 'leader' },
  // A teacher reads only the classes their account carries (server/scope.ts): none, nothing of the school.
  // 一年级1班 is on the demo roster's first page (what the e2e registrar reads); 七年级1班 the server tests'.
  { name: '王老师', password: 'teacher-pw', role: 'teacher', classes: ['一年级1班', '七年级1班'] },
  { name: '赵老师', password: 'teacher2-pw', role: 'teacher', classes: ['九年级1班'] },
];

/**
 * The school's databases, rules and staff accounts (server:setup, through the gateway), and its keys: the
 * registrar's device makes the school keyring and hands it to every other member for their password.
 */
export async function setupDemoSchool(url: string, school = 'demo') {
  const done = await setupSchool({ url, school, admin: ADMIN, staff: STAFF });
  const registrar = STAFF.find((s) => s.role === 'registrar')!;
  const a = {
    url: url.endsWith('/') ? url : `${url}/`,
    school,
    user: registrar.name,
    password: registrar.password,
    roles: [`baoxue-${school}`, 'registrar'],
  };
  await schoolKeyring(a);
  for (const s of STAFF) if (s !== registrar) await grantMember(a, s.name, s.password);
  return done;
}
