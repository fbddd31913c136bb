/**
 * Nobody without an account makes the server hold a large body: an upload with no credentials, or with a
 * forged session cookie, is answered 401 and cut off long before it has been sent whole (before, it was
 * read to the end — up to 16 MB a request — and only then refused). A login's body is small.
 */
import { request } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { databaseName } from '../lib/sync/school';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// The demo school: its staff, the registrar's keyring handed to every member.
const bed = syncTestbed({ keys: 'members' });

/** Sends up to `total` bytes in 64 KB chunks, a little at a time; says what came back and how much was sent by then. */
function slowUpload(path: string, headers: Record<string, string>, total: number) {
  return new Promise<{ status: number; body: string; sentWhenAnswered: number }>((resolve, reject) => {
    let sent = 0;
    let sentWhenAnswered = -1;
    const req = request(
      `${bed.url}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        sentWhenAnswered = sent;
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered }));
      },
    );
    req.on('error', (e) => (sentWhenAnswered >= 0 ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      if (sentWhenAnswered >= 0 || sent >= total) return void req.end();
      sent += chunk.length;
      req.write(chunk);
      setTimeout(pump, 5);
    };
    pump();
  });
}

describe('an upload from someone without an account', () => {
  const db = databaseName('demo', 'events');
  const total = 8 * 1024 * 1024;

  it.each([
    ['no credentials', {}],
    ['a forged session cookie', { cookie: 'AuthSession=abc' }],
  ])('with %s is refused before it is read', async (_what, headers) => {
    const r = await slowUpload(`${db}/_bulk_docs`, headers, total);
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'unauthorized' });
    expect(r.sentWhenAnswered).toBeLessThan(total / 4);
  });

  it('a login body over 16 KB is refused as too large', async () => {
    const r = await slowUpload('_session', {}, 1024 * 1024);
    expect(r.status).toBe(413);
    expect(r.sentWhenAnswered).toBeLessThan(1024 * 1024);
  });
});
