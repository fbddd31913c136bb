import { createServer, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardAnswer, upstream } from './upstream';

/** An engine that fails the way express-pouchdb did: a 500 whose reason is a stack trace with server paths. */
let engine: Server;
let url: string;
beforeAll(async () => {
  engine = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'set-cookie': 'AuthSession=x' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/crash')
      return send(500, {
        error: 'TypeError',
        reason: "Cannot read properties of null (reading '_id')\n    at /work/main/node_modules/x.js:10:5",
      });
    if (req.url === '/missing') return send(404, { error: 'not_found', reason: 'missing' });
    if (req.url === '/path') return send(400, { error: 'bad_request', reason: 'ENOENT /srv/baoxue/.data/x' });
    send(200, { ok: true });
  });
  await new Promise<void>((r) => engine.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(engine.address() as { port: number }).port}/`;
});
afterAll(() => new Promise<void>((r) => engine.close(() => r())));

/** What a client receives for an engine answer passed through the gateway. */
async function through(path: string) {
  const u = upstream({ url });
  const answer = await u.request({ method: 'GET', path });
  const front = createServer((_req, res: ServerResponse) => void forwardAnswer(answer, res));
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  try {
    const r = await fetch(`http://127.0.0.1:${(front.address() as { port: number }).port}/`);
    return { status: r.status, body: await r.text(), cookie: r.headers.get('set-cookie') };
  } finally {
    front.closeAllConnections();
    front.close();
    u.close();
  }
}

describe('engine answers as a client sees them', () => {
  it('turn an engine 500 into a 502 in plain words, with no stack trace or server path', async () => {
    const r = await through('/crash');
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body)).toEqual({
      error: 'engine_error',
      reason: '数据库引擎出错，请稍后再试 (the database engine failed)',
    });
  });

  it('keep an engine refusal’s words, unless they name a path on the server', async () => {
    expect(JSON.parse((await through('/missing')).body)).toEqual({ error: 'not_found', reason: 'missing' });
    expect(JSON.parse((await through('/path')).body)).toEqual({
      error: 'bad_request',
      reason: '数据库引擎拒绝了这个请求 (the database engine refused the request)',
    });
  });

  it('pass a success through without the engine’s cookies', async () => {
    const r = await through('/ok');
    expect([r.status, JSON.parse(r.body), r.cookie]).toEqual([200, { ok: true }, null]);
  });
});
