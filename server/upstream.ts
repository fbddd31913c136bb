/**
 * The engine behind the gateway (the embedded store on a Unix socket, or Apache CouchDB at `--upstream`),
 * called as the engine's admin: a JSON helper for the gateway's own reads and writes, and a raw forward
 * that streams an engine answer to the client. Engine error bodies never reach a client as they are: they
 * are cut down to `{error, reason}` (express-pouchdb puts stack traces with server paths in its 500s).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';

export interface Upstream {
  /** Where the engine is, for messages (never its credentials). */
  where: string;
  request(o: RequestOptions): Promise<IncomingMessage>;
  json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T }>;
  close(): void;
}

export interface RequestOptions {
  method: string;
  /** Path and query, starting with '/'. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Milliseconds before the engine is given up on (none for feeds that wait by design). */
  timeout?: number;
}

export function upstream(target: {
  socketPath?: string;
  url?: string;
  admin?: { name: string; password: string };
}): Upstream {
  const url = target.url ? new URL(target.url) : undefined;
  const base = url ? url.pathname.replace(/\/$/, '') : '';
  const secure = url?.protocol === 'https:';
  const agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 64 });
  const auth = target.admin
    ? `Basic ${Buffer.from(`${target.admin.name}:${target.admin.password}`).toString('base64')}`
    : undefined;
  const request = (o: RequestOptions) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
      if (auth) headers.authorization = auth;
      if (o.body !== undefined) headers['content-length'] = String(Buffer.byteLength(o.body));
      const req = (secure ? https : http).request(
        {
          agent,
          method: o.method,
          path: base + o.path,
          headers,
          ...(target.socketPath
            ? { socketPath: target.socketPath }
            : { host: url!.hostname, port: url!.port || (secure ? 443 : 80) }),
        },
        resolve,
      );
      req.on('error', reject);
      if (o.timeout) req.setTimeout(o.timeout, () => req.destroy(new Error('engine timeout')));
      req.end(o.body);
    });
  return {
    where: target.url ? `${url!.protocol}//${url!.host}${base}/` : 'embedded',
    request,
    async json<T>(method: string, path: string, body?: unknown) {
      const res = await request({
        method,
        path,
        timeout: 120_000,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = (await readAll(res)).toString('utf8');
      let json: unknown = {};
      try {
        json = JSON.parse(text);
      } catch {}
      return { status: res.statusCode ?? 502, json: json as T };
    },
    close: () => agent.destroy(),
  };
}

export function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    stream.on('data', (c: Buffer) => parts.push(c));
    stream.on('end', () => resolve(Buffer.concat(parts)));
    stream.on('error', reject);
  });
}

/**
 * Headers of an engine answer a client may see. (Not the engine's cache-control: the gateway answers every
 * request with no-store.)
 */
const PASSED = ['content-type', 'etag'];

/**
 * Streams an engine answer to the client. A failed one (4xx/5xx) is read whole (they are small) and
 * answered as `{error, reason}` in plain words: an engine 500 never shows its stack trace or its paths.
 */
export async function forwardAnswer(engine: IncomingMessage, res: ServerResponse): Promise<void> {
  const status = engine.statusCode ?? 502;
  if (status >= 400) {
    const text = (await readAll(engine)).toString('utf8');
    let body: { error?: unknown; reason?: unknown } = {};
    try {
      body = JSON.parse(text);
    } catch {}
    if (status >= 500)
      return sendError(res, 502, 'engine_error', '数据库引擎出错，请稍后再试 (the database engine failed)');
    return sendError(
      res,
      status,
      plain(body.error, 'error'),
      plain(body.reason, '数据库引擎拒绝了这个请求 (the database engine refused the request)'),
    );
  }
  const headers: Record<string, string> = {};
  for (const h of PASSED) {
    const v = engine.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  res.writeHead(status, headers);
  engine.pipe(res);
  await new Promise<void>((resolve) => {
    engine.on('end', resolve);
    engine.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      engine.destroy();
      resolve();
    });
  });
}

/** An engine's words, kept only when they are short plain text (no stack, no path). */
function plain(v: unknown, fallback: string): string {
  if (typeof v !== 'string' || v.length > 200 || /\n|\bat \S+:\d+|[/\\]\w+[/\\]/.test(v)) return fallback;
  return v;
}

/** Every error the gateway gives: JSON, a machine word and a reason in plain words. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  reason: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ error, reason });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}
