import { describe, expect, it } from 'vitest';
import { mayWrite, refusal, SYNCED, validateDocUpdate } from './school';

/** The server's rule, run as CouchDB runs it: does it let this write through? */
function serverAllows(collection: (typeof SYNCED)[number], doc: Record<string, unknown>, user: User) {
  const validate = new Function(`return ${validateDocUpdate(collection)}`)() as (
    n: unknown,
    o: unknown,
    u: unknown,
  ) => void;
  // A deletion replaces the record as it stood; anything else is written new.
  const old = doc._deleted ? { ...doc, _deleted: undefined } : null;
  try {
    validate(doc, old, user);
    return true;
  } catch {
    return false;
  }
}
type User = { name: string; roles: string[] };

const users: User[] = [
  { name: '王老师', roles: ['baoxue-demo', 'teacher'] },
  { name: '李主任', roles: ['baoxue-demo', 'registrar'] },
  { name: '张校长', roles: ['baoxue-demo', 'leader'] },
  { name: '赵管理', roles: ['baoxue-demo', 'admin'] },
  { name: 'root', roles: ['_admin'] },
  { name: '访客', roles: ['baoxue-demo'] },
];
const event = (over: Record<string, unknown>) => ({
  id: 'e1',
  kind: 'homeVisit',
  studentId: 'G1',
  author: '王老师',
  at: 1,
  recordedAt: 1,
  data: {},
  ...over,
});
const docs: Record<string, Record<string, unknown>[]> = {
  events: [
    event({}),
    event({ author: '李主任' }),
    event({ kind: 'documentReceived', author: '李主任' }),
    event({ kind: 'documentReceived' }),
    event({ _deleted: true }),
    event({ _deleted: true, author: '赵管理' }),
  ],
  students: [
    { id: 'G1', updatedAt: 1 },
    { id: 'G1', _deleted: true },
  ],
  cases: [{ id: 'c1', updatedAt: 1 }],
  changes: [{ id: 'x1', at: 1 }],
};

describe('the rules on the device', () => {
  it('hold back exactly what the server would refuse, so a push is never stalled by a refusal', () => {
    let checked = 0;
    for (const c of SYNCED)
      for (const doc of docs[c]!)
        for (const user of users) {
          // The gateway's rule (what protects the school) and CouchDB's design document (a second line).
          const old = doc._deleted ? { ...doc, _deleted: undefined } : undefined;
          expect([c, doc, user.name, mayWrite(c, doc, user), mayWrite(c, doc, user)]).toEqual([
            c,
            doc,
            user.name,
            refusal(c, doc, old, user) === undefined,
            serverAllows(c, doc, user),
          ]);
          checked++;
        }
    expect(checked).toBe(60);
  });

  it('refuse, on the server, an edit of another person’s record and a malformed event, with a reason', () => {
    const teacher = users[0]!;
    expect(refusal('events', event({ author: '王老师' }), event({ author: '李主任' }), teacher)).toContain(
      'not your record',
    );
    expect(refusal('events', event({ kind: 'nope' }), undefined, teacher)).toContain('malformed');
    expect(refusal('events', event({ data: undefined }), undefined, teacher)).toContain('malformed');
    expect(refusal('events', event({}), undefined, { name: null, roles: ['teacher'] })).toContain('login');
    expect(refusal('events', event({}), undefined, teacher)).toBeUndefined();
  });

  it('refuse an event whose time is not a finite number or whose data is not a plain object', () => {
    const teacher = users[0]!;
    // JSON's 1e999 parses as Infinity; the engine would store it as null and devices could not read it.
    for (const bad of [{ at: JSON.parse('1e999') }, { data: null }, { data: [] }]) {
      expect(refusal('events', event(bad), undefined, teacher)).toContain('malformed');
      expect(serverAllows('events', event(bad), teacher)).toBe(false);
    }
  });
});

describe('identity fields on the server', () => {
  it('a write without them over a record that has them is refused, by the gateway and by CouchDB alike', () => {
    const registrar = { name: '李主任', roles: ['baoxue-demo', 'registrar'] };
    const old = { id: 'h-1', updatedAt: 1, enc: 'k.a.b', idn: 'o1.a.b' };
    const stripped = { id: 'h-1', updatedAt: 2, enc: 'k.c.d' };
    expect(refusal('students', stripped, old, registrar)).toMatch(/身份信息/);
    const validate = new Function(`return ${validateDocUpdate('students')}`)() as (
      n: unknown,
      o: unknown,
      u: unknown,
    ) => void;
    expect(() => validate(stripped, old, registrar)).toThrow();
    expect(refusal('students', { ...stripped, idn: 'o1.c.d' }, old, registrar)).toBeUndefined();
    expect(() => validate({ ...stripped, idn: 'o1.c.d' }, old, registrar)).not.toThrow();
  });
});

describe('retiring a record from before encryption', () => {
  it('only a registrar, only marked as retired', () => {
    const registrar = { name: '李主任', roles: ['baoxue-demo', 'registrar'] };
    const teacher = { name: '王老师', roles: ['baoxue-demo', 'teacher'] };
    const plain = event({ author: '王老师' });
    const retire = { ...plain, _deleted: true, retired: true };
    const validate = new Function(`return ${validateDocUpdate('events')}`)() as (
      n: unknown,
      o: unknown,
      u: unknown,
    ) => void;
    expect(refusal('events', retire, plain, registrar)).toBeUndefined();
    expect(() => validate(retire, plain, registrar)).not.toThrow();
    expect(refusal('events', retire, plain, teacher)).toBeDefined();
    expect(refusal('events', { ...retire, retired: undefined }, plain, registrar)).toBeDefined();
    // A sealed record under a child's old hash, retired by 更换编号密钥 (lib/sync/reid.ts) once its copy is
    // under the new id: a registrar's, never a teacher's.
    const sealed = { ...plain, enc: 'k.a.b', idn: 'o1.c.d' };
    expect(refusal('events', retire, sealed, registrar)).toBeUndefined();
    expect(() => validate(retire, sealed, registrar)).not.toThrow();
    expect(refusal('students', retire, sealed, registrar)).toBeUndefined();
    expect(refusal('events', retire, sealed, teacher)).toBeDefined();
    expect(() => validate(retire, sealed, teacher)).toThrow();
    // Its sealed copy keeps the teacher as author: written new, marked migrated, by a registrar only.
    const copy = { ...plain, id: 'h-1', enc: 'k.c.d', migrated: true };
    expect(refusal('events', copy, undefined, registrar)).toBeUndefined();
    expect(() => validate(copy, null, registrar)).not.toThrow();
    expect(refusal('events', copy, undefined, teacher)).toBeUndefined(); // the teacher is its author anyway
    expect(refusal('events', { ...copy, author: '赵老师' }, undefined, teacher)).toBeDefined();
    expect(refusal('events', copy, { ...copy, author: '李主任' }, registrar)).toBeDefined();
    expect(refusal('events', { ...copy, migrated: undefined }, undefined, registrar)).toBeDefined();
  });
});
