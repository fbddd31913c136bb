/**
 * A small node:http front for tests and the login bench: what the gateway does with `Auth` (identify every
 * request, refuse a failed one, hand `/_session` and `/_baoxue/…` over), then answers `{user}` for any other
 * path instead of forwarding it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Auth } from '../contracts';

export async function authHarness(auth: Auth, opts: { ip?: () => string } = {}) {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const ip = opts.ip?.() ?? req.socket.remoteAddress ?? '';
    const who = await auth.identify(req, ip);
    if (!who.ok) {
      res.writeHead(who.status, {
        'content-type': 'application/json',
        ...(who.retryAfter ? { 'retry-after': String(who.retryAfter) } : {}),
      });
      return res.end(
        JSON.stringify({
          error: who.status === 429 ? 'too_many_requests' : 'unauthorized',
          reason: who.reason,
        }),
      );
    }
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    if (await auth.handle(req, res, { ip, body, user: who.user })) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ user: who.user }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
