/**
 * Prepares a school on Baoxue's gateway (`npm run server:setup`), as its server admin: the school's
 * databases (each created with its `_security` in the same step), the write rules as `_design/baoxue`
 * (the gateway enforces the rules itself; the design document guards anyone reaching CouchDB directly), and
 * the staff accounts through the gateway's account API — each account's place in THIS school only (its role
 * and classes here; a 走教 teacher is set up once in each of their schools, server/auth/accounts.ts). Run it
 * again at will: nothing changes that is
 * already right, design documents it did not install are removed, and existing staff keep the password
 * they chose (`resetPasswords` gives them the one given here again, as a one-time password).
 *
 * `checkSchool` (`server:setup -- --check`) changes nothing: it lists every way the live server differs from
 * what set-up would make (security objects, design documents, members, their roles and a teacher's classes:
 * a teacher account with none sees no child, server/scope.ts), and old accounts of several schools whose
 * office role or classes count in none of them until set per school (with the command that fixes it).
 */
import { databaseName, memberRole, ROLES, type Role, SYNCED, validateDocUpdate } from '../lib/sync/school';

export interface StaffAccount {
  name: string;
  password: string;
  role: Role;
  /** A teacher's classes (server/scope.ts); omitted: the account keeps those it has. */
  classes?: string[];
}

/**
 * `--staff name:password:role[:class+class…]` (a password may itself hold ':'): a teacher's classes, when
 * given, are what the gateway lets them read.
 */
export function parseStaff(text: string): StaffAccount {
  const parts = text.split(':');
  const isRole = (r: string | undefined) => (ROLES as readonly string[]).includes(r ?? '');
  const withClasses = !isRole(parts.at(-1)) && isRole(parts.at(-2)) && parts.length >= 4;
  const roleAt = withClasses ? parts.length - 2 : parts.length - 1;
  const [name, role, password] = [parts[0], parts[roleAt], parts.slice(1, roleAt).join(':')];
  if (!name || !password || !isRole(role))
    throw new Error(
      `--staff 应写成 name:password:role[:班级+班级]，role 为 ${ROLES.join('/')}：${text.split(':')[0]}`,
    );
  const classes = withClasses
    ? parts
        .at(-1)!
        .split('+')
        .map((c) => c.trim())
        .filter(Boolean)
    : undefined;
  return { name, password, role: role as Role, ...(classes ? { classes } : {}) };
}

export interface SchoolOptions {
  url: string;
  school: string;
  admin: { name: string; password: string };
  staff?: StaffAccount[];
}

const DESIGN = '_design/baoxue';

/** What set-up writes as a database's security object: the school's members, no database admins. */
export const schoolSecurity = (school: string) => ({
  admins: { names: [], roles: [] },
  members: { names: [], roles: [memberRole(school)] },
});

type Reply = { status: number; json: Record<string, unknown> };

function client(opts: SchoolOptions) {
  const base = opts.url.endsWith('/') ? opts.url : `${opts.url}/`;
  const auth = `Basic ${Buffer.from(`${opts.admin.name}:${opts.admin.password}`).toString('base64')}`;
  return async (method: string, path: string, body?: unknown, ok: number[] = []): Promise<Reply> => {
    let r: Response;
    try {
      r = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new Error(`连不上服务器 (cannot reach) ${base}: ${(e as Error).message}`);
    }
    const json = (await r.json().catch(() => ({}))) as Record<string, unknown>;
    if (r.status === 401)
      throw new Error(`管理员用户名或密码不对 (the admin name or password is wrong): ${base}`);
    if (r.status === 429)
      throw new Error(
        `登录失败次数过多，请 ${r.headers.get('retry-after') ?? ''} 秒后再试 (too many failed logins)`,
      );
    if (!(r.status >= 200 && r.status < 300) && !ok.includes(r.status))
      throw new Error(`${method} /${path}: ${r.status} ${String(json.reason ?? json.error ?? '')}`);
    return { status: r.status, json };
  };
}

const db = (school: string, c: (typeof SYNCED)[number]) => encodeURIComponent(databaseName(school, c));
const designPath = (id: string) => `_design/${encodeURIComponent(id.slice('_design/'.length))}`;

async function designDocs(call: ReturnType<typeof client>, database: string) {
  const q = `startkey=${encodeURIComponent('"_design/"')}&endkey=${encodeURIComponent('"_design0"')}&include_docs=true`;
  const r = await call('GET', `${database}/_all_docs?${q}`);
  return (r.json.rows as { id: string; doc: Record<string, unknown> }[]).map((row) => row.doc);
}

export async function setupSchool(
  opts: SchoolOptions & { resetPasswords?: boolean },
): Promise<{ databases: string[]; staff: string[]; removed: string[] }> {
  const call = client(opts);
  for (const s of opts.staff ?? [])
    if (!ROLES.includes(s.role)) throw new Error(`未知角色 (unknown role) ${s.role}: ${ROLES.join(', ')}`);

  const databases: string[] = [];
  const removed: string[] = [];
  for (const collection of SYNCED) {
    const name = db(opts.school, collection);
    await call('PUT', name, undefined, [412]); // 412: exists already
    await call('PUT', `${name}/_security`, schoolSecurity(opts.school));
    const rules = validateDocUpdate(collection);
    let installed = false;
    for (const doc of await designDocs(call, name)) {
      const id = String(doc._id);
      if (id !== DESIGN) {
        // Not set-up's (a foreign function, an index someone made): removed.
        await call('DELETE', `${name}/${designPath(id)}?rev=${encodeURIComponent(String(doc._rev))}`);
        removed.push(`${databaseName(opts.school, collection)}/${id}`);
        continue;
      }
      installed = true;
      // An edited copy is replaced whole: only what set-up writes, never fields carried over from the old one.
      if (doc.validate_doc_update !== rules || Object.keys(doc).length !== 3)
        await call('PUT', `${name}/${DESIGN}`, { _id: DESIGN, _rev: doc._rev, validate_doc_update: rules });
    }
    if (!installed) await call('PUT', `${name}/${DESIGN}`, { _id: DESIGN, validate_doc_update: rules });
    databases.push(databaseName(opts.school, collection));
  }

  const staff: string[] = [];
  for (const s of opts.staff ?? []) {
    const path = `_baoxue/accounts/${encodeURIComponent(s.name)}`;
    const existing = await call('GET', path, undefined, [404]);
    // This school's place only (one staff role, its classes here): the account's other schools are kept as
    // they are, so a 走教 teacher is set up once in each school they teach in.
    const place = {
      school: memberRole(opts.school).slice('baoxue-'.length),
      roles: [s.role],
      ...(s.classes ? { classes: s.classes } : {}),
    };
    const keep = existing.status === 200 && !opts.resetPasswords;
    await call('PUT', path, keep ? place : { ...place, password: s.password });
    staff.push(
      `${s.name} (${s.role}${keep ? '' : existing.status === 200 ? ', 密码已重设 password reset' : ', 新 new'})`,
    );
  }
  return { databases, staff, removed };
}

/** An account as the admin's list gives it (server/auth/accounts.ts `publicAccount`). */
interface Listed {
  name: string;
  schools?: Record<string, { roles: string[]; classes?: string[] }>;
  undecided?: { roles: string[]; classes: string[]; schools: string[] };
}

/** Every difference between the live server and what set-up makes; empty when the school is as set up. */
export async function checkSchool(opts: SchoolOptions): Promise<string[]> {
  const call = client(opts);
  const drift: string[] = [];
  const expectedSecurity = JSON.stringify(schoolSecurity(opts.school));
  for (const collection of SYNCED) {
    const name = databaseName(opts.school, collection);
    const exists = await call('GET', db(opts.school, collection), undefined, [404]);
    if (exists.status === 404) {
      drift.push(`${name}: 数据库不存在 (database missing)`);
      continue;
    }
    const sec = await call('GET', `${db(opts.school, collection)}/_security`);
    if (JSON.stringify(normaliseSecurity(sec.json)) !== expectedSecurity)
      drift.push(`${name}/_security: ${JSON.stringify(sec.json)} ≠ ${expectedSecurity}`);
    const docs = await designDocs(call, db(opts.school, collection));
    for (const doc of docs) {
      if (doc._id !== DESIGN)
        drift.push(`${name}/${String(doc._id)}: 多余的设计文档 (a design document set-up did not install)`);
      else if (doc.validate_doc_update !== validateDocUpdate(collection) || Object.keys(doc).length !== 3)
        drift.push(`${name}/${DESIGN}: 写入规则被改动 (the write rules differ from this version's)`);
    }
    if (!docs.some((d) => d._id === DESIGN))
      drift.push(`${name}/${DESIGN}: 缺少写入规则 (write rules missing)`);
  }

  const code = memberRole(opts.school).slice('baoxue-'.length);
  const accounts = (await call('GET', '_baoxue/accounts')).json.accounts as Listed[];
  /** What an account is in THIS school (its roles and classes elsewhere are another school's business). */
  const here = (a: Listed) => (a.schools && Object.hasOwn(a.schools, code) ? a.schools[code] : undefined);
  const members = accounts.filter((a) => here(a));
  for (const a of members) {
    const { roles, classes } = here(a)!;
    // An account from before roles were held per school, in several schools with an office role or classes:
    // the gateway gives those to none of its schools until each school's place is set.
    if (a.undecided)
      drift.push(
        `${a.name}: 旧账号同时属于 ${a.undecided.schools.join('、')} 几所学校，它的 ` +
          `${[...a.undecided.roles, ...(a.undecided.classes.length ? [`班级 ${a.undecided.classes.join('+')}`] : [])].join('、')} ` +
          '分不清属于哪所学校，现在在每所学校都不生效（只能看自己的记录）。请对它所在的每所学校各运行一次 ' +
          `npm run server:setup -- --url … --school <学校代码> --admin … --staff ${a.name}:<密码>:<角色>[:班级+班级] ` +
          '写明它在该校的岗位和班级 (an old account in several schools: its office role and classes count in none of ' +
          `them until set per school; run server:setup with --staff ${a.name}:password:role[:classes] once for each of its schools)`,
      );
    const staffRoles = roles;
    const unknown = staffRoles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length) drift.push(`${a.name}: 未知角色 (unknown roles) ${unknown.join(', ')}`);
    if (staffRoles.length !== 1)
      drift.push(
        `${a.name}: 应有且只有一个岗位角色 (one staff role expected): ${staffRoles.join(', ') || '—'}`,
      );
    // The gateway fails closed (server/scope.ts): such a teacher sees none of the school's children.
    const office = staffRoles.some((r) => r === 'registrar' || r === 'leader' || r === 'admin');
    if (staffRoles.includes('teacher') && !office && !classes?.length)
      drift.push(
        `${a.name}: 教师账号还没有分配班级，看不到任何学生，请用 --staff 姓名:密码:teacher:七年级1班 分配 ` +
          '(a teacher account with no classes assigned: it sees no child until its classes are set)',
      );
  }
  if (opts.staff?.length) {
    for (const s of opts.staff) {
      const a = accounts.find((x) => x.name === s.name);
      const place = a && here(a);
      if (!a) drift.push(`${s.name}: 账号不存在 (no account)`);
      else if (!place) drift.push(`${s.name}: 不是本校成员 (not a member of ${opts.school})`);
      else if (!place.roles.includes(s.role))
        drift.push(`${s.name}: 在本校的角色是 ${place.roles.join(', ') || '—'}，应为 ${s.role}`);
      else if (s.classes && [...s.classes].sort().join('+') !== [...(place.classes ?? [])].sort().join('+'))
        drift.push(
          `${s.name}: 在本校的班级是 ${(place.classes ?? []).join('+') || '—'}，应为 ${s.classes.join('+') || '—'} (classes differ)`,
        );
    }
    for (const a of members)
      if (!opts.staff.some((s) => s.name === a.name))
        drift.push(`${a.name}: 不在名单里的本校成员 (a member not in the staff list)`);
  }
  return drift;
}

/** A security object as compared: both sections, names and roles sorted, nothing else. */
function normaliseSecurity(sec: Record<string, unknown>) {
  const part = (p: unknown) => {
    const o = (p ?? {}) as { names?: string[]; roles?: string[] };
    return { names: [...(o.names ?? [])].sort(), roles: [...(o.roles ?? [])].sort() };
  };
  const extra = Object.keys(sec).filter((k) => k !== 'admins' && k !== 'members');
  return { admins: part(sec.admins), members: part(sec.members), ...(extra.length ? { extra } : {}) };
}
