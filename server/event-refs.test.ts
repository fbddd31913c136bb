/**
 * A teacher's event that names another record (server/eventRefs.ts), over HTTP against the real gateway in a
 * sealed school: a correction (`supersedes`) of another class's 旷课 mark, a 劝返 step (`caseId`) on another
 * class's case, and a write under another class's record id are refused in words, and nothing of them is
 * stored; the same references about the teacher's own child are taken as before.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseName } from '../lib/sync/school';
import { ADMIN } from '../tests/support/sync-server';
import { hid, sealedEvents, syncTestbed } from '../tests/support/sync-testbed';
import { CASE_REFUSED, SUPERSEDES_REFUSED } from './eventRefs';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

const SCHOOL = 'eventrefs';
const STAFF = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: ['七年级1班'] },
];
const EVENTS = databaseName(SCHOOL, 'events');
/** 王老师's child (七年级1班) and a child of another class (九年级3班), as the server holds them. */
const MINE = hid('A');
const OTHER = hid('O');
/** The registrar's 旷课 mark and 劝返 case about the other child. */
const MARK = hid('M');
const CASE = hid('K');
const OUT_OF_SCOPE = /不在你的班级范围内/;

const { call, seedStudents } = syncTestbed({ school: SCHOOL, staff: STAFF, keys: 'registrar' });
type Answer = { id: string; ok?: boolean; rev?: string; error?: string; reason?: string };
const bulk = async (name: string, docs: unknown[]) =>
  (await call(name, 'POST', `${EVENTS}/_bulk_docs`, { docs })).json as Answer[];

const { event: ev, mark } = sealedEvents();
const step = (studentId: string, caseId: string, s: string, over: Record<string, unknown> = {}) =>
  ev(
    'persuasionAttempt',
    studentId,
    { step: s, method: '', ...(s === 'returned' ? { date: '2026-11-21' } : {}) },
    {
      caseId,
      ...over,
    },
  );

beforeAll(async () => {
  await seedStudents([
    [MINE, '七年级1班'],
    [OTHER, '九年级3班'],
  ]);
  const reg = await bulk('李主任', [
    mark(OTHER, { _id: MARK, author: '李主任' }, 'unexcused'),
    step(OTHER, CASE, 'open', { author: '李主任' }),
  ]);
  expect(reg.every((a) => a.ok)).toBe(true);
});

/** Every event id the server holds, as the admin reads them. */
async function storedIds(): Promise<string[]> {
  const r = await call(ADMIN.name, 'GET', `${EVENTS}/_all_docs`);
  return (r.json.rows as { id: string }[]).map((x) => x.id);
}

describe("a teacher's correction (supersedes) names a record about the same child", () => {
  it('refuses 到 about her own child "correcting" another class\'s 旷课 mark, or a mark that does not exist, alike', async () => {
    const across = mark(MINE, { supersedes: MARK }, 'present');
    const nowhere = mark(MINE, { supersedes: hid('Z') }, 'present');
    const [a, b] = await bulk('王老师', [across, nowhere]);
    expect(a).toMatchObject({ error: 'forbidden', reason: SUPERSEDES_REFUSED });
    expect(b).toMatchObject({ error: 'forbidden', reason: SUPERSEDES_REFUSED });
    const ids = await storedIds();
    expect(ids).toContain(MARK);
    expect(ids).not.toContain(across._id);
  });

  it("takes a correction of her own child's mark, held or written in the same request", async () => {
    const first = mark(MINE, {}, 'unexcused');
    expect((await bulk('王老师', [first]))[0]!.ok).toBe(true);
    const fix = mark(MINE, { supersedes: first._id }, 'excused');
    const again = mark(MINE, {}, 'unexcused');
    const fixAgain = mark(MINE, { supersedes: again._id }, 'present');
    const answers = await bulk('王老师', [fix, again, fixAgain]);
    expect(answers.map((a) => a.ok)).toEqual([true, true, true]);
  });
});

describe("a teacher's 劝返 step (caseId) belongs to a case about the same child", () => {
  it('refuses "returned" on another class\'s case, and a case id on any other kind of event', async () => {
    const returned = step(MINE, CASE, 'returned');
    const visit = ev('homeVisit', MINE, { method: 'home', visitorRole: 'teacher' }, { caseId: CASE });
    const [a, b] = await bulk('王老师', [returned, visit]);
    expect(a).toMatchObject({ error: 'forbidden', reason: CASE_REFUSED });
    expect(b).toMatchObject({ error: 'forbidden', reason: CASE_REFUSED });
    // Nor by opening "her own" case under the other child's case id, then returning it.
    const [o, r] = await bulk('王老师', [step(MINE, CASE, 'open'), step(MINE, CASE, 'returned')]);
    expect(o).toMatchObject({ error: 'forbidden', reason: CASE_REFUSED });
    expect(r).toMatchObject({ error: 'forbidden', reason: CASE_REFUSED });
    const steps = await call(ADMIN.name, 'POST', `${EVENTS}/_all_docs?include_docs=true`, {
      keys: [returned._id, o!.id, r!.id],
    });
    expect((steps.json.rows as { doc?: unknown }[]).every((row) => !row.doc)).toBe(true);
  });

  it('refuses a step on a case no step names yet, unless it opens one', async () => {
    const [a] = await bulk('王老师', [step(MINE, hid('Q'), 'attempt')]);
    expect(a).toMatchObject({ error: 'forbidden', reason: CASE_REFUSED });
  });

  it("takes her own child's case: opened, then a step, then the return (and an opening with its step together)", async () => {
    const mine = hid('P');
    expect((await bulk('王老师', [step(MINE, mine, 'open')]))[0]!.ok).toBe(true);
    const later = await bulk('王老师', [step(MINE, mine, 'attempt'), step(MINE, mine, 'returned')]);
    expect(later.map((a) => a.ok)).toEqual([true, true]);
    const together = await bulk('王老师', [step(MINE, hid('R'), 'open'), step(MINE, hid('R'), 'attempt')]);
    expect(together.map((a) => a.ok)).toEqual([true, true]);
  });
});

describe("a teacher writing under another class's record id learns nothing and takes nothing", () => {
  it('is answered out of scope, with or without a revision, never "conflict"', async () => {
    const [bare] = await bulk('王老师', [mark(MINE, { _id: MARK }, 'present')]);
    const [withRev] = await bulk('王老师', [mark(MINE, { _id: MARK, _rev: '1-abc' }, 'present')]);
    for (const a of [bare, withRev]) {
      expect(a!.error).toBe('forbidden');
      expect(a!.reason).toMatch(OUT_OF_SCOPE);
    }
    // The registrar's mark is as they wrote it.
    const held = await call(ADMIN.name, 'GET', `${EVENTS}/${MARK}`);
    expect(held.json).toMatchObject({ studentId: OTHER, author: '李主任', data: { mark: 'unexcused' } });
  });

  it('still answers "conflict" over her own class\'s record (the device reads it back)', async () => {
    const own = mark(MINE, {}, 'unexcused');
    expect((await bulk('王老师', [own]))[0]!.ok).toBe(true);
    const [again] = await bulk('王老师', [own]);
    expect(again).toMatchObject({ error: 'conflict' });
  });
});
