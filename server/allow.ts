/**
 * What a school's staff may ask of the server: a written allow-list (method, path, the query parameters
 * and their forms, who), exactly the requests Baoxue's replication, login and diagnosis make. Anything
 * not in it is refused by the gateway before the engine sees it. The server admin (`_admin`) is not
 * bound by it: their requests are forwarded whole.
 *
 * Not here, so admin only: design documents, `_local`, `_security`, `_users`, `_config`, `_all_dbs`,
 * `_index`, `_find`, `_explain`, views, `_temp_view`, `_update`, `_show`, `_list`, `_rewrite`, `_purge`,
 * `_compact`, attachments, creating or deleting a database, `new_edits: false`.
 */
import { SYNCED, type SyncedCollection } from '../lib/sync/school';

/**
 * The gateway answers `GET /` (its greeting), `_session` and `_baoxue/…` (accounts, the audit log's export,
 * a member's scope, the reader definition) itself before it asks decide(): no rows here for them
 * (server/gateway.test.ts checks they are answered the same).
 */
export type Kind =
  | 'dbInfo' // GET /{db}: diagnosis checks the school's databases exist
  | 'changes' // the pull, normal or long-poll
  | 'allDocs' // the push reads the server's revisions of the ids it writes
  | 'bulkDocs' // the push
  | 'getDoc' // one ordinary document
  | 'putDoc'; // one ordinary document written (through the same rules as the push)

export interface Allowed {
  method: 'GET' | 'POST' | 'PUT' | '*';
  /** `{db}`: a database of a school the user is a member of; `{docid}`: an ordinary id (not `_…`); `*`: the rest. */
  path: string;
  /** Each allowed parameter and the form its value must have; any other parameter is refused. */
  query: Record<string, RegExp>;
  who: 'anyone' | 'member' | 'admin';
  kind: Kind;
}

const BOOL = /^(true|false)$/;
const COUNT = /^\d{1,9}$/;
/** A sequence as PouchDB (a number) or CouchDB (`N-opaque`) gives it, or `now`. */
const SEQ = /^(now|\d{1,15}|\d{1,15}-[A-Za-z0-9_-]{1,400}|"\d{1,15}-[A-Za-z0-9_-]{1,400}")$/;

export const ALLOWED: readonly Allowed[] = [
  { method: 'GET', path: '/{db}', query: {}, who: 'member', kind: 'dbInfo' },
  {
    method: 'GET',
    path: '/{db}/_changes',
    query: {
      feed: /^(normal|longpoll)$/,
      style: /^(all_docs|main_only)$/,
      include_docs: BOOL,
      since: SEQ,
      heartbeat: COUNT,
      timeout: COUNT,
      limit: COUNT,
      seq_interval: COUNT,
    },
    who: 'member',
    kind: 'changes',
  },
  { method: 'POST', path: '/{db}/_all_docs', query: { include_docs: BOOL }, who: 'member', kind: 'allDocs' },
  { method: 'POST', path: '/{db}/_bulk_docs', query: {}, who: 'member', kind: 'bulkDocs' },
  { method: 'GET', path: '/{db}/{docid}', query: {}, who: 'member', kind: 'getDoc' },
  { method: 'PUT', path: '/{db}/{docid}', query: {}, who: 'member', kind: 'putDoc' },
];

const DB = new RegExp(`^baoxue-([a-z0-9][a-z0-9_-]{0,40})-(${SYNCED.join('|')})$`);

/** The school and collection of one of Baoxue's databases, or undefined for any other name. */
export function schoolDatabase(name: string): { school: string; collection: SyncedCollection } | undefined {
  const m = DB.exec(name);
  return m ? { school: m[1]!, collection: m[2] as SyncedCollection } : undefined;
}

/** An ordinary document id: not a design, local or other special document. */
export const ordinaryId = (id: string) => id.length > 0 && id.length <= 512 && !id.startsWith('_');

export type Decision =
  | {
      ok: true;
      rule: Allowed;
      db?: { name: string; school: string; collection: SyncedCollection };
      docid?: string;
      params: Record<string, string>;
    }
  | { ok: false; status: 400 | 403 | 404 | 405; error: string; reason: string };

const ADMIN_ONLY = '仅限服务器管理员 (server admins only)';

/**
 * Looks a request up in the allow-list for this user (never the server admin: their requests are
 * forwarded whole). `segments`: the path's parts, already decoded.
 */
export function decide(
  method: string,
  segments: string[],
  query: URLSearchParams,
  user: { name: string | null; roles: string[] } | null,
): Decision {
  let notMember = false;
  for (const rule of ALLOWED) {
    const m = matchPath(rule.path, segments);
    if (!m) continue;
    if (m.db) {
      const member = user?.roles.includes(`baoxue-${m.db.school}`) ?? false;
      if (!member) {
        notMember = true;
        continue;
      }
    }
    if (rule.method !== '*' && rule.method !== method && !(method === 'HEAD' && rule.method === 'GET'))
      continue;
    if (rule.who === 'admin' && !user?.roles.includes('_admin'))
      return { ok: false, status: 403, error: 'forbidden', reason: ADMIN_ONLY };
    const params: Record<string, string> = {};
    for (const [key, value] of query) {
      const form = rule.query[key];
      if (!form || key in params || !form.test(value))
        return {
          ok: false,
          status: 400,
          error: 'bad_request',
          reason: `不支持的参数 (parameter not allowed): ${key.slice(0, 40)}`,
        };
      params[key] = value;
    }
    return { ok: true, rule, db: m.db, docid: m.docid, params };
  }
  if (notMember)
    return {
      ok: false,
      status: 403,
      error: 'forbidden',
      reason: '你不是这所学校的成员 (not a member of this school)',
    };
  if (!['GET', 'HEAD', 'POST', 'PUT', 'DELETE'].includes(method))
    return {
      ok: false,
      status: 405,
      error: 'method_not_allowed',
      reason: '不允许这种请求方式 (method not allowed)',
    };
  // Anything else on a school's database or a special name (`_users`, `_design` …): the server admin's.
  const first = segments[0] ?? '';
  if (segments.length === 0 || first.startsWith('_') || schoolDatabase(first))
    return { ok: false, status: 403, error: 'forbidden', reason: ADMIN_ONLY };
  return { ok: false, status: 404, error: 'not_found', reason: '没有这个地址 (no such path)' };
}

function matchPath(
  pattern: string,
  segments: string[],
): { db?: { name: string; school: string; collection: SyncedCollection }; docid?: string } | undefined {
  const parts = pattern === '/' ? [] : pattern.slice(1).split('/');
  if (parts.at(-1) === '*') {
    if (segments.length < parts.length) return undefined;
  } else if (parts.length !== segments.length) return undefined;
  const out: { db?: { name: string; school: string; collection: SyncedCollection }; docid?: string } = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const s = segments[i]!;
    if (p === '*') break;
    if (p === '{db}') {
      const db = schoolDatabase(s);
      if (!db) return undefined;
      out.db = { name: s, ...db };
    } else if (p === '{docid}') {
      if (!ordinaryId(s)) return undefined;
      out.docid = s;
    } else if (p !== s) return undefined;
  }
  return out;
}
