/**
 * Baoxue's school server: a gateway every request passes, in front of an engine that holds the data (the
 * embedded store, or Apache CouchDB 3 at `--upstream`), which it calls as the engine's admin. Same gateway,
 * same rules for both engines:
 *   limits (server/limits.ts) → who (server/auth) → the allow-list (server/allow.ts) → the write rules
 *   (lib/sync/school.ts `refusal`) → forward → audit log (server/audit.ts).
 * Anything not in the allow-list is refused before the engine sees it. Every error is JSON `{error,
 * reason}` in plain words; no request, and no engine failure, ends the process.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { designationRefusal } from '../lib/sync/designation';
import { refusalReason } from '../lib/sync/refusals';
import { refusal } from '../lib/sync/school';
import { type Decision, decide, ordinaryId } from './allow';
import { type AuditEntry, AuditLog, changedFields } from './audit';
import { ChangesHub } from './changes';
import { type Auth, type AuthOptions, asMemberOf, type GatewayStore, type UserCtx } from './contracts';
import { serveDefinitions } from './definitions';
import { namesPartner, staffNamesOf } from './designationStaff';
import { startEmbeddedEngine } from './engine';
import { EventRefs } from './eventRefs';
import { feedWithoutIdentity, withoutIdentity } from './identity';
import { docBytes, MAX_BODY, MAX_DOC, MAX_LOGIN, parseJson, readBody } from './limits';
import { ClassIndex, inScope, type Scope, scopedChanges, scopeOf, serveScope } from './scope';
import { plainPersonal, SealedSchools } from './sealedOnly';
import { openGatewayStore } from './store';
import { forwardAnswer, sendError, sendJson, type Upstream, upstream } from './upstream';

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOGIN = '请先登录 (login required)';
// Each limit says its own size: an anonymous login's body is held to MAX_LOGIN, a member's to MAX_BODY.
const TOO_BIG = `请求太大 (the request is larger than ${MAX_BODY / 1024 / 1024} MB)`;
const LOGIN_TOO_BIG = `请求太大 (the request is larger than ${MAX_LOGIN / 1024} KB)`;
const DOC_TOO_BIG = '文档太大 (a document is larger than 1 MB)';
const MAX_BULK = 10_000;

type Staff = Extract<Decision, { ok: true }> & { user: UserCtx; scope: Scope };

const NOT_FOUND = { error: 'not_found', reason: 'missing' };
const OUT_OF_SCOPE = refusalReason('not-in-your-classes');
/** A teacher's write under the id of a deleted or retired record (server/gateway.ts `write`). */
const GONE = refusalReason('record-gone');
/** CouchDB's own refusal of a write against a revision that is not the current one. */
const CONFLICT = Symbol('conflict');

export async function startGateway(o: {
  engine: Upstream;
  auth: Auth;
  audit: AuditLog;
  /** The gateway's own store: the published reader definition (server/definitions.ts). */
  store?: GatewayStore;
  port?: number;
  host?: string;
}): Promise<Gateway> {
  const { engine, auth, audit } = o;
  const hub = new ChangesHub(engine);
  const classIndex = new ClassIndex(engine);
  // What a teacher's event names besides its child (`supersedes`, `caseId`): server/eventRefs.ts.
  const eventRefs = new EventRefs(engine);
  // A school with a keyring takes no personal data in plain text (server/sealedOnly.ts).
  const sealedSchools = new SealedSchools(o.store);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    res.setHeader('x-content-type-options', 'nosniff');
    // Children's records are never kept by a browser's or a proxy's cache.
    res.setHeader('cache-control', 'no-store');
    const ip = req.socket.remoteAddress ?? '';
    const method = req.method ?? 'GET';
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q === -1 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
    let segments: string[];
    try {
      if (!pathname.startsWith('/')) throw new Error('path');
      segments = pathname === '/' ? [] : pathname.slice(1).split('/').map(decodeURIComponent);
    } catch {
      return sendError(res, 400, 'bad_request', '地址写法不对 (malformed path)');
    }
    if (segments.some((s) => s === '..' || s === '.' || s.includes('\0')))
      return sendError(res, 400, 'bad_request', '地址写法不对 (malformed path)');

    if ((method === 'GET' || method === 'HEAD') && segments.length === 0)
      return sendJson(res, 200, { couchdb: 'Welcome', vendor: { name: 'Baoxue' }, version: '3.3.3' });

    const isSession = segments.length === 1 && segments[0] === '_session';
    const hasBody =
      req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    const who = await auth.identify(req, ip);
    let user: UserCtx | null;
    if (who.ok) user = who.user;
    else if (isSession && method === 'POST')
      user = null; // a login: the accounts judge it
    else {
      // Nothing of an unidentified request's body is read: answered, then the connection is closed.
      if (hasBody) res.on('finish', () => closeSoon(req));
      return sendError(
        res,
        who.status,
        who.status === 429 ? 'too_many_requests' : 'unauthorized',
        who.reason,
        {
          ...(who.retryAfter ? { 'retry-after': String(who.retryAfter) } : {}),
          ...(hasBody ? { connection: 'close' } : {}),
        },
      );
    }
    const isAdmin = user?.roles.includes('_admin') ?? false;
    // Without an account only a login carries a body, and a login is small: nobody without an account makes
    // the server hold megabytes (an anonymous or forged-cookie upload used to be read whole before its 401).
    if (!user && hasBody && !(isSession && method === 'POST')) {
      res.on('finish', () => closeSoon(req));
      return sendError(res, 401, 'unauthorized', LOGIN, { connection: 'close' });
    }

    const body = await readBody(req, user ? MAX_BODY : MAX_LOGIN);
    if (!body.ok) {
      res.setHeader('connection', 'close');
      sendError(
        res,
        body.status,
        body.status === 413 ? 'too_large' : 'bad_request',
        body.status !== 413 ? '请求没有读完 (the request was cut off)' : user ? TOO_BIG : LOGIN_TOO_BIG,
      );
      // The rest of a body over the limit is never kept: discarded for a second (so the client, still
      // sending, reads the answer instead of a reset), then the connection is closed.
      res.on('finish', () => closeSoon(req));
      return;
    }

    if (segments[0] === '_session' || segments[0] === '_baoxue') {
      if (segments[0] === '_baoxue' && segments[1] === 'audit' && segments.length === 2) {
        if (!isAdmin) return sendError(res, 403, 'forbidden', '仅限服务器管理员 (server admins only)');
        const since = Number(query.get('since') ?? 0) || 0;
        res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
        return void res.end(await audit.export(since));
      }
      // A member's scope (server/scope.ts): what their device may keep.
      if (segments[0] === '_baoxue' && segments[1] === 'scope' && segments.length === 3 && method === 'GET') {
        if (!user) return sendError(res, 401, 'unauthorized', LOGIN);
        return serveScope(res, { user, school: segments[2]!, index: classIndex });
      }
      if (segments[0] === '_baoxue' && segments[1] === 'definitions' && segments.length === 2 && o.store)
        return serveDefinitions(req, res, { user, body: body.body, store: o.store });
      if (await auth.handle(req, res, { ip, body: body.body, user })) return;
      return sendError(res, 404, 'not_found', '没有这个地址 (no such path)');
    }
    if (!user) return sendError(res, 401, 'unauthorized', LOGIN);
    if (isAdmin) return forwardAdmin(req, res, user, raw, segments, body.body);

    const d = decide(method, segments, query, user);
    if (!d.ok) return sendError(res, d.status, d.error, d.reason);
    // What this account is in THIS school (issue 16): its roles elsewhere count for nothing here.
    const school = d.db?.school ?? '';
    const staff = { ...d, user: asMemberOf(user, school), scope: scopeOf(user, school) };
    // A teacher's reads are filtered to their classes (server/scope.ts); everyone else's pass as they are.
    if (!staff.scope.all && d.db) {
      if (d.rule.kind === 'getDoc') return scopedGet(res, staff);
      if (d.rule.kind === 'dbInfo') return scopedInfo(res, staff);
      if (d.rule.kind === 'changes')
        return hub.serve(res, d.db.name, d.params, (params) =>
          scopedChanges(engine, {
            db: d.db!.name,
            collection: d.db!.collection,
            scope: staff.scope,
            params,
            students: () => classIndex.current(d.db!.school),
          }).then((a) =>
            // A plain record from before encryption: its identity fields are no teacher's (server/identity.ts).
            a.status === 200 && !a.empty ? { ...a, body: feedWithoutIdentity(d.db!.collection, a.body) } : a,
          ),
        );
    }
    switch (d.rule.kind) {
      // The path as the gateway judged it (its decoded parts, encoded again), never the client's spelling.
      case 'dbInfo':
        return forward(res, { method: 'GET', path: `/${encodeURIComponent(d.db!.name)}` });
      case 'getDoc':
        return forward(res, {
          method: 'GET',
          path: `/${encodeURIComponent(d.db!.name)}/${encodeURIComponent(d.docid!)}`,
        });
      case 'changes':
        return hub.serve(res, d.db!.name, d.params);
      case 'allDocs':
        return allDocs(res, staff, body.body);
      case 'bulkDocs':
        return bulkDocs(res, staff, body.body);
      case 'putDoc':
        return putDoc(res, staff, body.body);
      default:
        return sendError(res, 404, 'not_found', '没有这个地址 (no such path)');
    }
  }

  async function forward(
    res: ServerResponse,
    r: { method: string; path: string; body?: Buffer; headers?: Record<string, string> },
    timeout: number | undefined = 120_000,
  ) {
    const answer = await engine.request({ ...r, timeout });
    await forwardAnswer(answer, res);
  }

  /** The server admin reaches everything, within the size limits; their writes are logged as asked. */
  async function forwardAdmin(
    req: IncomingMessage,
    res: ServerResponse,
    user: UserCtx,
    raw: string,
    segments: string[],
    body: Buffer | undefined,
  ) {
    const method = req.method ?? 'GET';
    const isJson = /json/.test(String(req.headers['content-type'] ?? ''));
    if (body?.length && isJson) {
      const parsed = parseJson(body);
      if (!parsed.ok) return sendError(res, 400, 'bad_request', parsed.reason);
      const single = segments.length >= 2 && !segments[1]!.startsWith('_');
      if (single && body.length > MAX_DOC) return sendError(res, 413, 'too_large', DOC_TOO_BIG);
      const docs = (parsed.value as { docs?: unknown })?.docs;
      if (body.length > MAX_DOC && Array.isArray(docs) && docs.some((x) => docBytes(x) > MAX_DOC))
        return sendError(res, 413, 'too_large', DOC_TOO_BIG);
    }
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'accept']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    // A feed waits by design; anything else gives up after two minutes.
    const waits = segments[1] === '_changes' || segments[0] === '_db_updates';
    const answer = await engine.request({
      method,
      path: raw,
      headers,
      body,
      timeout: waits ? undefined : 120_000,
    });
    if (method !== 'GET' && method !== 'HEAD' && (answer.statusCode ?? 500) < 400)
      audit.append([
        {
          at: new Date().toISOString(),
          who: user.name,
          db: segments[0] ?? '',
          id: segments.slice(1).join('/'),
          method,
          path: raw.replace(/\?.*$/, ''),
        },
      ]);
    await forwardAnswer(answer, res);
  }

  async function allDocs(res: ServerResponse, s: Staff, body: Buffer | undefined) {
    const parsed = parseJson(body);
    if (!parsed.ok) return sendError(res, 400, 'bad_request', parsed.reason);
    const v = parsed.value as { keys?: unknown };
    if (
      typeof v !== 'object' ||
      v === null ||
      Array.isArray(v) ||
      Object.keys(v).some((k) => k !== 'keys') ||
      !Array.isArray(v.keys) ||
      v.keys.length > MAX_BULK ||
      !v.keys.every((k) => typeof k === 'string' && ordinaryId(k))
    )
      return sendError(res, 400, 'bad_request', '只能按文档编号读取 (only {"keys": [ordinary ids]})');
    if (!s.scope.all) return scopedAllDocs(res, s, v.keys as string[]);
    const q = s.params.include_docs ? `?include_docs=${s.params.include_docs}` : '';
    return forward(res, {
      method: 'POST',
      path: `/${encodeURIComponent(s.db!.name)}/_all_docs${q}`,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ keys: v.keys })),
    });
  }

  /** The school's index a student's, a case's or an event's judgement needs (undefined for the change log). */
  const studentsOf = (s: Staff) =>
    s.db!.collection !== 'changes' ? classIndex.current(s.db!.school) : Promise.resolve(undefined);

  /** A database's information for a teacher: that it exists, never how much the school holds. */
  async function scopedInfo(res: ServerResponse, s: Staff) {
    const r = await engine.json<Record<string, unknown>>('GET', `/${encodeURIComponent(s.db!.name)}`);
    if (r.status === 404)
      return sendJson(res, 404, { error: 'not_found', reason: 'Database does not exist.' });
    if (r.status !== 200)
      return sendError(res, 502, 'engine_error', '数据库引擎出错 (the database engine failed)');
    return sendJson(res, 200, { db_name: s.db!.name });
  }

  /** One document for a teacher: out of their classes, it is not there (as CouchDB answers a missing one). */
  async function scopedGet(res: ServerResponse, s: Staff) {
    const r = await engine.json<Record<string, unknown>>(
      'GET',
      `/${encodeURIComponent(s.db!.name)}/${encodeURIComponent(s.docid!)}`,
    );
    if (r.status === 404) return sendJson(res, 404, NOT_FOUND);
    if (r.status !== 200)
      return sendError(res, 502, 'engine_error', '数据库引擎出错 (the database engine failed)');
    if (!inScope(s.scope, s.db!.collection, r.json, await studentsOf(s)))
      return sendJson(res, 404, NOT_FOUND);
    return sendJson(res, 200, withoutIdentity(s.db!.collection, r.json));
  }

  /**
   * `_all_docs` by keys for a teacher: a row out of their classes answers as a missing id, and `total_rows`
   * counts only the rows they may read (the engine's is the whole database's: how many records the school
   * holds, which no teacher learns).
   */
  async function scopedAllDocs(res: ServerResponse, s: Staff, keys: string[]) {
    const r = await engine.json<{ rows?: Record<string, unknown>[] } & Record<string, unknown>>(
      'POST',
      `/${encodeURIComponent(s.db!.name)}/_all_docs?include_docs=true`,
      { keys },
    );
    if (r.status === 404)
      return sendJson(res, 404, { error: 'not_found', reason: 'Database does not exist.' });
    if (r.status !== 200 || !Array.isArray(r.json.rows))
      return sendError(res, 502, 'engine_error', '数据库引擎出错 (the database engine failed)');
    const students = await studentsOf(s);
    const rows = r.json.rows.map((row) => {
      if (!inScope(s.scope, s.db!.collection, row.doc as Record<string, unknown> | undefined, students))
        return { key: row.key, error: 'not_found' };
      if (s.params.include_docs !== 'true') {
        const { doc: _doc, ...rest } = row;
        return rest;
      }
      return { ...row, doc: withoutIdentity(s.db!.collection, row.doc) };
    });
    return sendJson(res, 200, { total_rows: rows.filter((row) => !('error' in row)).length, rows });
  }

  async function putDoc(res: ServerResponse, s: Staff, body: Buffer | undefined) {
    if (body && body.length > MAX_DOC) return sendError(res, 413, 'too_large', DOC_TOO_BIG);
    const parsed = parseJson(body);
    if (!parsed.ok) return sendError(res, 400, 'bad_request', parsed.reason);
    const doc = parsed.value;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
      return sendError(res, 400, 'bad_request', '文档必须是 JSON 对象 (document must be a JSON object)');
    const written = await write(s, [{ ...(doc as Record<string, unknown>), _id: s.docid }]);
    if ('status' in written) return sendError(res, written.status, written.error, written.reason);
    const r = written[0]!;
    if (r.ok) return sendJson(res, 201, r);
    return sendError(
      res,
      r.error === 'conflict' ? 409 : r.error === 'forbidden' ? 403 : 400,
      r.error!,
      r.reason!,
    );
  }

  async function bulkDocs(res: ServerResponse, s: Staff, body: Buffer | undefined) {
    const parsed = parseJson(body);
    if (!parsed.ok) return sendError(res, 400, 'bad_request', parsed.reason);
    const v = parsed.value as { docs?: unknown; new_edits?: unknown };
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !Array.isArray(v.docs))
      return sendError(res, 400, 'bad_request', '需要 {"docs": [...]} (expected {"docs": [...]})');
    if (Object.keys(v).some((k) => k !== 'docs' && k !== 'new_edits'))
      return sendError(res, 400, 'bad_request', '不支持的写入选项 (unsupported option)');
    if (v.new_edits !== undefined && v.new_edits !== true)
      return sendError(
        res,
        403,
        'forbidden',
        '仅限服务器管理员 (new_edits: false is for server admins only)',
      );
    if (v.docs.length > MAX_BULK)
      return sendError(
        res,
        413,
        'too_large',
        `一次最多写入 ${MAX_BULK} 条 (at most ${MAX_BULK} documents at once)`,
      );
    if (!v.docs.every((d) => typeof d === 'object' && d !== null && !Array.isArray(d)))
      return sendError(
        res,
        400,
        'bad_request',
        '每个文档必须是 JSON 对象 (each document must be a JSON object)',
      );
    const docs = v.docs as Record<string, unknown>[];
    if (body!.length > MAX_DOC && docs.some((d) => docBytes(d) > MAX_DOC))
      return sendError(res, 413, 'too_large', DOC_TOO_BIG);
    const written = await write(s, docs);
    if ('status' in written) return sendError(res, written.status, written.error, written.reason);
    sendJson(res, 201, written);
  }

  type Result = { id: string; ok?: true; rev?: string; error?: string; reason?: string };

  /**
   * A staff write: each document checked against the school's rules with the server's current copy as
   * the old one (one `_all_docs` read), the allowed ones written in one `_bulk_docs`, the refused ones
   * answered as CouchDB answers a refusal, in the order asked; each accepted one goes to the audit log.
   */
  async function write(
    s: Staff,
    docs: Record<string, unknown>[],
  ): Promise<Result[] | { status: 400 | 502; error: string; reason: string }> {
    const db = s.db!;
    const results: (Result | undefined)[] = docs.map((d) => {
      const id = d._id;
      if (typeof id !== 'string' || !ordinaryId(id))
        return {
          id: typeof id === 'string' ? id : '',
          error: 'forbidden',
          reason: refusalReason('not-a-document-id'),
        };
      const special = Object.keys(d).find(
        (k) => k.startsWith('_') && k !== '_id' && k !== '_rev' && k !== '_deleted',
      );
      if (special)
        return {
          id,
          error: 'forbidden',
          reason: refusalReason('field-not-allowed', special),
        };
      // A revision is `N-hex`; anything else would reach the engine and come back as its error.
      if (
        d._rev !== undefined &&
        (typeof d._rev !== 'string' || !/^[1-9]\d{0,9}-[0-9a-f]{1,64}$/.test(d._rev))
      )
        return { id, error: 'bad_request', reason: '版本号不对 (malformed _rev)' };
      if (d._deleted !== undefined && typeof d._deleted !== 'boolean')
        return {
          id,
          error: 'bad_request',
          reason: '_deleted 只能是 true 或 false (_deleted must be a boolean)',
        };
      return undefined;
    });
    // The current copy matters to a write naming a revision, and to every write of a limited scope (a teacher
    // takes no id from another class's record, nor from a deleted or retired one). The office's write without a
    // revision can only create (a live document already there answers "conflict" from the engine).
    const ids = [
      ...new Set(
        docs.flatMap((d, i) =>
          results[i] || (d._rev === undefined && s.scope.all) ? [] : [d._id as string],
        ),
      ),
    ];
    const current = new Map<string, Record<string, unknown>>();
    // Ids whose record was deleted or retired (a tombstone: CouchDB lists it with `value.deleted`, no doc).
    const gone = new Set<string>();
    if (ids.length) {
      const r = await engine.json<{
        rows?: { key: string; value?: { deleted?: boolean } | null; doc?: Record<string, unknown> | null }[];
      }>('POST', `/${encodeURIComponent(db.name)}/_all_docs?include_docs=true`, { keys: ids });
      if (r.status === 404) return { status: 400, error: 'not_found', reason: 'Database does not exist.' };
      if (r.status !== 200 || !Array.isArray(r.json.rows))
        return { status: 502, error: 'engine_error', reason: '数据库引擎出错 (the database engine failed)' };
      for (const row of r.json.rows)
        if (row.doc) current.set(row.key, row.doc);
        else if (row.value?.deleted === true) gone.add(row.key);
    }
    const allowed: Record<string, unknown>[] = [];
    const students = s.scope.all ? undefined : await studentsOf(s);
    const sealedSchool = await sealedSchools.sealed(db.school);
    // A designation's partner must be a staff account of the school (server/designationStaff.ts).
    const staffNames =
      db.collection === 'events' && o.store && namesPartner(docs)
        ? await staffNamesOf(o.store, db.school)
        : undefined;
    const refused =
      db.collection === 'events' && !s.scope.all
        ? await eventRefs.refusals(db.school, s.scope, docs, (i) => !!results[i], students)
        : undefined;
    /** What the body alone is refused for (its shape, the writer's role, the scope of what it names). */
    const bodyRefusal = (d: Record<string, unknown>, i: number, old: Record<string, unknown> | undefined) =>
      (sealedSchool ? plainPersonal(db.collection, d, old) : undefined) ??
      refusal(db.collection, d, old, s.user) ??
      // (A teacher's: judged against the child's partner now, from the school's index.)
      (db.collection === 'events'
        ? designationRefusal(d, s.user, Date.now(), students?.partners.get(String(d.studentId)), staffNames)
        : undefined) ??
      // A teacher writes only about a child of their classes.
      (s.scope.all || inScope(s.scope, db.collection, d, students) ? undefined : OUT_OF_SCOPE) ??
      refused?.[i];
    docs.forEach((d, i) => {
      if (results[i]) return;
      const id = d._id as string;
      const old = current.get(id);
      const why = s.scope.all ? officeWrite(d, i, old) : limitedWrite(d, i, old, gone.has(id));
      if (!why) allowed.push(d);
      else if (why === CONFLICT) results[i] = { id, error: 'conflict', reason: 'Document update conflict.' };
      else results[i] = { id, error: 'forbidden', reason: why };
    });

    /**
     * The office reads the whole school: the current copy first (written against a revision that is no longer
     * the current one: CouchDB's own answer, and the rule is never judged against an old copy), then the rules.
     */
    function officeWrite(d: Record<string, unknown>, i: number, old: Record<string, unknown> | undefined) {
      if (old && d._rev !== old._rev) return CONFLICT;
      return bodyRefusal(d, i, old);
    }

    /**
     * A teacher's write (review 16, finding 1): the body is judged first, as if its id were new, so a body
     * refused for its shape, its role or the child it names gets the same answer whether or not its id is
     * taken by a record the teacher cannot read. Only a body they may write is then held against the id:
     * - taken by a live record out of their scope: out of scope, the very answer of a write about a child of
     *   another class under a fresh id (never "conflict", nor a reason of its own);
     * - a deleted or retired record's (finding 2: a registrar's retirement after a re-id or a migration, an
     *   admin's deletion): refused, with or without a revision. A teacher deletes nothing (records are
     *   append-only), so no tombstone is theirs to write over, and a retired id never comes back to life;
     * - their own scope's: CouchDB's revision rule, then the rules that look at the current copy (its
     *   author: not your record; its sealed identity fields).
     * What stays observable, and why it is acceptable: that a valid body under a given id is refused (out of
     * scope, or deleted) where it would be taken under a fresh id. Ids are unique, so a taken one must be
     * refused or the record behind it overwritten; the answer says nothing of which class holds it, of its
     * content or author. To ask, a teacher must already know the id: a keyed hash (lib/sync/sealed.ts
     * `serverIdOf`) of the record's local id, which for a student, a case or a dated event includes the
     * child's 学籍号 — so the teacher must already hold that child's 学籍号 — and students and cases are the
     * office's to write, refused for the role before any id is looked at.
     */
    function limitedWrite(
      d: Record<string, unknown>,
      i: number,
      old: Record<string, unknown> | undefined,
      deleted: boolean,
    ) {
      const why = bodyRefusal(d, i, undefined);
      if (why) return why;
      if (old && !inScope(s.scope, db.collection, old, students)) return OUT_OF_SCOPE;
      if (deleted) return GONE;
      if (old && d._rev !== old._rev) return CONFLICT;
      return old ? bodyRefusal(d, i, old) : undefined;
    }
    let answers: Result[] = [];
    if (allowed.length) {
      const r = await engine.json<Result[]>(
        'POST',
        `/${encodeURIComponent(db.name)}/_bulk_docs`,
        // Always the documents as the gateway read them, never the client's bytes: an engine that reads
        // JSON differently (a key given twice) must store exactly what the rules judged.
        { docs: allowed },
      );
      if (r.status === 404) return { status: 400, error: 'not_found', reason: 'Database does not exist.' };
      if (
        (r.status !== 201 && r.status !== 200) ||
        !Array.isArray(r.json) ||
        r.json.length !== allowed.length
      )
        return { status: 502, error: 'engine_error', reason: '数据库引擎出错 (the database engine failed)' };
      answers = r.json;
    }
    const at = new Date().toISOString();
    const entries: AuditEntry[] = [];
    let next = 0;
    const out = results.map((r, i) => {
      if (r) return r;
      const a = answers[next++]!;
      const doc = allowed[next - 1]!;
      if (a.ok) {
        const entry: AuditEntry = {
          at,
          who: s.user.name,
          db: db.name,
          // A plain record retired by the migration (lib/sync/migrate.ts): its id may be a 学籍号, which the
          // log, kept for years, must not hold.
          id: doc.retired === true && doc._deleted === true ? '(retired)' : a.id,
          rev: a.rev,
          fields: changedFields(current.get(a.id), doc),
        };
        if (doc._deleted) entry.deleted = true;
        entries.push(entry);
        return { ok: true as const, id: a.id, rev: a.rev };
      }
      return {
        id: a.id ?? (docs[i]!._id as string),
        error: String(a.error ?? 'error'),
        reason: String(a.reason ?? ''),
      };
    });
    audit.append(entries);
    return out;
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error(`request failed: ${req.method} ${(req.url ?? '').replace(/\?.*$/, '')}: ${String(e)}`);
      sendError(res, 502, 'engine_error', '数据库引擎出错，请稍后再试 (the database engine failed)');
    });
  });
  // What Node refuses before the gateway sees it (an unknown method, headers over the limit) is answered in
  // JSON and words too, never an empty reply.
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    const big = e.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify(
      big
        ? { error: 'headers_too_large', reason: '请求头太大 (request headers too large)' }
        : { error: 'bad_request', reason: '请求写法不对 (malformed request)' },
    );
    socket.end(
      `HTTP/1.1 ${big ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  });
  // Receiving a request (headers and body) must end within a minute: a body trickled in byte by byte does not
  // hold a connection for days. (A long-poll's wait is not part of it: that is the answer, not the request.)
  server.requestTimeout = 60_000;
  server.headersTimeout = 30_000;
  // A connection silent for two minutes (a body trickled in, a client gone) is closed; a long-poll answers
  // within a minute.
  server.timeout = 120_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => ok());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}/`,
    port,
    close: () =>
      new Promise<void>((done) => {
        hub.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * The whole server for `npm run server`, `npm start` and tests: the engine (embedded in `dir`, or CouchDB
 * at `upstream` with its admin), the gateway's store and audit log, the accounts, the gateway.
 */
export async function startSchoolServer(o: {
  dir: string;
  port?: number;
  host?: string;
  upstream?: { url: string; admin: { name: string; password: string } };
  createAuth(opts: AuthOptions): Promise<Auth>;
  admin: { name: string; password: string };
  sessionHours?: number;
  secureCookies?: boolean;
}): Promise<Gateway & { engine: string; audit: string }> {
  const embedded = o.upstream ? undefined : await startEmbeddedEngine(o.dir);
  const engine = embedded?.engine ?? upstream({ url: o.upstream!.url, admin: o.upstream!.admin });
  const store = await openGatewayStore(engine);
  const auth = await o.createAuth({
    store,
    admin: o.admin,
    sessionHours: o.sessionHours ?? 24 * 7,
    secureCookies: o.secureCookies ?? false,
  });
  const audit = await AuditLog.open(o.dir);
  const gateway = await startGateway({ engine, auth, audit, store, port: o.port, host: o.host });
  guardProcess(); // once started: a failure to start still ends the process with an error
  return {
    ...gateway,
    engine: engine.where,
    audit: audit.file,
    async close() {
      await gateway.close();
      await audit.close();
      engine.close();
      await embedded?.close();
    },
  };
}

function closeSoon(req: IncomingMessage) {
  req.resume();
  setTimeout(() => req.socket.destroy(), 1000).unref();
}

let guarded = false;
/** An error escaping the engine (express-pouchdb throws outside any request in some paths) is logged, never fatal. */
function guardProcess() {
  if (guarded) return;
  guarded = true;
  process.on('uncaughtException', (e) =>
    console.error(`引擎错误，已忽略 (engine error, kept running): ${e.message}`),
  );
  process.on('unhandledRejection', (e) =>
    console.error(`引擎错误，已忽略 (engine error, kept running): ${String(e)}`),
  );
}
