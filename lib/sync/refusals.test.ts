/**
 * The refusal codes (lib/sync/refusals.ts): every refusal the write rules give carries a code this list knows,
 * the device reads the code back from the reason, and an older device (which reads the words only) decides
 * the same as a newer one for every refusal the server sends today. The gateway's own sites over HTTP:
 * server/refusal-codes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DESIGNATION_CLOCK_SLACK_MS, designationRefusal } from './designation';
import { heldReason } from './held';
import { REFUSAL_CODES, REFUSALS, type RefusalCode, readRefusal, refusalReason } from './refusals';
import { refusal, SYNCED, validateDocUpdate } from './school';

type User = { name: string | null; roles: string[] };
const users: User[] = [
  { name: '王老师', roles: ['baoxue-demo', 'teacher'] },
  { name: '李主任', roles: ['baoxue-demo', 'registrar'] },
  { name: '张校长', roles: ['baoxue-demo', 'leader'] },
  { name: '赵管理', roles: ['baoxue-demo', 'admin'] },
  { name: '访客', roles: ['baoxue-demo'] },
  { name: null, roles: ['baoxue-demo', 'teacher'] },
];
const event = (over: Record<string, unknown> = {}) => ({
  kind: 'homeVisit',
  studentId: 'G1',
  author: '王老师',
  at: 1,
  data: {},
  ...over,
});
/** Writes (new, old) that between them meet every rule of lib/sync/school.ts. */
const writes: [Record<string, unknown>, Record<string, unknown> | undefined][] = [
  [event(), undefined],
  [event({ author: '李主任' }), undefined],
  [event({ kind: 'documentReceived' }), undefined],
  [event({ kind: 'nope' }), undefined],
  [event({ data: null }), undefined],
  [event(), event({ author: '李主任' })],
  [{ ...event(), _deleted: true }, event()],
  [{ updatedAt: 1 }, undefined],
  [{ note: 'no time' }, undefined],
  [{ updatedAt: 2 }, { updatedAt: 1, idn: 'o1.a.b' }],
];

/** What validate_doc_update throws, as CouchDB runs it (undefined: it lets the write through). */
function thrown(c: (typeof SYNCED)[number], doc: unknown, old: unknown, user: User) {
  const validate = new Function(`return ${validateDocUpdate(c)}`)() as (
    n: unknown,
    o: unknown,
    u: unknown,
  ) => void;
  try {
    validate(doc, old ?? null, user);
    return undefined;
  } catch (e) {
    return e as { forbidden?: string; unauthorized?: string };
  }
}

describe('refusal codes', () => {
  it('are short, lower-case and read back from the reason with the words unchanged', () => {
    for (const code of REFUSAL_CODES) {
      expect(code).toMatch(/^[a-z][a-z0-9-]{1,40}$/);
      const reason = refusalReason(code, '七年级1班');
      expect(reason.startsWith(`${code}: `)).toBe(true);
      const read = readRefusal(reason);
      expect(read.code).toBe(code);
      expect(read.words.length).toBeGreaterThan(0);
      expect(reason.endsWith(read.words)).toBe(true);
    }
  });

  it('an older server’s reason (no code) and a newer server’s unknown code read as words only', () => {
    const old = '只有本校教职工可以写入 (staff only)';
    expect(readRefusal(old)).toEqual({ words: old });
    expect(readRefusal('not-a-code-we-know: 新原因')).toEqual({ words: '新原因' });
    expect(readRefusal('不允许的字段 (field not allowed): name')).toEqual({
      words: '不允许的字段 (field not allowed): name',
    });
  });

  it('every refusal of the write rules (the gateway’s and CouchDB’s) carries a known code, the same in both', () => {
    const seen = new Set<RefusalCode>();
    for (const c of SYNCED)
      for (const [doc, old] of writes)
        for (const user of users) {
          const why = refusal(c, doc, old, user);
          if (why === undefined) continue;
          const { code } = readRefusal(why);
          expect([c, doc, user.name, code]).toEqual([c, doc, user.name, expect.any(String)]);
          seen.add(code!);
          const couch = thrown(c, doc, old, user);
          if (user.name === null) expect(couch?.unauthorized).toBeDefined();
          else expect([c, doc, user.name, couch?.forbidden]).toEqual([c, doc, user.name, why]);
        }
    expect([...seen].sort()).toEqual(
      [
        'login-required',
        'staff-only',
        'office-only',
        'office-verifies',
        'not-your-record',
        'author-not-you',
        'append-only',
        'malformed-document',
        'malformed-event',
        'loses-identity',
      ].sort(),
    );
  });

  it('every refusal of a designation carries a known code', () => {
    const now = Date.UTC(2026, 10, 30);
    const note = (data: Record<string, unknown>, at = now) =>
      event({ kind: 'riskNote', data: { type: 'key-student', ...data }, at });
    const teacher = { name: '王老师', roles: ['teacher'] };
    const cases: [string | undefined, RefusalCode][] = [
      [
        designationRefusal(note({ partner: '外人' }), teacher, now, undefined, new Set(['王老师'])),
        'partner-not-staff',
      ],
      [designationRefusal(note({ partner: '王老师' }), teacher, now, '孙老师'), 'partner-taken'],
      [
        designationRefusal(note({}, now + 2 * DESIGNATION_CLOCK_SLACK_MS), teacher, now),
        'designation-future',
      ],
      [designationRefusal(note({ partner: '赵老师' }), teacher, now), 'partner-office-only'],
    ];
    for (const [why, code] of cases) expect(readRefusal(why ?? '').code).toBe(code);
    expect(readRefusal(cases[1]![0]!).words).toContain('孙老师');
  });

  it('an older device, reading the words only, explains the same as a newer one reading the code', () => {
    for (const code of REFUSAL_CODES) {
      // The sealed school's words are built in server/sealedOnly.ts: neither is about roles.
      const words = (REFUSALS[code].words as (p: string) => string)('孙老师');
      expect([code, heldReason({ refused: words }).role]).toEqual([code, REFUSALS[code].role]);
      expect([code, heldReason({ refused: refusalReason(code, '孙老师') }).role]).toEqual([
        code,
        REFUSALS[code].role,
      ]);
    }
  });
});
