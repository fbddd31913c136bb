/**
 * `npm run server` — the embedded sync server on 127.0.0.1, data under --dir (default .data/couch).
 * `npm run server:setup -- --url http://127.0.0.1:5984/ --school demo --admin admin:secret
 *    [--staff 王老师:password:teacher ...]` prepares a school on this or any CouchDB-compatible server.
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../lib/sync/school';
import { startSyncServer } from './couch';
import { setupSchool } from './setup';

const pair = (text: string, what: string) => {
  const i = text.indexOf(':');
  if (i < 1) throw new Error(`${what} 应写成 name:password`);
  return { name: text.slice(0, i), password: text.slice(i + 1) };
};

const [command = 'serve', ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    dir: { type: 'string', default: '.data/couch' },
    port: { type: 'string', default: '5984' },
    url: { type: 'string' },
    school: { type: 'string' },
    admin: { type: 'string', default: process.env.BAOXUE_COUCH_ADMIN ?? 'admin:baoxue-admin' },
    staff: { type: 'string', multiple: true, default: [] },
  },
});
const admin = pair(values.admin!, '--admin');

if (command === 'serve') {
  const server = await startSyncServer({ dir: values.dir!, port: Number(values.port), admin });
  console.log(`sync server listening on ${server.url} (data: ${values.dir})`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
  process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
} else if (command === 'setup') {
  if (!values.url || !values.school) throw new Error('需要 --url 和 --school (need --url and --school)');
  const staff = values.staff!.map((s) => {
    const [name, password, role] = s.split(':');
    if (!name || !password || !ROLES.includes(role as Role))
      throw new Error(`--staff 应写成 name:password:role，role 为 ${ROLES.join('/')}：${s}`);
    return { name, password, role: role as Role };
  });
  const done = await setupSchool({ url: values.url, school: values.school, admin, staff });
  console.log(`databases: ${done.databases.join(', ')}`);
  if (done.staff.length) console.log(`staff: ${done.staff.join(', ')}`);
} else {
  throw new Error(`unknown command ${command} (serve | setup)`);
}
