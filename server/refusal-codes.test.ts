/**
 * Refusal codes over HTTP (lib/sync/refusals.ts): the real gateway of a sealed school answers every refused
 * write with `<code>: <words>`, a code the device knows, so 未上传的记录 explains by the code: a teacher's write
 * about a child of another class is about her scope (the school's roles are explained), a class name the
 * server cannot read is not (its words are shown). Every gateway refusal site is met here at least once; the
 * write rules' own refusals over every role: lib/sync/refusals.test.ts.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { heldReason } from '../lib/sync/held';
import { REFUSAL_CODES, type RefusalCode, readRefusal } from '../lib/sync/refusals';
import { databaseName } from '../lib/sync/school';
import { ENC, hid, sealedEvents, syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

const SCHOOL = 'codes';
const C1 = '七年级1班';
const C2 = '七年级2班';
const STAFF = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: [C1] },
  { name: '赵老师', password: 'teacher-pw2', role: 'teacher' as const, classes: [C2] },
];
const STUDENTS = databaseName(SCHOOL, 'students');
const CASES = databaseName(SCHOOL, 'cases');
const EVENTS = databaseName(SCHOOL, 'events');
/** 王老师's child (1班), a child of 赵老师's class (2班). */
const MINE = hid('A');
const OTHER = hid('B');
/** The registrar's mark about 王老师's child, and her own retired one. */
const REGS_MARK = hid('M');
const RETIRED = hid('R');
const AT = Date.now() - 60_000;

/** A school not sealed (no keyring): there a malformed record meets the write rules, not the sealed shape. */
const PLAIN = 'codesplain';
const bed = syncTestbed({ school: SCHOOL, staff: STAFF, keys: 'registrar', also: [PLAIN] });
const call = bed.call;

const { event: ev, mark } = sealedEvents({ at: AT });
const designation = (partner: string, over: Record<string, unknown> = {}) =>
  ev('riskNote', MINE, { type: 'key-student', partner }, over);

/** The code of a refused answer (undefined: no code this list knows). */
const codeOf = (a: { error?: string; reason?: string }) => readRefusal(String(a.reason ?? '')).code;
const seen = new Set<RefusalCode>();
/** Each refused answer carries a known code; the codes met are kept for the last test. */
function expectCoded(answers: { error?: string; reason?: string }[]) {
  for (const a of answers) {
    if (a.error !== 'forbidden') continue;
    expect([a.reason, codeOf(a)]).toEqual([a.reason, expect.any(String)]);
    seen.add(codeOf(a)!);
  }
}

let regsMarkRev = '';
let ownRev = '';
const OWN = mark(MINE);
beforeAll(async () => {
  await bed.seedStudents([
    [MINE, C1],
    [OTHER, C2],
  ]);
  regsMarkRev = (await bed.put('李主任', 'events', mark(MINE, { _id: REGS_MARK, author: '李主任' }))).json
    .rev;
  await bed.retire('李主任', 'events', mark(MINE, { _id: RETIRED, author: '李主任' }));
  ownRev = (await bed.put('王老师', 'events', OWN)).json.rev;
});

describe('what 未上传的记录 explains, decided by the code the server sends', () => {
  it('a teacher’s write about a child of another class: the scope code, so the school’s roles are explained', async () => {
    const r = await call('王老师', 'POST', `${EVENTS}/_bulk_docs`, { docs: [mark(OTHER)] });
    expect(r.status).toBe(201);
    expect(r.json[0]).toMatchObject({ error: 'forbidden' });
    expect(codeOf(r.json[0])).toBe('not-in-your-classes');
    expect(heldReason({ refused: r.json[0].reason })).toEqual({
      role: true,
      refused: '这个学生不在你的班级范围内 (this child is not in your classes)',
    });
    expectCoded(r.json);
  });

  it('a class name the server cannot read: a code not about roles, so its words are shown', async () => {
    const child = { _id: hid('N'), className: '七年级钱小满班', grade: '七年级', updatedAt: 1, enc: ENC };
    const r = await call('李主任', 'POST', `${STUDENTS}/_bulk_docs`, { docs: [child] });
    expect(codeOf(r.json[0])).toBe('class-name-unread');
    const why = heldReason({ refused: r.json[0].reason });
    expect(why.role).toBe(false);
    expect(why.refused).toContain('请在学籍系统中核对班级名称');
    expect(why.refused).not.toMatch(/^class-name-unread/);
    expectCoded(r.json);
    // A PUT's refusal carries the same reason (CouchDB's error body).
    const put = await call('李主任', 'PUT', `${STUDENTS}/${child._id}`, child);
    expect(put.status).toBe(403);
    expect(put.json.reason).toBe(r.json[0].reason);
  });
});

describe('every refusal site of the gateway sends a known code', () => {
  it('a teacher’s events: ids, fields, her scope, what they name, designations, plain text', async () => {
    const docs = [
      { ...mark(MINE), _id: 42 },
      { ...mark(MINE), _attachments: {} },
      mark(MINE, { author: '李主任' }),
      ev('documentReceived', MINE, {}),
      mark(MINE, { supersedes: hid('Z') }),
      ev('homeVisit', MINE, {}, { caseId: hid('K') }),
      designation('王老师', { at: Date.now() + 3_600_000 }),
      designation('赵老师'),
      designation('外校的人'),
      ev('homeVisit', MINE, { partner: '钱小满' }),
      mark(MINE, { _id: RETIRED }),
      mark(MINE, { _id: REGS_MARK, _rev: regsMarkRev }),
      { _id: OWN._id, _rev: ownRev, _deleted: true },
    ];
    const r = await call('王老师', 'POST', `${EVENTS}/_bulk_docs`, { docs });
    expect(r.status).toBe(201);
    expect(r.json.map((a: { error?: string }) => a.error)).toEqual(docs.map(() => 'forbidden'));
    expectCoded(r.json);
    expect(r.json.map(codeOf)).toEqual([
      'not-a-document-id',
      'field-not-allowed',
      'author-not-you',
      'office-verifies',
      'correction-elsewhere',
      'case-elsewhere',
      'designation-future',
      'partner-office-only',
      'partner-not-staff',
      'plain-personal',
      'record-gone',
      'not-your-record',
      'append-only',
    ]);
  });

  it('a teacher’s case, and a designation taking over a colleague’s pairing', async () => {
    const cases = await call('王老师', 'POST', `${CASES}/_bulk_docs`, {
      docs: [{ _id: hid('C'), className: C1, updatedAt: 1, enc: ENC }],
    });
    expect(cases.json.map(codeOf)).toEqual(['office-only']);
    expectCoded(cases.json);
    const paired = await call('李主任', 'PUT', `${EVENTS}/${hid('P')}`, {
      ...designation('赵老师', { author: '李主任' }),
      _id: hid('P'),
    });
    expect(paired.status).toBe(201);
    const take = await call('王老师', 'POST', `${EVENTS}/_bulk_docs`, { docs: [designation('王老师')] });
    expect(take.json.map(codeOf)).toEqual(['partner-taken']);
    expectCoded(take.json);
  });

  it('a malformed event and record in a school not sealed (a sealed one refuses them for their shape first)', async () => {
    const ev2 = await call('王老师', 'POST', `${databaseName(PLAIN, 'events')}/_bulk_docs`, {
      docs: [{ ...mark(MINE), at: 'yesterday' }],
    });
    const st = await call('李主任', 'POST', `${databaseName(PLAIN, 'students')}/_bulk_docs`, {
      docs: [{ _id: hid('S'), className: C1 }],
    });
    expect([...ev2.json, ...st.json].map(codeOf)).toEqual(['malformed-event', 'malformed-document']);
    expectCoded([...ev2.json, ...st.json]);
  });

  it('met every code but those only the write rules give where no gateway request reaches them', () => {
    // `login-required`: an anonymous write is refused before any document is read; `staff-only`: a member with
    // no staff role cannot be set up here; `loses-identity`: a registrar's device writing a sealed record without
    // its identity fields. All three over every role in lib/sync/refusals.test.ts.
    const elsewhere = ['login-required', 'staff-only', 'loses-identity'];
    expect([...seen].sort()).toEqual(REFUSAL_CODES.filter((c) => !elsewhere.includes(c)).sort());
  });
});
