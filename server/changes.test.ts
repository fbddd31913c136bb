/**
 * The fanned-out change feed (server/changes.ts) with an engine stand-in: a teacher's long-poll woken by a
 * change outside their classes waits on from after it, instead of asking the engine again and again.
 */
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { ChangesHub } from './changes';
import type { Upstream } from './upstream';

it('a long-poll woken by a change its reader may not see waits on from after it', async () => {
  let seq = 0;
  let engineCalls = 0;
  const answer = (body: string) => {
    const s = new PassThrough() as PassThrough & { statusCode: number; headers: object };
    s.statusCode = 200;
    s.headers = {};
    setImmediate(() => s.end(body));
    return s;
  };
  const engine = {
    where: 'stand-in',
    async request(o: { path: string }) {
      engineCalls++;
      const since = Number(new URL(`http://x${o.path}`).searchParams.get('since'));
      for (;;) {
        if (since < seq) return answer(JSON.stringify({ results: [{ seq, id: 'other' }], last_seq: seq }));
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    json: async () => ({ status: 200, json: {} }),
    close() {},
  } as unknown as Upstream;
  const hub = new ChangesHub(engine);
  let reads = 0;
  // A teacher's read: every change so far is another class's, so nothing to show, at the engine's position.
  const read = async () => {
    reads++;
    return { status: 200, body: '', lastSeq: seq, empty: true };
  };
  const res = new PassThrough() as PassThrough & { writeHead: () => void };
  res.writeHead = () => {};
  let body = '';
  res.on('data', (c) => {
    body += c;
  });
  setTimeout(() => {
    seq = 1; // one write in another class
  }, 100);
  await hub.serve(
    res as never,
    'baoxue-demo-students',
    { feed: 'longpoll', since: '0', timeout: '1000' },
    read,
  );
  hub.close();
  expect(reads).toBeLessThan(10);
  expect(engineCalls).toBeLessThan(10);
  // The device's checkpoint moves past the change it may not see.
  expect(JSON.parse(body)).toEqual({ results: [], last_seq: 1 });
});
