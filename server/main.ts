/**
 * `npm run server -- --admin name:password` — the embedded sync server on 127.0.0.1, data under --dir
 *    (default .data/couch). The admin (--admin, or BAOXUE_ADMIN=name:password) is required on every start
 *    and is the only admin password that works until the next one. --session-hours (default 168),
 *    --secure-cookies (behind an HTTPS proxy).
 * `npm run server:setup -- --url http://127.0.0.1:5984/ --school demo --admin admin:password
 *    [--staff 王老师:password:teacher[:七年级1班+七年级2班] ...] [--reset-passwords] [--check]` prepares (or with --check audits) a school.
 * `npm run server:setup -- --finish-migration [--dir .data/couch | --upstream URL --upstream-admin name:password]`
 *    removes for good the plain records a registrar's device retired (加密旧数据, server/migrate.ts); the
 *    embedded engine with the server stopped.
 */
import { parseArgs } from 'node:util';
import { createAuth } from './auth';
import { readAdmin } from './auth/admin';
import { startEmbeddedEngine } from './engine';
import { startSchoolServer } from './gateway';
import { finishMigration } from './migrate';
import { checkSchool, parseStaff, setupSchool } from './setup';
import { upstream } from './upstream';

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
  npm run server:setup -- --finish-migration [--dir .data/couch | --upstream http://couchdb:5984/ --upstream-admin 名字:密码]
                    学籍管理员在设置里「加密旧数据」之后，彻底清除服务器上的明文旧记录（内置数据库须先停止服务器）
                    (after a registrar's 加密旧数据: removes the plain old records for good; embedded: server stopped)
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
      'finish-migration': { type: 'boolean', default: false },
      'reset-passwords': { type: 'boolean', default: false },
      staff: { type: 'string', multiple: true, default: [] },
      // The engine: Apache CouchDB 3 at this URL (its admin from --upstream-admin or BAOXUE_UPSTREAM_ADMIN),
      // or, without it, the embedded store in --dir.
      upstream: { type: 'string' },
      'upstream-admin': { type: 'string', default: process.env.BAOXUE_UPSTREAM_ADMIN },
    },
  });
  if (command === 'setup' && values['finish-migration']) {
    const engine = values.upstream
      ? upstream({ url: values.upstream, admin: pair(values['upstream-admin'] ?? '', '--upstream-admin') })
      : undefined;
    const embedded = engine ? undefined : await startEmbeddedEngine(values.dir!);
    try {
      const reports = await finishMigration(engine ?? embedded!.engine, {
        dir: values.dir!,
        embedded: !engine,
        log: (line) => console.log(line),
      });
      const remaining = reports.reduce((n, r) => n + r.remaining, 0);
      if (remaining) {
        console.log(
          `✖ 还有 ${remaining} 条旧记录未加密：请学籍管理员在 设置 → 同步服务器 → 成员密钥 中点「加密旧数据」，然后再运行本命令。` +
            ` (${remaining} plain records remain: a registrar runs 加密旧数据 first, then run this again)`,
        );
        process.exitCode = 1;
      } else console.log('✔ 服务器上已没有明文旧记录 (no plain records left on the server)');
    } finally {
      engine?.close();
      await embedded?.close();
    }
    return;
  }
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
