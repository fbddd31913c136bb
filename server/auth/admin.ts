/**
 * The server admin, from one place on every start: `--admin name:password`, or else the one variable
 * BAOXUE_ADMIN (read by `npm run server`, `npm run server:setup` and `npm start` alike). It is never stored, so
 * the password given at a start is the only one that works until the next start.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AccountName, MIN_PASSWORD } from './accounts';

export const ADMIN_VARIABLE = 'BAOXUE_ADMIN';

const NEEDED = `需要服务器管理员：--admin 用户名:密码，或环境变量 ${ADMIN_VARIABLE}=用户名:密码
(the server admin is required: --admin name:password, or ${ADMIN_VARIABLE}=name:password)`;

export function readAdmin(
  flag: string | undefined,
  env: Record<string, string | undefined> = process.env,
): { name: string; password: string } {
  const text = flag ?? env[ADMIN_VARIABLE];
  if (!text) {
    const old = env.BAOXUE_COUCH_ADMIN
      ? `\n${'BAOXUE_COUCH_ADMIN'} 已不再使用，请改用 ${ADMIN_VARIABLE} (BAOXUE_COUCH_ADMIN is no longer read)`
      : '';
    throw new Error(NEEDED + old);
  }
  const i = text.indexOf(':');
  const name = AccountName.safeParse(i > 0 ? text.slice(0, i) : '');
  if (!name.success) throw new Error(`${NEEDED}\n${name.error.issues[0]?.message ?? ''}`);
  const password = text.slice(i + 1);
  if (password.length < MIN_PASSWORD)
    throw new Error(
      `管理员密码至少 ${MIN_PASSWORD} 个字符 (the admin password needs at least ${MIN_PASSWORD} characters)`,
    );
  return { name: name.data, password };
}

/**
 * `npm start`'s admin: BAOXUE_ADMIN when set, else a random password made once per data folder and kept in
 * `<dir>/admin-password.txt`, readable by its owner only (a demo on a shared machine gives nobody else the
 * admin). The file's name is not a database name, so the engine never mistakes it for one.
 */
export async function demoAdmin(
  dir: string,
  env: Record<string, string | undefined> = process.env,
): Promise<{ admin: { name: string; password: string }; file?: string }> {
  if (env[ADMIN_VARIABLE]) return { admin: readAdmin(undefined, env) };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'admin-password.txt');
  let password = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (password.length < MIN_PASSWORD) {
    password = randomBytes(18).toString('base64url');
    await writeFile(file, `${password}\n`, { mode: 0o600 });
  }
  await chmod(file, 0o600);
  return { admin: { name: 'admin', password }, file };
}
