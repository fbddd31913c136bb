/**
 * 1,000+ generated malformed requests (methods, paths, query strings, bodies) as a teacher with a valid
 * account, against the real server process: every answer is a number, every error JSON with a reason
 * and no stack trace, the server stays up, and the school's documents, security objects and design
 * documents are exactly as before.
 */
import fc from 'fast-check';
import { beforeAll, expect, it, vi } from 'vitest';
import { basicAuth } from '../lib/sync/account';
import { databaseName, SYNCED } from '../lib/sync/school';
import { ADMIN, STAFF } from '../tests/support/sync-server';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 60_000 });

// The demo school: its staff, the registrar's keyring handed to every member.
const bed = syncTestbed({ keys: 'members' });
const admin = basicAuth({ user: ADMIN.name, password: ADMIN.password });
const t = STAFF.find((s) => s.name === '王老师')!;
const teacher = basicAuth({ user: t.name, password: t.password });
const EVENTS = databaseName('demo', 'events');

beforeAll(async () => {
  await put(`${EVENTS}/visit-0`, {
    kind: 'homeVisit',
    author: '李主任',
    at: 1,
    data: {},
  });
}, 60_000);

async function put(path: string, body: unknown) {
  const r = await fetch(`${bed.url}${path}`, {
    method: 'PUT',
    headers: { authorization: admin, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.ok).toBe(true);
}

async function snapshot() {
  const read = async (path: string) =>
    (await fetch(`${bed.url}${path}`, { headers: { authorization: admin } })).text();
  const out: string[] = [await read('_all_dbs')];
  for (const c of SYNCED) {
    const db = databaseName('demo', c);
    out.push(await read(`${db}/_all_docs?include_docs=true&conflicts=true`));
    out.push(await read(`${db}/_security`));
    out.push(await read(`${db}/_local/_security`));
  }
  return out;
}

// Pieces a hostile path is made of: the school's databases, every special name, encodings, tricks.
const segment = fc.oneof(
  fc.constantFrom(
    ...SYNCED.map((c) => databaseName('demo', c)),
    databaseName('other', 'events'),
    'baoxue_gateway',
    '_design',
    'baoxue',
    '_local',
    '_security',
    '_changes',
    '_all_docs',
    '_bulk_docs',
    '_bulk_get',
    '_revs_diff',
    '_find',
    '_index',
    '_explain',
    '_view',
    '_temp_view',
    '_update',
    '_show',
    '_list',
    '_rewrite',
    '_purge',
    '_compact',
    '_users',
    '_config',
    '_all_dbs',
    '_session',
    '_baoxue',
    'audit',
    'accounts',
    'password',
    '_replicate',
    'visit-0',
    'G1',
    '..',
    '%2e%2e',
    '%2F',
    '%00',
    '%',
    '%E0%A4%A',
    '',
    '_design%2Fbaoxue',
    'org.couchdb.user:mallory',
  ),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
// Half the paths are the school's own endpoints (so bodies reach the write rules), half anything at all.
const endpoint = fc
  .tuple(
    fc.constantFrom(...SYNCED.map((c) => databaseName('demo', c))),
    fc.constantFrom(
      '_bulk_docs',
      '_all_docs',
      '_changes',
      'visit-0',
      'new-1',
      'G1',
      '',
      '_security',
      '_find',
    ),
  )
  .map(([db, rest]) => (rest ? `${db}/${rest}` : db));
const path = fc.oneof(
  endpoint,
  fc.array(segment, { minLength: 0, maxLength: 5 }).map((s) => s.join('/')),
);
const param = fc.tuple(
  fc.constantFrom(
    'filter',
    'feed',
    'since',
    'doc_ids',
    'view',
    'style',
    'include_docs',
    'heartbeat',
    'timeout',
    'limit',
    'keys',
    'startkey',
    'rev',
    'new_edits',
    'attachments',
    'open_revs',
    'seq_interval',
    'descending',
  ),
  fc.oneof(
    fc.constantFrom(
      'nope/f',
      '_view',
      'continuous',
      'eventsource',
      'longpoll',
      'normal',
      'now',
      '0',
      '-1',
      'true',
      'x',
      '["visit-0"]',
      '99999999999999999999',
      '1',
    ),
    fc.string({ maxLength: 20 }),
  ),
);
const query = fc
  .array(param, { maxLength: 4 })
  .chain((ps) => fc.constantFrom(ps, []))
  .map((ps) => (ps.length ? `?${ps.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''));
// A document that is never a valid write for this teacher (no event kind with this author and a number `at`).
const doc = fc.oneof(
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      _id: fc.oneof(
        fc.constantFrom('_design/x', '_local/y', 'visit-0', '', 'G1'),
        fc.string({ maxLength: 8 }),
      ),
      _rev: fc.oneof(fc.constant('1-x'), fc.jsonValue({ maxDepth: 1 })),
      _deleted: fc.jsonValue({ maxDepth: 1 }),
      _attachments: fc.jsonValue({ maxDepth: 2 }),
      _revisions: fc.jsonValue({ maxDepth: 2 }),
      author: fc.constantFrom('李主任', '赵老师', 1, null),
      kind: fc.oneof(fc.constantFrom('documentReceived', 'nope'), fc.string({ maxLength: 5 })),
      views: fc.jsonValue({ maxDepth: 2 }),
      members: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  ),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', '{', 'null', '[]', '{"docs":[null]}', '{"docs":5}', '{"keys":null}', '\u0000', '"x"'),
  fc.nat({ max: 200 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.nat({ max: 200 }).map((n) => `{"docs":[${'{"a":'.repeat(n)}1${'}'.repeat(n)}]}`),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      { docs: fc.array(doc, { maxLength: 4 }), new_edits: fc.jsonValue({ maxDepth: 1 }) },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc
    .record({ keys: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }) })
    .map((v) => JSON.stringify(v)),
  doc.map((d) => JSON.stringify(d)),
);
const method = fc.oneof(
  fc.constantFrom('POST', 'PUT', 'GET'),
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'COPY', 'MOVE'),
);

const db = fc.constantFrom(...SYNCED.map((c) => databaseName('demo', c)));
const docObject = doc.filter((d) => d !== null && typeof d === 'object' && !Array.isArray(d));
type Req = [string, string, string, string | undefined];
/** Requests aimed at each endpoint the allow-list admits (so they reach the rules), and anything at all. */
const requestArb: fc.Arbitrary<Req> = fc.oneof(
  fc.tuple(method, path, query, body),
  fc.tuple(
    fc.constant('POST'),
    db.map((d) => `${d}/_bulk_docs`),
    fc.constant(''),
    fc.array(docObject, { minLength: 1, maxLength: 4 }).map((docs) => JSON.stringify({ docs })),
  ),
  fc.tuple(
    fc.constant('PUT'),
    fc.tuple(db, fc.constantFrom('visit-0', 'new-1', 'G1')).map(([d, id]) => `${d}/${id}`),
    fc.constant(''),
    docObject.map((d) => JSON.stringify(d)),
  ),
  fc.tuple(
    fc.constant('POST'),
    db.map((d) => `${d}/_all_docs`),
    query,
    body,
  ),
  fc.tuple(
    fc.constant('GET'),
    db.map((d) => `${d}/_changes`),
    query,
    fc.constant(undefined),
  ),
);

it('survives 1,000 generated malformed requests from a teacher, changing nothing', async () => {
  const before = await snapshot();
  let sent = 0;
  const seen = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(requestArb, async ([m, p, q, b]) => {
      const r = await fetch(`${bed.url}${p}${q}`, {
        method: m,
        headers: { authorization: teacher, 'content-type': 'application/json' },
        body: m === 'GET' || m === 'HEAD' ? undefined : b,
        signal: AbortSignal.timeout(5_000),
      }).catch((e: Error) => e);
      sent++;
      if (r instanceof Error) {
        // Only a long-poll the generator happened to write may run out its time; nothing else may fail.
        expect(`${p}${q}`).toMatch(/_changes.*longpoll/);
        return;
      }
      const text = await r.text();
      seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
      if (r.status >= 400 && m !== 'HEAD') {
        const json = JSON.parse(text) as { error: unknown; reason: unknown };
        expect(typeof json.error).toBe('string');
        expect(typeof json.reason).toBe('string');
        expect(String(json.reason)).not.toMatch(/\bat \S+:\d+|node_modules|\/tmp\/|\/work\//);
      }
      expect(r.status).toBeLessThan(500);
      if (sent % 100 === 0) expect((await fetch(bed.url)).status).toBe(200);
    }),
    { numRuns: 1000, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
  );
  expect(sent).toBeGreaterThanOrEqual(1000);
  // The generator reaches past the allow-list into the write rules, not only the front door.
  expect([...seen.keys()]).toEqual(expect.arrayContaining([201, 400, 403, 404, 405]));
  expect((await fetch(bed.url)).status).toBe(200);
  expect(await snapshot()).toEqual(before);
});
