/**
 * Events that name no child, over HTTP against the real gateway (server/scope.ts `NO_CHILD_EVENTS`): a 班主任's
 * 今日考勤已报 of their own class and a teacher's own access event of a ledger export reach the server (they were
 * held back on the device forever); another class's report, someone else's, and any other kind without a child
 * are refused. Reading: a teacher receives their classes' reports and their own access events, a registrar all.
 * And the staff's names (the 重点生 form's 帮扶 partner list): any member of the school, nobody else.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchStaffNames } from '../lib/audit/staffNames';
import { basicAuth } from '../lib/sync/account';
import { databaseName } from '../lib/sync/school';
import { ADMIN } from '../tests/support/sync-server';
import { syncTestbed } from '../tests/support/sync-testbed';
import { setupSchool } from './setup';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const SCHOOL = 'nochild';
const EVENTS = databaseName(SCHOOL, 'events');
const C1 = '七年级1班';
const C2 = '七年级2班';
const STAFF = [
  { name: '李老师', password: 'registrar-pw', role: 'registrar' as const },
  { name: '张校长', password: 'leader-pw', role: 'leader' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: [C1] },
  { name: '赵老师', password: 'teacher-pw2', role: 'teacher' as const, classes: [C1] },
  { name: '钱老师', password: 'teacher-pw3', role: 'teacher' as const, classes: [C2] },
];
const bed = syncTestbed({ school: SCHOOL, staff: STAFF });
const { auth } = bed;
const registrar = auth('李老师');
const leader = auth('张校长');
const wang = auth('王老师');
const zhao = auth('赵老师');
const qian = auth('钱老师');

/** A request with `who`'s authorization header (none: anonymous). */
async function call(who: string | undefined, method: string, path: string, body?: unknown) {
  const r = await fetch(`${bed.url}${path}`, {
    method,
    headers: { ...(who ? { authorization: who } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

/** As lib/commands writes it: `riskNote`, no student, the class and the day clear in `data`. */
const dayReport = (id: string, author: string, className: string) => ({
  _id: id,
  kind: 'riskNote',
  studentId: '',
  author,
  at: 1,
  recordedAt: 1,
  data: { type: 'class-day-report', className, date: '2026-11-30' },
});
/** As lib/audit/access.ts writes a ledger export: `access`, no student (its `data.what` is sealed). */
const ledgerAccess = (id: string, author: string) => ({
  _id: id,
  kind: 'access',
  studentId: '',
  author,
  at: 1,
  recordedAt: 1,
  data: {},
  enc: 'sealed',
});

const ids = async (who: string) =>
  ((await call(who, 'GET', `${EVENTS}/_changes?include_docs=true`)).json.results as { id: string }[])
    .map((r) => r.id)
    .filter((id) => !id.startsWith('_design/')) // the school's rules, which the office also receives
    .sort();

beforeAll(async () => {
  await setupSchool({
    url: bed.url,
    school: 'other',
    admin: ADMIN,
    staff: [{ name: '外校老师', password: 'other-pw1', role: 'registrar' }],
  });
}, 120_000);

describe('a teacher writes an event naming no child', () => {
  it("writes their own class's 今日考勤已报, not another class's, nor one in a colleague's name", async () => {
    const own = await call(wang, 'PUT', `${EVENTS}/r-own`, dayReport('r-own', '王老师', C1));
    expect(own.status).toBe(201);
    const other = await call(wang, 'PUT', `${EVENTS}/r-other`, dayReport('r-other', '王老师', C2));
    expect(other.status).toBe(403);
    const forged = await call(wang, 'PUT', `${EVENTS}/r-forged`, dayReport('r-forged', '赵老师', C1));
    expect(forged.status).toBe(403);
    const bulk = await call(qian, 'POST', `${EVENTS}/_bulk_docs`, {
      docs: [dayReport('r-qian', '钱老师', C2), dayReport('r-qian-1', '钱老师', C1)],
    });
    expect((bulk.json as unknown as { ok?: boolean; error?: string }[]).map((r) => r.ok ?? r.error)).toEqual([
      true,
      'forbidden',
    ]);
    for (const id of ['r-other', 'r-forged', 'r-qian-1'])
      expect((await call(registrar, 'GET', `${EVENTS}/${id}`)).status, id).toBe(404);
  });

  it('writes their own access event of a ledger export, never one in a colleague’s name', async () => {
    expect((await call(wang, 'PUT', `${EVENTS}/a-wang`, ledgerAccess('a-wang', '王老师'))).status).toBe(201);
    expect((await call(zhao, 'PUT', `${EVENTS}/a-zhao`, ledgerAccess('a-zhao', '赵老师'))).status).toBe(201);
    expect((await call(wang, 'PUT', `${EVENTS}/a-forged`, ledgerAccess('a-forged', '赵老师'))).status).toBe(
      403,
    );
  });

  it('is refused any other event naming no child (fail closed)', async () => {
    const base = { studentId: '', author: '王老师', at: 1, recordedAt: 1 };
    const refused = [
      { _id: 'x-visit', kind: 'homeVisit', data: { method: '电话' } },
      { _id: 'x-note', kind: 'riskNote', data: { type: 'special-groups' } },
      { _id: 'x-report-noclass', kind: 'riskNote', data: { type: 'class-day-report' } },
      { _id: 'x-page', kind: 'pageTaught', data: {} },
    ];
    for (const d of refused)
      expect((await call(wang, 'PUT', `${EVENTS}/${d._id}`, { ...base, ...d })).status, d._id).toBe(403);
  });
});

describe('reading events naming no child', () => {
  it("a teacher receives their classes' reports and their own access events only", async () => {
    // 赵老师 teaches 1班 too: 王老师's report is theirs to read, 王老师's access event is not.
    expect(await ids(zhao)).toEqual(['a-zhao', 'r-own']);
    expect(await ids(wang)).toEqual(['a-wang', 'r-own']);
    expect(await ids(qian)).toEqual(['r-qian']);
    expect((await call(zhao, 'GET', `${EVENTS}/a-wang`)).status).toBe(404);
    expect((await call(qian, 'GET', `${EVENTS}/r-own`)).status).toBe(404);
    expect((await call(wang, 'GET', `${EVENTS}/a-wang`)).status).toBe(200);
  });

  it('a registrar and a leader receive them all', async () => {
    const all = ['a-wang', 'a-zhao', 'r-own', 'r-qian'];
    expect(await ids(registrar)).toEqual(all);
    expect(await ids(leader)).toEqual(all);
  });
});

describe('GET /_baoxue/school/<school>/names', () => {
  it('gives any member of the school the staff’s names, and nothing else', async () => {
    for (const who of [wang, registrar, leader]) {
      const r = await call(who, 'GET', `_baoxue/school/${SCHOOL}/names`);
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ names: expect.arrayContaining(STAFF.map((s) => s.name)) });
      expect((r.json.names as string[]).length).toBe(STAFF.length);
    }
  });

  it('is what the 重点生 form offers as 帮扶 partner: the exact account names, none for a school not theirs', async () => {
    const a = { url: bed.url, school: SCHOOL, user: '王老师', password: 'teacher-pw1' };
    expect(await fetchStaffNames(a)).toEqual(
      ['张校长', '李老师', '王老师', '赵老师', '钱老师'].sort((x, y) => x.localeCompare(y, 'zh')),
    );
    // Refused (another school): the form keeps its free text.
    expect(await fetchStaffNames({ ...a, school: 'other' })).toBeUndefined();
  });

  it('refuses another school’s member, a stranger and a write', async () => {
    const outsider = basicAuth({ user: '外校老师', password: 'other-pw1' });
    expect((await call(outsider, 'GET', `_baoxue/school/${SCHOOL}/names`)).status).toBe(403);
    expect((await call(wang, 'GET', '_baoxue/school/other/names')).status).toBe(403);
    expect((await call(undefined, 'GET', `_baoxue/school/${SCHOOL}/names`)).status).toBe(401);
    expect((await call(wang, 'PUT', `_baoxue/school/${SCHOOL}/names`, { names: [] })).status).toBe(405);
    // The other school's list holds none of this school's staff.
    const theirs = await call(outsider, 'GET', '_baoxue/school/other/names');
    expect(theirs.json).toEqual({ names: ['外校老师'] });
  });
});
