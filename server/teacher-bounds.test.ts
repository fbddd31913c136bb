/**
 * What a teacher's requests reveal and reach (security review 16), over HTTP against the real gateway in a
 * sealed school: a refused write answers the same whether or not its id is held by another class; a deleted or
 * retired record is never written again by a teacher; `_all_docs` counts only what the teacher may read; an
 * oversized login says its own limit; a class's 考勤已报 is that class's even when it names a child; and a
 * teacher's designation of themselves as 帮扶 partner reaches nothing after they leave the class.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseName } from '../lib/sync/school';
import { ADMIN } from '../tests/support/sync-server';
import { ENC, hid, sealedEvents, syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

const SCHOOL = 'bounds';
const C1 = '七年级1班';
const C2 = '七年级2班';
const STAFF = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: [C1] },
  { name: '赵老师', password: 'teacher-pw2', role: 'teacher' as const, classes: [C2] },
  { name: '孙老师', password: 'teacher-pw3', role: 'teacher' as const, classes: ['九年级3班'] },
];
const STUDENTS = databaseName(SCHOOL, 'students');
const CASES = databaseName(SCHOOL, 'cases');
const EVENTS = databaseName(SCHOOL, 'events');
/** 王老师's child (1班), two children of 赵老师's class (2班). */
const MINE = hid('A');
const OTHER = hid('B');
const PAIRED = hid('C');
/** Records of 2班 held by the server (the registrar's), and an id nobody holds. */
const OTHER_MARK = hid('M');
const OTHER_CASE = hid('K');
const FRESH = hid('F');
const OUT_OF_SCOPE = /不在你的班级范围内/;
const GONE = /已删除或已停用/;

// The registrar's device makes the keyring: the school is sealed from the start.
const bed = syncTestbed({ school: SCHOOL, staff: STAFF, keys: 'registrar' });
const call = bed.call;

const { event: ev, mark } = sealedEvents();

beforeAll(async () => {
  await bed.seedStudents([
    [MINE, C1],
    [OTHER, C2],
    [PAIRED, C2],
  ]);
  await bed.put('李主任', 'events', mark(OTHER, { _id: OTHER_MARK, author: '李主任' }));
  await bed.put('李主任', 'cases', { _id: OTHER_CASE, className: C2, updatedAt: 1, enc: ENC });
});

describe('finding 1: a refused write answers alike whether or not its id is held by another class', () => {
  it("an event of a type the school does not know: the same refusal under 2班's mark id and a fresh id (PUT)", async () => {
    const bad = (id: string) => ev('riskNote', MINE, { type: 'bogus-type' }, { _id: id });
    const held = await call('王老师', 'PUT', `${EVENTS}/${OTHER_MARK}`, bad(OTHER_MARK));
    const fresh = await call('王老师', 'PUT', `${EVENTS}/${FRESH}`, bad(FRESH));
    expect(fresh.status).toBe(403);
    expect(fresh.json.reason).not.toMatch(OUT_OF_SCOPE);
    expect(held).toEqual(fresh);
  });

  it('a malformed event and a student record (office only): the same in _bulk_docs, held id or fresh', async () => {
    const noTime = (id: string) => ({ ...mark(MINE, { _id: id }), at: 'yesterday' });
    const [held, fresh] = (
      await call('王老师', 'POST', `${EVENTS}/_bulk_docs`, { docs: [noTime(OTHER_MARK), noTime(FRESH)] })
    ).json;
    expect(held.reason).toBe(fresh.reason);
    expect(held.reason).not.toMatch(OUT_OF_SCOPE);
    const cases = (
      await call('王老师', 'POST', `${CASES}/_bulk_docs`, { docs: [{ _id: OTHER_CASE }, { _id: FRESH }] })
    ).json;
    expect(cases[0].reason).toBe(cases[1].reason);
    expect(cases[0].reason).toMatch(/学籍管理员或学校领导/);
  });

  it("a valid body under 2班's id answers exactly as a write about a 2班 child under a fresh id", async () => {
    const held = await call('王老师', 'PUT', `${EVENTS}/${OTHER_MARK}`, mark(MINE, { _id: OTHER_MARK }));
    const across = await call('王老师', 'PUT', `${EVENTS}/${FRESH}`, mark(OTHER, { _id: FRESH }));
    expect(held.status).toBe(403);
    expect(held.json.reason).toMatch(OUT_OF_SCOPE);
    expect(held.json).toEqual({ ...across.json });
    expect((await call(ADMIN.name, 'GET', `${EVENTS}/${OTHER_MARK}`)).json).toMatchObject({
      author: '李主任',
    });
    expect((await call(ADMIN.name, 'GET', `${EVENTS}/${FRESH}`)).status).toBe(404);
  });
});

describe('finding 2: a deleted or retired record is never written again by a teacher', () => {
  it("王老师 cannot write her own content over her child's absence the registrar retired, with or without its revision", async () => {
    const retiredId = hid('R');
    const gone = await bed.retire('李主任', 'events', mark(MINE, { _id: retiredId, author: '李主任' }));
    const bare = await call('王老师', 'PUT', `${EVENTS}/${retiredId}`, mark(MINE, { _id: retiredId }));
    const withRev = await call(
      '王老师',
      'PUT',
      `${EVENTS}/${retiredId}`,
      mark(MINE, { _id: retiredId, _rev: gone.json.rev }),
    );
    for (const a of [bare, withRev]) {
      expect(a.status).toBe(403);
      expect(a.json.reason).toMatch(GONE);
    }
    expect((await call(ADMIN.name, 'GET', `${EVENTS}/${retiredId}`)).status).toBe(404);
  });
});

describe('finding 3: _all_docs tells a teacher only how many records they may read', () => {
  it('total_rows counts the rows she may read, not the school', async () => {
    const r = await call('王老师', 'POST', `${STUDENTS}/_all_docs`, { keys: [MINE, OTHER, FRESH] });
    expect(r.status).toBe(200);
    expect(r.json.rows.map((x: { error?: string }) => x.error ?? 'ok')).toEqual([
      'ok',
      'not_found',
      'not_found',
    ]);
    expect(r.json.total_rows).toBe(1);
    // The registrar still hears the engine's answer.
    const all = await call('李主任', 'POST', `${STUDENTS}/_all_docs`, { keys: [MINE] });
    expect(all.json.total_rows).toBeGreaterThanOrEqual(3);
  });
});

describe('finding 4: an oversized login says the limit it went over', () => {
  it('a 20 KB anonymous POST to /_session: 413, larger than 16 KB', async () => {
    const r = await fetch(`${bed.url}_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', password: 'y'.repeat(20 * 1024) }),
    });
    expect(r.status).toBe(413);
    const { reason } = (await r.json()) as { reason: string };
    expect(reason).toMatch(/16 KB/);
    expect(reason).not.toMatch(/MB/);
  });
});

describe("finding 5: a class's 考勤已报 is that class's, naming a child or not", () => {
  const report = (className: string) =>
    ev('riskNote', MINE, { type: 'class-day-report', className, date: '2026-11-23' });

  it("王老师 cannot file 2班's report by naming her own child; her own class's is taken", async () => {
    const across = report(C2);
    const r = await call('王老师', 'PUT', `${EVENTS}/${across._id}`, across);
    expect(r.status).toBe(403);
    expect(r.json.reason).toMatch(OUT_OF_SCOPE);
    expect((await call(ADMIN.name, 'GET', `${EVENTS}/${across._id}`)).status).toBe(404);
    const own = report(C1);
    expect((await call('王老师', 'PUT', `${EVENTS}/${own._id}`, own)).status).toBe(201);
  });
});

describe('finding 6: only the office names a 帮扶 partner who reads beyond their classes', () => {
  const designation = (studentId: string, author: string, partner: string) =>
    ev('riskNote', studentId, { type: 'key-student', partner }, { author });
  const scope = async (name: string) => (await call(name, 'GET', `_baoxue/scope/${SCHOOL}`)).json;

  it('赵老师 designated herself for a 2班 child: once moved to another class, she reads nothing of that child', async () => {
    // As the server holds it whoever let it in (written here by the server admin, bypassing the write rules).
    const self = designation(OTHER, '赵老师', '赵老师');
    expect((await call(ADMIN.name, 'PUT', `${EVENTS}/${self._id}`, self)).status).toBe(201);
    // The registrar names 孙老师 (九年级3班) partner of another 2班 child.
    const office = designation(PAIRED, '李主任', '孙老师');
    expect((await call('李主任', 'PUT', `${EVENTS}/${office._id}`, office)).status).toBe(201);

    const moved = await call(
      '李主任',
      'PUT',
      `_baoxue/school/${SCHOOL}/staff/${encodeURIComponent('赵老师')}`,
      {
        classes: ['八年级1班'],
      },
    );
    expect(moved.status).toBe(200);
    expect((await scope('赵老师')).children).toEqual([]);
    expect((await call('赵老师', 'GET', `${STUDENTS}/${OTHER}`)).status).toBe(404);
    const feed = await call('赵老师', 'GET', `${EVENTS}/_changes?include_docs=true`);
    expect(feed.json.results.map((r: { id: string }) => r.id)).not.toContain(OTHER_MARK);

    // The office's naming still reaches: 孙老师 reads the child paired with her.
    expect((await scope('孙老师')).children).toEqual([PAIRED]);
    expect((await call('孙老师', 'GET', `${STUDENTS}/${PAIRED}`)).status).toBe(200);
  });
});

describe('finding 6: a pairing the office made stays when its teacher notes the child again', () => {
  it('孙老师, paired by the registrar, designates the child herself: she still reads the child', async () => {
    const again = ev('riskNote', PAIRED, { type: 'key-student', partner: '孙老师' }, { author: '孙老师' });
    expect((await call('孙老师', 'PUT', `${EVENTS}/${again._id}`, again)).status).toBe(201);
    expect((await call('孙老师', 'GET', `_baoxue/scope/${SCHOOL}`)).json.children).toEqual([PAIRED]);
    expect((await call('孙老师', 'GET', `${STUDENTS}/${PAIRED}`)).status).toBe(200);
  });
});
