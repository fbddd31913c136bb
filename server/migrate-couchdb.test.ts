/**
 * `--finish-migration --upstream <CouchDB>` (server/migrate.ts) purges every leaf revision of every retired plain
 * record, not only the winning one: a deleted former conflict may still carry the plain record. No CouchDB 3 is
 * installed here, so this runs against a small fake that speaks the documented protocol the command uses
 * (`_all_dbs`, `_changes?style=all_docs&include_docs=true`, `GET /{db}/{id}?revs=true&open_revs=all`, `_purge`,
 * `_compact`; https://docs.couchdb.org/en/stable/api/database/misc.html#db-purge), records every request and
 * keeps a revision tree per document: the purge must name every leaf, and nothing sealed or still plain-live is
 * touched.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { finishMigration } from './migrate';
import { upstream } from './upstream';

type Doc = Record<string, unknown>;
interface Leaf {
  rev: string;
  body: Doc;
  deleted: boolean;
}

const gen = (rev: string) => Number(rev.split('-')[0]);
/** CouchDB's winner: a live leaf before a deleted one, then the longer history, then the greater revision id. */
const winner = (leaves: Leaf[]) =>
  [...leaves].sort(
    (a, b) =>
      Number(a.deleted) - Number(b.deleted) ||
      gen(b.rev) - gen(a.rev) ||
      (a.rev < b.rev ? 1 : a.rev > b.rev ? -1 : 0),
  )[0]!;

/** A fake CouchDB 3: one database's documents as leaf lists; `purgeOnlyFirst` makes it a faulty engine. */
function fakeCouch(docs: Record<string, Leaf[]>, o: { purgeOnlyFirst?: boolean } = {}) {
  const DB = 'baoxue-demo-students';
  const requests: { method: string; url: string; body?: unknown }[] = [];
  const purged: Record<string, string[]> = {};
  const docOf = (id: string, l: Leaf) => ({
    ...l.body,
    _id: id,
    _rev: l.rev,
    ...(l.deleted ? { _deleted: true } : {}),
  });
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = raw ? JSON.parse(raw) : undefined;
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (req.headers.authorization !== `Basic ${Buffer.from('couch:pw').toString('base64')}`)
        return send(401, { error: 'unauthorized' });
      if (parts[0] === '_all_dbs') return send(200, ['_users', DB, 'baoxue_gateway']);
      if (parts[0] !== DB) return send(404, { error: 'not_found' });
      if (parts.length === 1) return send(200, { db_name: DB, update_seq: '9-g1AAAA' });
      if (parts[1] === '_changes') {
        expect(url.searchParams.get('style')).toBe('all_docs');
        const results = Object.entries(docs).map(([id, leaves], i) => {
          const w = winner(leaves);
          return {
            seq: `${i + 1}-g1AAAA`,
            id,
            changes: leaves.map((l) => ({ rev: l.rev })),
            ...(w.deleted ? { deleted: true } : {}),
            doc: docOf(id, w),
          };
        });
        return send(200, { results, last_seq: `${results.length}-g1AAAA`, pending: 0 });
      }
      if (parts[1] === '_compact' && req.method === 'POST') return send(202, { ok: true });
      if (parts[1] === '_purge' && req.method === 'POST') {
        const answer: Record<string, string[]> = {};
        for (const [id, revs] of Object.entries(body as Record<string, string[]>)) {
          const leaves = docs[id] ?? [];
          const take = (o.purgeOnlyFirst ? revs.slice(0, 1) : revs).filter((r) =>
            leaves.some((l) => l.rev === r),
          );
          docs[id] = leaves.filter((l) => !take.includes(l.rev));
          if (!docs[id]!.length) delete docs[id];
          answer[id] = take;
          purged[id] = [...(purged[id] ?? []), ...take];
        }
        return send(201, { purge_seq: null, purged: answer });
      }
      if (parts.length === 2 && req.method === 'GET') {
        const leaves = docs[parts[1]!];
        if (!leaves) return send(404, { error: 'not_found', reason: 'missing' });
        if (url.searchParams.get('open_revs') === 'all')
          return send(
            200,
            leaves.map((l) => ({
              ok: {
                ...docOf(parts[1]!, l),
                ...(url.searchParams.get('revs') === 'true'
                  ? { _revisions: { start: gen(l.rev), ids: [l.rev.split('-')[1]] } }
                  : {}),
              },
            })),
          );
        return send(200, docOf(parts[1]!, winner(leaves)));
      }
      send(400, {
        error: 'bad_request',
        reason: `fake CouchDB does not speak ${req.method} ${url.pathname}`,
      });
    });
  });
  return {
    requests,
    purged,
    docs,
    async start() {
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
      const port = (server.address() as { port: number }).port;
      return upstream({ url: `http://127.0.0.1:${port}/`, admin: { name: 'couch', password: 'pw' } });
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

const SEALED = 'h-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
/** A retired 学籍号 whose deleted former conflict still holds the child's name and phone. */
const school = (): Record<string, Leaf[]> => ({
  G110105201401010011: [
    { rev: '3-aaa', body: { retired: true }, deleted: true },
    {
      rev: '2-bbb',
      body: { name: '张小明', phone: '13800138000', className: '七年级1班' },
      deleted: true,
    },
  ],
  G110105201401010022: [{ rev: '2-ccc', body: { retired: true }, deleted: true }],
  // Sealed, with a conflict: kept as it is.
  [SEALED]: [
    { rev: '2-ddd', body: { enc: 'k.iv.ct1', className: '七年级1班' }, deleted: false },
    { rev: '2-eee', body: { enc: 'k.iv.ct2', className: '七年级1班' }, deleted: false },
  ],
  // Still plain and live (the registrar has not sealed it): counted, never touched.
  G110105201401010033: [
    { rev: '2-fff', body: { name: '李小红' }, deleted: false },
    { rev: '2-ggg', body: { name: '李小红' }, deleted: true },
  ],
});

let fake: ReturnType<typeof fakeCouch> | undefined;
afterEach(async () => fake?.close());

describe('finish-migration on CouchDB (a protocol fake)', () => {
  it('purges every leaf of each retired record, and nothing else', async () => {
    fake = fakeCouch(school());
    const engine = await fake.start();
    const reports = await finishMigration(engine, { dir: '/nonexistent', embedded: false });
    engine.close();
    expect(reports).toEqual([{ db: 'baoxue-demo-students', remaining: 1, removed: 2, rebuilt: false }]);
    // Each purge request named every leaf revision of the retired record.
    expect(fake.purged).toEqual({
      G110105201401010011: ['3-aaa', '2-bbb'],
      G110105201401010022: ['2-ccc'],
    });
    const purges = fake.requests.filter((r) => r.url.endsWith('/_purge'));
    expect(purges.length).toBe(1);
    expect(Object.keys(purges[0]!.body as object).sort()).toEqual([
      'G110105201401010011',
      'G110105201401010022',
    ]);
    // The leaves were read from the engine itself, each retired record's open_revs=all.
    expect(fake.requests.filter((r) => /open_revs=all/.test(r.url)).length).toBe(2);
    expect(fake.requests.some((r) => r.url.endsWith('/_compact'))).toBe(true);
    // Nothing of the retired records is left; the sealed conflict and the plain live record are untouched.
    expect(JSON.stringify(fake.docs)).not.toContain('张小明');
    expect(Object.keys(fake.docs).sort()).toEqual(['G110105201401010033', SEALED].sort());
    expect(fake.docs[SEALED]!.map((l) => l.rev)).toEqual(['2-ddd', '2-eee']);
    expect(fake.docs.G110105201401010033!.length).toBe(2);
  });

  it('stops with an error when the engine leaves a revision unpurged', async () => {
    fake = fakeCouch(school(), { purgeOnlyFirst: true });
    const engine = await fake.start();
    await expect(finishMigration(engine, { dir: '/nonexistent', embedded: false })).rejects.toThrow(
      /did not purge every revision/,
    );
    engine.close();
  });
});
