/**
 * Requests so odd that Node's HTTP parser refuses them before the gateway sees them (an unknown method,
 * headers over the limit), and a staff write with a revision that is not one, get an answer in JSON and
 * words like every other refusal — not an empty reply, and not the engine's error.
 */
import { connect } from 'node:net';
import { expect, it, vi } from 'vitest';
import { basicAuth } from '../lib/sync/account';
import { databaseName } from '../lib/sync/school';
import { STAFF } from '../tests/support/sync-server';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// The demo school: its staff, the registrar's keyring handed to every member.
const bed = syncTestbed({ keys: 'members' });

/** Writes raw bytes to the server and reads what comes back until it closes. */
function raw(text: string) {
  return new Promise<string>((resolve, reject) => {
    const s = connect(bed.server.port, '127.0.0.1', () => s.write(text));
    let out = '';
    s.on('data', (c) => {
      out += c;
    });
    s.on('end', () => resolve(out));
    s.on('error', (e) => (out ? resolve(out) : reject(e)));
  });
}
const bodyOf = (reply: string) => JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4));

it('answers an unknown method in JSON', async () => {
  const reply = await raw('FOO / HTTP/1.1\r\nHost: x\r\n\r\n');
  expect(reply).toMatch(/^HTTP\/1.1 400/);
  expect(bodyOf(reply)).toMatchObject({ error: 'bad_request' });
});

it('answers headers over the limit in JSON', async () => {
  const reply = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  expect(reply).toMatch(/^HTTP\/1.1 431/);
  expect(bodyOf(reply)).toMatchObject({ error: 'headers_too_large' });
});

it('refuses a staff write whose revision is not one, in its place in the answer', async () => {
  const t = STAFF.find((s) => s.role === 'teacher')!;
  const r = await fetch(`${bed.url}${databaseName('demo', 'events')}/_bulk_docs`, {
    method: 'POST',
    headers: {
      authorization: basicAuth({ user: t.name, password: t.password }),
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      docs: [{ _id: 'x', _rev: 'garbage', kind: 'homeVisit', author: t.name, at: 1, data: {} }],
    }),
  });
  expect(r.status).not.toBe(502);
  expect(JSON.stringify(await r.json())).toContain('malformed _rev');
});

it('tells browsers and proxies to keep no copy of what it answers', async () => {
  const t = STAFF.find((s) => s.role === 'teacher')!;
  const auth = { authorization: basicAuth({ user: t.name, password: t.password }) };
  for (const path of [databaseName('demo', 'events'), `${databaseName('demo', 'events')}/_changes?limit=1`])
    expect((await fetch(`${bed.url}${path}`, { headers: auth })).headers.get('cache-control')).toBe(
      'no-store',
    );
});
