/**
 * Scope per role over HTTP against the real server (issue 16, item 1): a teacher of 七年级1班 never receives a
 * record of 七年级2班, whatever they ask; a registrar receives the school; a teacher with no classes receives
 * nothing personal; a teacher's write about another class's child is refused; a teacher's initial pull of a
 * 10,000-record school, batch by batch as RxDB pulls, is complete for their class.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { basicAuth } from '../lib/sync/account';
import { databaseName } from '../lib/sync/school';
import { ADMIN, type RunningServer, runSyncServer } from '../tests/support/sync-server';
import { parseStaff, setupSchool } from './setup';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const SCHOOL = 'scope';
const STUDENTS = databaseName(SCHOOL, 'students');
const EVENTS = databaseName(SCHOOL, 'events');
const CASES = databaseName(SCHOOL, 'cases');
const CHANGES = databaseName(SCHOOL, 'changes');
const C1 = '七年级1班';
const C2 = '七年级2班';
const STAFF = [
  { name: '李老师', password: 'registrar-pw', role: 'registrar' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: [C1] },
  { name: '钱老师', password: 'teacher-pw3', role: 'teacher' as const, classes: [] },
  // A teacher account as set up before class assignments: no classes at all.
  { name: '周老师', password: 'teacher-pw4', role: 'teacher' as const },
  // The 帮扶 partner of one 2班 child, teaching a class with no children in this school.
  { name: '孙老师', password: 'teacher-pw5', role: 'teacher' as const, classes: ['九年级3班'] },
];
const auth = (name: string) => {
  const s = name === ADMIN.name ? ADMIN : STAFF.find((x) => x.name === name)!;
  return basicAuth({ user: s.name, password: s.password });
};
const admin = auth(ADMIN.name);
const registrar = auth('李老师');
const teacher = auth('王老师');
const noClasses = auth('钱老师');
const unassigned = auth('周老师');
const partner = auth('孙老师');

/** 10,000 students: the first 4,000 all of 2班 (a long stretch a teacher of 1班 must be read past), then 1班 every 7th. */
const N = 10_000;
const classOf = (i: number) => (i >= 4000 && i % 7 === 0 ? C1 : C2);
const sid = (i: number) => `S${String(i).padStart(5, '0')}`;
const inClass = (c: string) => [...Array(N).keys()].filter((i) => classOf(i) === c).map(sid);
const ONE = new Set(inClass(C1));
const TWO = new Set(inClass(C2));

let server: RunningServer;

async function call(who: string | undefined, method: string, path: string, body?: unknown) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(who ? { authorization: who } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return {
    status: r.status,
    json: JSON.parse(text) as Record<string, unknown> & { results: Row[]; rows: Row[] },
  };
}
type Row = { id: string; key: string; doc?: Record<string, unknown>; error?: string; value?: unknown };

function event(id: string, studentId: string, author = '王老师') {
  return { _id: id, kind: 'homeVisit', studentId, author, at: 1, recordedAt: 1, data: { method: '电话' } };
}

beforeAll(async () => {
  server = await runSyncServer();
  await setupSchool({ url: server.url, school: SCHOOL, admin: ADMIN, staff: STAFF });
  const students = [...Array(N).keys()].map((i) => ({
    _id: sid(i),
    name: 'sealed',
    className: classOf(i),
    updatedAt: 1,
  }));
  const w = await call(admin, 'POST', `${STUDENTS}/_bulk_docs`, { docs: students });
  expect(w.status).toBe(201);
  // Events of a 1班 child, a 2班 child, and one about no child (a document received on a case).
  const e = await call(admin, 'POST', `${EVENTS}/_bulk_docs`, {
    docs: [
      event('e-one', sid(4004), '李老师'),
      event('e-two', sid(1), '李老师'),
      { ...event('e-none', '', '李老师'), kind: 'documentReceived' },
    ],
  });
  expect(e.status).toBe(201);
  await call(admin, 'POST', `${CASES}/_bulk_docs`, {
    docs: [
      { _id: 'case-1', className: C1, updatedAt: 1 },
      { _id: 'case-2', className: C2, updatedAt: 1 },
      { _id: 'case-x', updatedAt: 1 },
    ],
  });
  await call(admin, 'PUT', `${CHANGES}/ch-1`, { kind: 'changed', recordId: 'sealed', at: 1 });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

/** Pulls a database as RxDB does: batches of `batch` until one comes back shorter. */
async function pull(who: string, db: string, batch = 100) {
  const ids: string[] = [];
  const docs: Record<string, unknown>[] = [];
  let since: unknown = 0;
  let requests = 0;
  for (;;) {
    const r = await call(
      who,
      'GET',
      `${db}/_changes?since=${encodeURIComponent(String(since))}&limit=${batch}&include_docs=true`,
    );
    expect(r.status).toBe(200);
    requests++;
    for (const row of r.json.results) {
      ids.push(row.id);
      if (row.doc) docs.push(row.doc);
    }
    since = r.json.last_seq;
    if (r.json.results.length < batch) return { ids, docs, requests };
  }
}

describe('a teacher of 七年级1班', () => {
  it('pulls every 1班 student of a 10,000-record school and nothing else, batch by batch', async () => {
    const got = await pull(teacher, STUDENTS);
    expect(new Set(got.ids)).toEqual(ONE);
    expect(got.ids.length).toBe(ONE.size); // each once
    expect(got.docs.every((d) => d.className === C1)).toBe(true);
  });

  it('never receives a 2班 record through _changes, whatever the parameters', async () => {
    for (const q of [
      '',
      '?include_docs=true',
      '?style=all_docs',
      '?since=0&limit=5',
      '?since=0&limit=1&include_docs=true',
      '?feed=longpoll&since=0&timeout=1000',
      '?feed=normal&seq_interval=10',
    ]) {
      const r = await call(teacher, 'GET', `${STUDENTS}/_changes${q}`);
      expect(r.status, q).toBe(200);
      expect(r.json.results.length, q).toBeGreaterThan(0);
      expect(
        r.json.results.filter((row) => TWO.has(row.id) || !ONE.has(row.id)),
        q,
      ).toEqual([]);
      // Without include_docs, no document is sent along.
      if (!q.includes('include_docs')) expect(r.json.results.some((row) => row.doc)).toBe(false);
    }
    const cases = await call(teacher, 'GET', `${CASES}/_changes?include_docs=true`);
    expect(cases.json.results.map((r) => r.id)).toEqual(['case-1']);
  });

  it('receives events of 1班 children only (an event about no child is not theirs)', async () => {
    const r = await call(teacher, 'GET', `${EVENTS}/_changes?include_docs=true`);
    expect(r.json.results.map((x) => x.id)).toEqual(['e-one']);
    expect((await call(teacher, 'GET', `${EVENTS}/e-two`)).status).toBe(404);
    expect((await call(teacher, 'GET', `${EVENTS}/e-none`)).status).toBe(404);
    expect((await call(teacher, 'GET', `${EVENTS}/e-one`)).status).toBe(200);
    // The 学籍 change log names its record only sealed: a teacher receives none of it.
    expect((await call(teacher, 'GET', `${CHANGES}/_changes`)).json.results).toEqual([]);
  });

  it('reads a 2班 record by id neither through _all_docs nor GET', async () => {
    const keys = [sid(1), sid(4004), 'S-none'];
    for (const q of ['', '?include_docs=true']) {
      const r = await call(teacher, 'POST', `${STUDENTS}/_all_docs${q}`, { keys });
      expect(r.status).toBe(200);
      expect(r.json.rows[0]).toEqual({ key: sid(1), error: 'not_found' });
      expect(r.json.rows[1]!.id).toBe(sid(4004));
      expect(r.json.rows[2]!.error).toBe('not_found');
      expect(Boolean(r.json.rows[1]!.doc)).toBe(q !== '');
    }
    expect((await call(teacher, 'GET', `${STUDENTS}/${sid(1)}`)).status).toBe(404);
    const own = await call(teacher, 'GET', `${STUDENTS}/${sid(4004)}`);
    expect(own.status).toBe(200);
    expect(own.json.className).toBe(C1);
  });

  it('is refused a write about a 2班 child, and may write about a 1班 child', async () => {
    const bulk = await call(teacher, 'POST', `${EVENTS}/_bulk_docs`, {
      docs: [event('w-two', sid(2)), event('w-one', sid(4011)), event('w-unknown', 'S-none')],
    });
    expect(bulk.status).toBe(201);
    const [two, one, unknown] = bulk.json as unknown as { ok?: boolean; error?: string }[];
    expect(two!.error).toBe('forbidden');
    expect(one!.ok).toBe(true);
    expect(unknown!.error).toBe('forbidden');
    const put = await call(teacher, 'PUT', `${EVENTS}/w-two-put`, event('w-two-put', sid(3)));
    expect(put.status).toBe(403);
    // Nothing of the refused ones reached the server.
    expect((await call(admin, 'GET', `${EVENTS}/w-two`)).status).toBe(404);
    expect((await call(admin, 'GET', `${EVENTS}/w-two-put`)).status).toBe(404);
  });

  it('is woken by a long-poll for a 1班 change only', async () => {
    const start = await call(teacher, 'GET', `${STUDENTS}/_changes?since=now`);
    const since = String(start.json.last_seq);
    const waiting = call(
      teacher,
      'GET',
      `${STUDENTS}/_changes?feed=longpoll&timeout=20000&since=${encodeURIComponent(since)}&include_docs=true`,
    );
    await new Promise((r) => setTimeout(r, 300));
    await call(admin, 'PUT', `${STUDENTS}/L2`, { className: C2, updatedAt: 2 });
    await new Promise((r) => setTimeout(r, 500));
    await call(admin, 'PUT', `${STUDENTS}/L1`, { className: C1, updatedAt: 2 });
    const r = await waiting;
    expect(r.json.results.map((x) => x.id)).toEqual(['L1']);
  });
});

describe('the other roles', () => {
  it('a registrar receives the whole school', async () => {
    const got = await pull(registrar, STUDENTS, 1000);
    for (const id of [...ONE, ...TWO]) expect(got.ids.includes(id)).toBe(true);
    expect((await call(registrar, 'GET', `${STUDENTS}/${sid(1)}`)).status).toBe(200);
    const ev = await call(registrar, 'GET', `${EVENTS}/_changes`);
    expect(ev.json.results.map((x) => x.id)).toEqual(expect.arrayContaining(['e-one', 'e-two', 'e-none']));
  });

  it('a teacher with no classes receives nothing personal', async () => {
    for (const db of [STUDENTS, EVENTS, CASES, CHANGES])
      expect((await call(noClasses, 'GET', `${db}/_changes?include_docs=true`)).json.results).toEqual([]);
    expect((await call(noClasses, 'GET', `${STUDENTS}/${sid(4004)}`)).status).toBe(404);
    const w = await call(noClasses, 'PUT', `${EVENTS}/n-1`, event('n-1', sid(4004), '钱老师'));
    expect(w.status).toBe(403);
  });

  it("the admin's account API sets a teacher's classes, and the next read follows them", async () => {
    const path = `_baoxue/accounts/${encodeURIComponent('钱老师')}`;
    const before = await call(admin, 'GET', path);
    const put = await call(admin, 'PUT', path, { roles: before.json.roles, classes: [C2] });
    expect(put.status).toBe(200);
    expect((await call(admin, 'GET', path)).json.classes).toEqual([C2]);
    expect((await call(noClasses, 'GET', `${STUDENTS}/${sid(1)}`)).status).toBe(200);
    expect((await call(noClasses, 'GET', `${STUDENTS}/${sid(4004)}`)).status).toBe(404);
    // Roles changed without classes keep them.
    await call(admin, 'PUT', path, { roles: before.json.roles });
    expect((await call(admin, 'GET', path)).json.classes).toEqual([C2]);
  });
});

describe('fails closed', () => {
  it('a teacher account never assigned classes reads none of the school', async () => {
    for (const db of [STUDENTS, EVENTS, CASES, CHANGES]) {
      const r = await call(unassigned, 'GET', `${db}/_changes?include_docs=true`);
      expect(r.status).toBe(200);
      expect(r.json.results, db).toEqual([]);
    }
    expect((await call(unassigned, 'GET', `${STUDENTS}/${sid(4004)}`)).status).toBe(404);
    expect((await call(unassigned, 'GET', `${STUDENTS}/${sid(1)}`)).status).toBe(404);
    const all = await call(unassigned, 'POST', `${STUDENTS}/_all_docs?include_docs=true`, {
      keys: [sid(1), sid(4004)],
    });
    expect(all.json.rows.map((r) => r.error)).toEqual(['not_found', 'not_found']);
    const w = await call(unassigned, 'PUT', `${EVENTS}/u-1`, event('u-1', sid(4004), '周老师'));
    expect(w.status).toBe(403);
    const scope = await call(unassigned, 'GET', '_baoxue/scope/scope');
    expect(scope.json).toEqual({ school: 'scope', all: false, classes: [], children: [] });
  });

  it('a member with a role not listed reads nothing', async () => {
    const put = await call(admin, 'PUT', `_baoxue/accounts/${encodeURIComponent('吴干事')}`, {
      roles: ['baoxue-scope', 'clerk'],
      password: 'clerk-pass-1',
      classes: [C1],
    });
    expect(put.status).toBe(201);
    const clerk = basicAuth({ user: '吴干事', password: 'clerk-pass-1' });
    for (const db of [STUDENTS, EVENTS, CASES])
      expect((await call(clerk, 'GET', `${db}/_changes?include_docs=true`)).json.results, db).toEqual([]);
    expect((await call(clerk, 'GET', `${STUDENTS}/${sid(4004)}`)).status).toBe(404);
  });

  it('a teacher learns from GET /{db} that it exists, never how much the school holds', async () => {
    const r = await call(teacher, 'GET', STUDENTS);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ db_name: STUDENTS });
    expect(
      (await call(teacher, 'GET', databaseName(SCHOOL, 'events').replace('events', 'cases'))).status,
    ).toBe(200);
    // The registrar's diagnosis still sees the engine's own answer.
    expect((await call(registrar, 'GET', STUDENTS)).json.doc_count).toBeGreaterThanOrEqual(N);
  });

  it('refuses a teacher the bulk reads replication could use around the filter', async () => {
    const bulkGet = await call(teacher, 'POST', `${STUDENTS}/_bulk_get`, { docs: [{ id: sid(1) }] });
    expect(bulkGet.status).toBe(403);
    const revsDiff = await call(teacher, 'POST', `${STUDENTS}/_revs_diff`, { [sid(1)]: ['1-a'] });
    expect(revsDiff.status).toBe(403);
    const allDocs = await call(teacher, 'GET', `${STUDENTS}/_all_docs?include_docs=true`);
    expect(allDocs.status).not.toBe(200);
    expect(JSON.stringify(allDocs.json)).not.toContain(sid(1));
  });
});

describe('a 帮扶 partner teacher of another class', () => {
  const keyNote = (id: string, studentId: string, at: number, type: string, partnerName: string) => ({
    _id: id,
    kind: 'riskNote',
    studentId,
    author: '李老师',
    at,
    recordedAt: at,
    data: { type, reason: 'sealed', partner: partnerName },
  });

  it('receives that child and its events, nothing else of the class; the designation’s end takes them back', async () => {
    const child = sid(1); // a 2班 child
    let w = await call(registrar, 'POST', `${EVENTS}/_bulk_docs`, {
      docs: [
        keyNote('k-1', child, 10, 'key-student', ' 孙老师 '),
        keyNote('k-2', sid(2), 10, 'key-student', '别人'),
      ],
    });
    expect(w.status).toBe(201);
    const students = await call(partner, 'GET', `${STUDENTS}/_changes?include_docs=true`);
    expect(students.json.results.map((r) => r.id)).toEqual([child]);
    expect((await call(partner, 'GET', `${STUDENTS}/${child}`)).status).toBe(200);
    expect((await call(partner, 'GET', `${STUDENTS}/${sid(2)}`)).status).toBe(404);
    const events = await call(partner, 'GET', `${EVENTS}/_changes?include_docs=true`);
    expect(events.json.results.map((r) => r.id).sort()).toEqual(['e-two', 'k-1']);
    expect((await call(partner, 'GET', `${CASES}/_changes`)).json.results).toEqual([]);
    // They may write about this child (a 家访 as the partner), not about another 2班 child.
    const visit = await call(partner, 'PUT', `${EVENTS}/p-visit`, event('p-visit', child, '孙老师'));
    expect(visit.status).toBe(201);
    const other = await call(partner, 'PUT', `${EVENTS}/p-other`, event('p-other', sid(2), '孙老师'));
    expect(other.status).toBe(403);
    const scope = await call(partner, 'GET', '_baoxue/scope/scope');
    expect(scope.json).toEqual({ school: 'scope', all: false, classes: ['九年级3班'], children: [child] });

    // Ended (a later note): the child is no longer theirs.
    w = await call(registrar, 'PUT', `${EVENTS}/k-3`, keyNote('k-3', child, 20, 'key-student-end', ''));
    expect(w.status).toBe(201);
    expect((await call(partner, 'GET', `${STUDENTS}/${child}`)).status).toBe(404);
    expect((await call(partner, 'GET', `${EVENTS}/e-two`)).status).toBe(404);
    expect((await call(partner, 'GET', `${STUDENTS}/_changes`)).json.results).toEqual([]);
    expect((await call(partner, 'GET', '_baoxue/scope/scope')).json.children).toEqual([]);
  });

  it('tells each member their scope, and nobody another school’s', async () => {
    expect((await call(registrar, 'GET', '_baoxue/scope/scope')).json).toEqual({
      school: 'scope',
      all: true,
    });
    expect((await call(teacher, 'GET', '_baoxue/scope/scope')).json).toMatchObject({ classes: [C1] });
    expect((await call(teacher, 'GET', '_baoxue/scope/other')).status).toBe(403);
    expect((await call(undefined, 'GET', '_baoxue/scope/scope')).status).toBe(401);
  });
});

describe('server:setup --staff', () => {
  it('reads a teacher’s classes after the role, and a password holding ":"', () => {
    expect(parseStaff(`王老师:pw:x:teacher:${C1}+${C2}`)).toEqual({
      name: '王老师',
      password: 'pw:x',
      role: 'teacher',
      classes: [C1, C2],
    });
    expect(parseStaff('李老师:a:b:registrar')).toEqual({
      name: '李老师',
      password: 'a:b',
      role: 'registrar',
    });
    expect(() => parseStaff('王老师:pw:nobody:七年级1班')).toThrow(/role/);
  });
});
