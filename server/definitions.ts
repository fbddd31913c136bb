/**
 * `/_baoxue/definitions`: the reader definition this server publishes to its devices (lib/capture/
 * definition.ts). Any logged-in member reads it (GET; devices fetch it at sync); only the server admin
 * publishes one (PUT), and only one that validates and whose version is above the one published, so a
 * malformed or stale definition never reaches a device. Kept in the gateway's own store.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseDefinition } from '../lib/capture/definition';
import type { GatewayStore, UserCtx } from './contracts';
import { parseJson } from './limits';
import { sendError, sendJson } from './upstream';

export const DEFINITION_ID = 'reader-definition';
const STAFF = ['registrar', 'teacher', 'leader', 'admin', '_admin'];

export async function serveDefinitions(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { user: UserCtx | null; body: Buffer | undefined; store: GatewayStore },
): Promise<void> {
  const { user, store } = ctx;
  if (!user) return sendError(res, 401, 'unauthorized', '请先登录 (login required)');
  const method = req.method ?? 'GET';
  if (method === 'GET') {
    // Staff of any of its schools (roles are held per school: server/contracts.ts).
    const places = Object.values(user.schools ?? {});
    if (!user.roles.includes('_admin') && !places.some((p) => p.roles.some((r) => STAFF.includes(r))))
      return sendError(res, 403, 'forbidden', '只有本校教职工可以读取 (staff only)');
    const doc = await store.get(DEFINITION_ID);
    if (!doc)
      return sendError(res, 404, 'not_found', '本服务器没有发布识别定义 (no reader definition published)');
    return sendJson(res, 200, doc.definition);
  }
  if (method !== 'PUT') return sendError(res, 405, 'method_not_allowed', '只能读取或发布 (GET or PUT only)');
  if (!user.roles.includes('_admin'))
    return sendError(res, 403, 'forbidden', '仅限服务器管理员 (server admins only)');
  const body = parseJson(ctx.body);
  if (!body.ok) return sendError(res, 400, 'bad_request', body.reason);
  const parsed = parseDefinition(body.value);
  if (!parsed.ok)
    return sendError(
      res,
      400,
      'bad_request',
      `识别定义格式不对，未发布 (the definition is not valid, nothing changed): ${parsed.problem.key} ${parsed.problem.detail}`.trim(),
    );
  const current = (await store.get(DEFINITION_ID))?.definition as { version?: number } | undefined;
  if (current && typeof current.version === 'number' && parsed.definition.version <= current.version)
    return sendError(
      res,
      409,
      'conflict',
      `版本号须大于已发布的 ${current.version} (the version must be above ${current.version})`,
    );
  await store.put({ _id: DEFINITION_ID, definition: parsed.definition, at: Date.now() });
  return sendJson(res, 201, { ok: true, version: parsed.definition.version });
}
