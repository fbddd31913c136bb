/**
 * Prepares a CouchDB-compatible server for one school: its databases (created with their `_security` in
 * the same step, since a database is open to anyone until that is set), the rules every write is checked
 * against, and its staff accounts with their roles. Run it again to add staff or update the rules: every
 * step is idempotent.
 */
import { databaseName, memberRole, ROLES, type Role, SYNCED, validateDocUpdate } from '../lib/sync/school';

export interface StaffAccount {
  name: string;
  password: string;
  role: Role;
}

export async function setupSchool(opts: {
  url: string;
  school: string;
  admin: { name: string; password: string };
  staff?: StaffAccount[];
}): Promise<{ databases: string[]; staff: string[] }> {
  const base = opts.url.endsWith('/') ? opts.url : `${opts.url}/`;
  const auth = `Basic ${Buffer.from(`${opts.admin.name}:${opts.admin.password}`).toString('base64')}`;
  const call = async (method: string, path: string, body?: unknown, ok: number[] = []) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await r.json().catch(() => ({}))) as Record<string, unknown>;
    if (!r.ok && !ok.includes(r.status))
      throw new Error(`${method} /${path}: ${r.status} ${String(json.reason ?? json.error ?? '')}`);
    return { status: r.status, json };
  };
  const upsert = async (path: string, doc: Record<string, unknown>) => {
    const existing = await call('GET', path, undefined, [404]);
    const rev = existing.status === 200 ? { _rev: existing.json._rev } : {};
    await call('PUT', path, { ...existing.json, ...doc, ...rev });
  };

  const databases: string[] = [];
  for (const collection of SYNCED) {
    const db = databaseName(opts.school, collection);
    await call('PUT', encodeURIComponent(db), undefined, [412]); // 412: exists already
    await call('PUT', `${encodeURIComponent(db)}/_security`, {
      admins: { names: [], roles: [] },
      members: { names: [], roles: [memberRole(opts.school)] },
    });
    await upsert(`${encodeURIComponent(db)}/_design/baoxue`, {
      _id: '_design/baoxue',
      validate_doc_update: validateDocUpdate(collection),
    });
    databases.push(db);
  }
  const staff: string[] = [];
  for (const s of opts.staff ?? []) {
    if (!ROLES.includes(s.role)) throw new Error(`未知角色 (unknown role) ${s.role}: ${ROLES.join(', ')}`);
    const id = `org.couchdb.user:${s.name}`;
    await upsert(`_users/${encodeURIComponent(id)}`, {
      _id: id,
      name: s.name,
      type: 'user',
      roles: [memberRole(opts.school), s.role],
      password: s.password,
    });
    staff.push(`${s.name} (${s.role})`);
  }
  return { databases, staff };
}
