/**
 * `npm run server -- --admin name:password` — the embedded sync server on 127.0.0.1, data under --dir
 *    (default .data/couch). The admin (--admin, or BAOXUE_ADMIN=name:password) is required on every start
 *    and is the only admin password that works until the next one. --session-hours (default 168),
 *    --secure-cookies (behind an HTTPS proxy).
 * `npm run server:setup -- --url http://127.0.0.1:5984/ --school demo --admin admin:password
 *    [--staff 王老师:password:teacher[:七年级1班+七年级2班] ...] [--reset-passwords] [--check]` prepares (or with --check audits) a school.
 */
import { parseArgs } from 'node:util';
import { createAuth } from './auth';
import { readAdmin } from './auth/admin';
import { startSchoolServer } from './gateway';
import { checkSchool, parseStaff, setupSchool } from './setup';

const pair = (text: string, what: string) => {
  const i = text.indexOf(':');
  if (i < 1) throw new Error(`${what} 应写成 name:password`);
  return { name: text.slice(0, i), password: text.slice(i + 1) };
};

const USAGE = `用法 (usage):
  npm run server -- --admin 名字:密码 [--dir .data/couch] [--port 5984] [--session-hours 168] [--secure-cookies]
                    [--upstream http://couchdb:5984/ --upstream-admin 名字:密码]
  npm run server:setup -- --url http://127.0.0.1:5984/ --school 学校代码 --admin 名字:密码
                    [--staff 名字:密码:角色[:班级+班级] ...] [--check] [--reset-passwords]
  The admin may come from BAOXUE_ADMIN instead of --admin.`;

async function main() {
  const [command = 'serve', ...rest] = process.argv.slice(2);
  if (command === '--help' || command === 'help' || rest.includes('--help') || rest.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      dir: { type: 'string', default: '.data/couch' },
      port: { type: 'string', default: '5984' },
      url: { type: 'string' },
      school: { type: 'string' },
      admin: { type: 'string' },
      'session-hours': { type: 'string', default: '168' },
      'secure-cookies': { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      'reset-passwords': { type: 'boolean', default: false },
      staff: { type: 'string', multiple: true, default: [] },
      // The engine: Apache CouchDB 3 at this URL (its admin from --upstream-admin or BAOXUE_UPSTREAM_ADMIN),
      // or, without it, the embedded store in --dir.
      upstream: { type: 'string' },
      'upstream-admin': { type: 'string', default: process.env.BAOXUE_UPSTREAM_ADMIN },
    },
  });
  const admin = (() => {
    try {
      return readAdmin(values.admin);
    } catch (e) {
      console.error((e as Error).message);
      process.exit(2);
    }
  })();

  if (command === 'serve') {
    const server = await startSchoolServer({
      dir: values.dir!,
      port: Number(values.port),
      admin,
      createAuth,
      sessionHours: Number(values['session-hours']),
      secureCookies: values['secure-cookies'],
      upstream: values.upstream
        ? { url: values.upstream, admin: pair(values['upstream-admin'] ?? '', '--upstream-admin') }
        : undefined,
    });
    console.log(`sync server listening on ${server.url} (engine: ${server.engine}; data: ${values.dir})`);
    process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
    process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
  } else if (command === 'setup') {
    if (!values.url || !values.school)
      throw new Error(`需要 --url 和 --school (need --url and --school)\n${USAGE}`);
    const staff = values.staff!.map(parseStaff);
    const school = { url: values.url, school: values.school, admin, staff };
    if (values.check) {
      const drift = await checkSchool(school);
      for (const line of drift) console.log(`✖ ${line}`);
      console.log(drift.length ? `${drift.length} 处与设定不符 (drift found)` : '✔ 与设定一致 (no drift)');
      process.exit(drift.length ? 1 : 0);
    }
    const done = await setupSchool({ ...school, resetPasswords: values['reset-passwords'] });
    console.log(`databases: ${done.databases.join(', ')}`);
    if (done.removed.length) console.log(`removed design documents: ${done.removed.join(', ')}`);
    if (done.staff.length) console.log(`staff: ${done.staff.join(', ')}`);
  } else {
    throw new Error(`未知命令 (unknown command) ${command}: serve | setup\n${USAGE}`);
  }
}

// A mistake on the command line or a server that cannot be reached is said in words, without a stack trace.
main().catch((e: unknown) => {
  console.error(`✖ ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
