/**
 * The embedded engine for `npm start`, demos, tests and small schools: express-pouchdb over PouchDB's LevelDB
 * adapter, data in the data folder. It listens on a Unix socket inside the data folder's `engine/`
 * (owner-only), never on a TCP port: only the gateway in this process reaches it, as its (only) user, so
 * it runs without accounts of its own. Every rule lives in the gateway.
 *
 * express-pouchdb's validation layer is left out: it rewrote the revision history of every incoming
 * document, so a `_bulk_docs` with `new_edits: false` updating an existing document answered `201 []` and
 * stored nothing (server-to-server replication lost updates), and it evaluates design-document code.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import leveldb from 'pouchdb-adapter-leveldb';
import PouchDB from 'pouchdb-core';
import mapreduce from 'pouchdb-mapreduce';
import { type Upstream, upstream } from './upstream';

const SECURITY = '_local/_security';

export async function startEmbeddedEngine(
  dir: string,
  /** Listen on 127.0.0.1 at this port instead of the socket: only the bench's engine-alone baseline does. */
  benchPort?: number,
): Promise<{ engine: Upstream; port?: number; close(): Promise<void> }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const home = join(resolve(dir), 'engine');
  await mkdir(home, { recursive: true, mode: 0o700 });
  await chmod(home, 0o700);
  const socketPath = join(home, 'engine.sock');
  if (Buffer.byteLength(socketPath) > 100)
    throw new Error(
      `数据目录的路径太长 (the data folder's path is too long for the engine's socket): ${dir}`,
    );
  // A socket left by a server that stopped is removed; one that answers belongs to a server still running on
  // this data folder, whose engine must not be cut off by a second start.
  if (await answers(socketPath))
    throw new Error(
      `这个数据目录已有同步服务器在运行 (a sync server is already running on this data folder): ${dir}`,
    );
  await rm(socketPath, { force: true });

  const Pouch = PouchDB.plugin(leveldb)
    .plugin(mapreduce)
    .defaults({ prefix: `${resolve(dir)}/` });
  const inner = expressPouchDB(Pouch, {
    mode: 'minimumForPouchDB',
  });
  const app = express();
  app.disable('x-powered-by');
  // `_security` is kept (set-up writes it, `--check` reads it) though the gateway decides from roles; it
  // sits where pouchdb-security kept it, so older data folders keep theirs.
  const exists = (db: string) => /^[a-z][a-z0-9_$()+/-]*$/.test(db) && existsSync(join(resolve(dir), db));
  app.get('/:db/_security', (req, res) => {
    if (!exists(req.params.db))
      return void res.status(404).json({ error: 'not_found', reason: 'no_db_file' });
    new Pouch(req.params.db)
      .get(SECURITY)
      .then(({ _id, _rev, ...sec }: Record<string, unknown>) => res.json(sec))
      .catch(() => res.json({}));
  });
  app.put('/:db/_security', express.json({ limit: '1mb' }), (req, res) => {
    if (!exists(req.params.db))
      return void res.status(404).json({ error: 'not_found', reason: 'no_db_file' });
    const db = new Pouch(req.params.db);
    db.get(SECURITY)
      .catch(() => ({}))
      .then((old: { _rev?: string }) => db.put({ ...req.body, _id: SECURITY, _rev: old._rev }))
      .then(() => res.json({ ok: true }))
      .catch(() => res.status(400).json({ error: 'bad_request', reason: 'security object not saved' }));
  });
  app.use(inner);
  // An error inside the engine ends that request, never the process.
  app.use((_e: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (!res.headersSent) res.status(500).json({ error: 'engine_error', reason: 'engine error' });
  });
  const server: Server = await new Promise((ok, fail) => {
    const s =
      benchPort === undefined
        ? app.listen(socketPath, () => ok(s))
        : app.listen(benchPort, '127.0.0.1', () => ok(s));
    s.on('error', fail);
  });
  const port = benchPort === undefined ? undefined : (server.address() as { port: number }).port;
  if (port === undefined) await chmod(socketPath, 0o600);
  const engine =
    port === undefined ? upstream({ socketPath }) : upstream({ url: `http://127.0.0.1:${port}/` });
  return {
    engine,
    port,
    close: () =>
      new Promise<void>((done) => {
        engine.close();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Whether something listens on this Unix socket (a stale socket file refuses the connection). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((done) => {
    const c = connect(socketPath);
    c.once('connect', () => {
      c.destroy();
      done(true);
    });
    c.once('error', () => done(false));
  });
}
