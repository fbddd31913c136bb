/**
 * The embedded sync server for `npm start`, demos and tests: a CouchDB-protocol server (express-pouchdb over
 * PouchDB's LevelDB adapter, data on disk) behind a guard. In production a school points Baoxue at Apache
 * CouchDB 3 instead; `npm run server:setup` prepares either.
 *
 * The guard exists because express-pouchdb is not CouchDB: some unauthenticated requests crash its process
 * (an anonymous PUT of a new database, an anonymous _bulk_docs to a secured one), and anyone may create a
 * user. So every request but the login itself must carry a valid session or password, only server admins
 * reach `_users`, `_config` and database creation, and a user reaches only the databases whose
 * `_security` names them — before express-pouchdb sees the request.
 */
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import expressPouchDB from 'express-pouchdb';
import httpAdapter from 'pouchdb-adapter-http';
import leveldb from 'pouchdb-adapter-leveldb';
import PouchDB from 'pouchdb-core';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';

export interface SyncServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface UserCtx {
  name: string | null;
  roles: string[];
}

const CACHE_MS = 5_000;

export async function startSyncServer(opts: {
  dir: string;
  port?: number;
  admin: { name: string; password: string };
}): Promise<SyncServer> {
  await mkdir(opts.dir, { recursive: true });
  const Pouch = PouchDB.plugin(leveldb)
    .plugin(httpAdapter)
    .plugin(mapreduce)
    .plugin(replication)
    .defaults({ prefix: `${opts.dir}/` });
  const inner = expressPouchDB(Pouch, {
    configPath: join(opts.dir, 'config.json'),
    logPath: join(opts.dir, 'log.txt'),
    overrideMode: { exclude: ['routes/fauxton'] },
  });
  // Set once (the config file keeps it hashed); setting it again on every start races the file's writes.
  if (!inner.couchConfig.get('admins', opts.admin.name))
    await new Promise<void>((resolve, reject) =>
      inner.couchConfig.set('admins', opts.admin.name, opts.admin.password, (e: unknown) =>
        e ? reject(e) : resolve(),
      ),
    );

  const app = express();
  let base = '';
  const adminAuth = `Basic ${Buffer.from(`${opts.admin.name}:${opts.admin.password}`).toString('base64')}`;
  const sessions = new Map<string, { at: number; ctx: UserCtx }>();
  const security = new Map<string, { at: number; sec: { admins?: Members; members?: Members } | null }>();

  /** Who sent this request, as the server itself judges its cookie or password (cached briefly). */
  async function userOf(req: Request): Promise<UserCtx> {
    const key = `${req.headers.authorization ?? ''}|${/AuthSession=[^;]+/.exec(req.headers.cookie ?? '')?.[0] ?? ''}`;
    if (key === '|') return { name: null, roles: [] };
    const hit = sessions.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.ctx;
    const headers: Record<string, string> = {};
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    if (req.headers.cookie) headers.cookie = req.headers.cookie;
    const r = await fetch(`${base}/_session`, { headers });
    const ctx = r.ok ? ((await r.json()) as { userCtx: UserCtx }).userCtx : { name: null, roles: [] };
    if (sessions.size > 1000) sessions.clear();
    sessions.set(key, { at: Date.now(), ctx });
    return ctx;
  }

  async function securityOf(db: string) {
    const hit = security.get(db);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.sec;
    const r = await fetch(`${base}/${encodeURIComponent(db)}/_security`, {
      headers: { authorization: adminAuth },
    });
    const sec = r.ok ? ((await r.json()) as { admins?: Members; members?: Members }) : null;
    security.set(db, { at: Date.now(), sec });
    return sec;
  }

  const deny = (res: Response, status: 401 | 403 | 404, error: string, reason: string) =>
    res.status(status).json({ error, reason });

  async function guard(req: Request, res: Response, next: NextFunction) {
    const path = req.path;
    // The login itself, and the server's welcome (clients probe it).
    if (path === '/_session' || path === '/') return next();
    const user = await userOf(req);
    if (!user.name && !user.roles.includes('_admin'))
      return req.headers.authorization
        ? deny(res, 401, 'unauthorized', '用户名或密码不对 (wrong name or password)')
        : deny(res, 401, 'unauthorized', '请先登录 (login required)');
    const isAdmin = user.roles.includes('_admin');
    const [, first = '', rest = ''] = /^\/([^/]*)(.*)$/.exec(path) ?? [];
    const db = decodeURIComponent(first);
    if (db.startsWith('_'))
      return isAdmin ? next() : deny(res, 403, 'forbidden', '仅限服务器管理员 (server admins only)');
    // Creating or deleting a database is for the set-up command (a server admin).
    // (Express routes '/db/' like '/db': a trailing slash must not slip past this.)
    if ((rest === '' || rest === '/') && (req.method === 'PUT' || req.method === 'DELETE') && !isAdmin)
      return deny(res, 403, 'forbidden', '仅限服务器管理员 (server admins only)');
    if (isAdmin) return next();
    const sec = await securityOf(db);
    if (!sec) return deny(res, 404, 'not_found', 'Database does not exist.');
    const names = [...(sec.members?.names ?? []), ...(sec.admins?.names ?? [])];
    const roles = [...(sec.members?.roles ?? []), ...(sec.admins?.roles ?? [])];
    // A database with no members would be open to anyone in CouchDB: here it is closed instead.
    if (!names.includes(user.name!) && !user.roles.some((r) => roles.includes(r)))
      return deny(res, 403, 'forbidden', '你不是这所学校的成员 (not a member of this school)');
    next();
  }

  app.use((req, res, next) => {
    guard(req, res, next).catch((e) => deny(res, 403, 'forbidden', String(e)));
  });
  app.use(inner);

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  const port = (server.address() as { port: number }).port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Members = { names?: string[]; roles?: string[] };
