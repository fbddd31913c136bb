/**
 * The gateway's own documents (accounts, the session secret) in an admin-only engine database,
 * `baoxue_gateway`: several gateways in front of one CouchDB share them. Staff never reach it (its name is
 * not a school's database); on CouchDB its `_security` admits server admins only.
 */
import type { GatewayStore } from './contracts';
import type { Upstream } from './upstream';

export const GATEWAY_DB = 'baoxue_gateway';

export async function openGatewayStore(engine: Upstream): Promise<GatewayStore> {
  const db = `/${GATEWAY_DB}`;
  const made = await engine.json('PUT', db);
  if (made.status !== 201 && made.status !== 412)
    throw new Error(`无法创建网关数据库 (cannot create ${GATEWAY_DB}): ${made.status}`);
  await engine.json('PUT', `${db}/_security`, {
    admins: { names: [], roles: ['_admin'] },
    members: { names: [], roles: ['_admin'] },
  });
  const path = (id: string) => `${db}/${encodeURIComponent(id)}`;
  const clean = (doc: Record<string, unknown>) => {
    const { _rev, ...rest } = doc;
    return rest;
  };
  const get = async (id: string) => {
    const r = await engine.json('GET', path(id));
    if (r.status === 404) return undefined;
    if (r.status !== 200) throw new Error(`gateway store: GET ${r.status}`);
    return r.json;
  };
  return {
    async get(id) {
      const doc = await get(id);
      return doc && clean(doc);
    },
    async put(doc) {
      for (let attempt = 0; ; attempt++) {
        const old = await get(doc._id);
        const r = await engine.json('PUT', path(doc._id), { ...doc, _rev: old?._rev });
        if (r.status === 201 || r.status === 202) return;
        if (r.status !== 409 || attempt >= 5) throw new Error(`gateway store: PUT ${r.status}`);
      }
    },
    async remove(id) {
      const old = await get(id);
      if (!old) return;
      const r = await engine.json('DELETE', `${path(id)}?rev=${encodeURIComponent(String(old._rev))}`);
      if (r.status !== 200 && r.status !== 404) throw new Error(`gateway store: DELETE ${r.status}`);
    },
    async list(prefix) {
      const q = new URLSearchParams({
        include_docs: 'true',
        startkey: JSON.stringify(prefix),
        endkey: JSON.stringify(`${prefix}\ufff0`),
      });
      const r = await engine.json<{ rows: { doc?: Record<string, unknown> }[] }>(
        'GET',
        `${db}/_all_docs?${q}`,
      );
      if (r.status !== 200) throw new Error(`gateway store: list ${r.status}`);
      return r.json.rows.flatMap((row) => (row.doc ? [clean(row.doc)] : []));
    },
  };
}
