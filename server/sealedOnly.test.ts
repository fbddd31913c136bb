/**
 * Once a school has a keyring, the gateway takes no personal data in plain text (server/sealedOnly.ts), from
 * anyone: a record with a personal field in clear would show no child on the registrar's device and leave the
 * child's data readable on the server. Refused with a reason in words the device lists among records held
 * back; nothing of it is stored. A school not yet encrypted (no keyring) is judged as before.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseName } from '../lib/sync/school';
import { ADMIN } from '../tests/support/sync-server';
import { ENC, hid, syncTestbed } from '../tests/support/sync-testbed';
import { plainPersonal } from './sealedOnly';
import { classLabel } from './sealedShape';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

const STAFF = [
  { name: '李主任', password: 'registrar-pw', role: 'registrar' as const },
  { name: '王老师', password: 'teacher-pw1', role: 'teacher' as const, classes: ['七年级1班'] },
];
const SEALED = 'sealedonly';
const PLAIN = 'notyet';
/** A child of 七年级1班 as the server holds it (sealed by the registrar's device: hash id, class clear). */
const CHILD = hid('A');
const SECRET = { name: '钱小满', phone: '13800138123', xjh: 'G110105201401010099' };

// The registrar's device makes the keyring of one school only.
const { call, seedStudents } = syncTestbed({
  school: SEALED,
  also: [PLAIN],
  staff: STAFF,
  keys: 'registrar',
});
const bulk = (name: string, school: string, c: 'students' | 'events', docs: unknown[]) =>
  call(name, 'POST', `${databaseName(school, c)}/_bulk_docs`, { docs });

const visit = (over: Record<string, unknown> = {}) => ({
  _id: `h-${String(Math.random()).slice(2, 12).padEnd(32, 'v')}`,
  kind: 'homeVisit',
  studentId: CHILD,
  author: '王老师',
  at: 1_700_000_000_000,
  recordedAt: 1_700_000_000_000,
  data: { method: 'home', visitorRole: 'teacher', situation: `${SECRET.name}家长电话 ${SECRET.phone}` },
  ...over,
});
const sealedStudent = (over: Record<string, unknown> = {}) => ({
  _id: `h-${String(Math.random()).slice(2, 12).padEnd(32, 's')}`,
  className: '七年级1班',
  grade: '七年级',
  updatedAt: 1,
  enc: ENC,
  ...over,
});

beforeAll(async () => {
  for (const school of [SEALED, PLAIN]) await seedStudents([[CHILD, '七年级1班']], { school });
});

/** Every document of the school's databases, tombstones and all, as the admin reads them. */
async function stored(school: string): Promise<string> {
  let text = '';
  for (const c of ['students', 'events'] as const)
    text += (
      await call(ADMIN.name, 'GET', `${databaseName(school, c)}/_changes?include_docs=true&style=all_docs`)
    ).text;
  return text;
}

const PLAIN_REASON = /未加密的学生个人信息.*服务器不接收明文/;

describe('a school with a keyring', () => {
  it('refuses a teacher’s event whose notes are in plain text, naming what is plain; stores nothing of it', async () => {
    const r = await bulk('王老师', SEALED, 'events', [visit()]);
    expect(r.status).toBe(201);
    expect(r.json[0]).toMatchObject({ error: 'forbidden' });
    expect(r.json[0].reason).toMatch(PLAIN_REASON);
    expect(r.json[0].reason).toContain('记录内容（如家访情况）');
    // Sealed, but the notes left beside the sealed part: refused too.
    const beside = await bulk('王老师', SEALED, 'events', [visit({ enc: ENC })]);
    expect(beside.json[0].reason).toMatch(PLAIN_REASON);
    expect(beside.json[0].reason).toContain('记录内容');
    // The child named by 学籍号 instead of the keyed hash.
    const named = await bulk('王老师', SEALED, 'events', [
      visit({ enc: ENC, studentId: SECRET.xjh, data: { method: 'home' } }),
    ]);
    expect(named.json[0].reason).toContain('学生编号（学籍号）');
    // An id built from the child's 学籍号 (as devices before encryption wrote an absence).
    const byId = await bulk('王老师', SEALED, 'events', [
      visit({ _id: `absence:${SECRET.xjh}:2026-11-30`, data: { date: '2026-11-30', half: 'am' } }),
    ]);
    expect(byId.json[0].reason).toContain('记录编号（学籍号）');
    // One document at a time: 403 with the same words.
    const one = await call('王老师', 'PUT', `${databaseName(SEALED, 'events')}/h-${'p'.repeat(32)}`, {
      ...visit(),
      _id: undefined,
    });
    expect(one.status).toBe(403);
    expect(one.json.reason).toMatch(PLAIN_REASON);
    const text = await stored(SEALED);
    expect(text).not.toContain(SECRET.phone);
    expect(text).not.toContain(SECRET.name);
    expect(text).not.toContain(SECRET.xjh);
  });

  it('refuses the registrar’s plain student records (by 学籍号, or a sealed one with a name beside it), and takes a sealed one', async () => {
    const r = await bulk('李主任', SEALED, 'students', [
      { _id: SECRET.xjh, xjh: SECRET.xjh, name: SECRET.name, className: '七年级1班', updatedAt: 1 },
      sealedStudent({ name: SECRET.name }),
      sealedStudent({ phone: SECRET.phone, idNumber: '' }),
      sealedStudent(),
    ]);
    expect(r.status).toBe(201);
    expect(r.json.slice(0, 3).map((x: { error?: string }) => x.error)).toEqual([
      'forbidden',
      'forbidden',
      'forbidden',
    ]);
    expect(r.json[0].reason).toContain('姓名');
    expect(r.json[0].reason).toContain('全国学籍号');
    expect(r.json[1].reason).toContain('姓名');
    expect(r.json[2].reason).toContain('联系电话');
    expect(r.json[2].reason).toContain('身份证件号');
    expect(r.json[3]).toMatchObject({ ok: true });
    const text = await stored(SEALED);
    expect(text).not.toContain(SECRET.name);
    expect(text).not.toContain(SECRET.phone);
  });

  it('takes a teacher’s sealed event about a child of their class, and the registrar retiring a plain record', async () => {
    const ok = await bulk('王老师', SEALED, 'events', [
      visit({ enc: ENC, data: { method: 'home', visitorRole: 'teacher' } }),
    ]);
    expect(ok.json[0]).toMatchObject({ ok: true });
    // A record from before encryption (the admin writes it as an old device did), retired by 加密旧数据.
    const old = await call(ADMIN.name, 'PUT', `${databaseName(SEALED, 'students')}/G110105201401010001`, {
      xjh: 'G110105201401010001',
      className: '七年级1班',
      updatedAt: 1,
    });
    expect(old.status).toBe(201);
    const retire = await bulk('李主任', SEALED, 'students', [
      { _id: 'G110105201401010001', _rev: old.json.rev, _deleted: true, retired: true },
    ]);
    expect(retire.json[0]).toMatchObject({ ok: true });
    // A deletion that would bring a new plain id (nothing of it on the server) is not a retirement.
    const made = await bulk('李主任', SEALED, 'students', [
      { _id: 'G110105201401010002', _deleted: true, updatedAt: 1 },
    ]);
    expect(made.json[0].reason).toContain('记录编号（学籍号）');
  });
});

describe('a school not yet encrypted (no keyring)', () => {
  it('takes plain records as before (its registrar has not run 加密 yet)', async () => {
    const r = await bulk('王老师', PLAIN, 'events', [visit()]);
    expect(r.json[0]).toMatchObject({ ok: true });
    const s = await bulk('李主任', PLAIN, 'students', [
      { _id: SECRET.xjh, xjh: SECRET.xjh, name: SECRET.name, className: '七年级1班', updatedAt: 1 },
    ]);
    expect(s.json[0]).toMatchObject({ ok: true });
  });
});

describe('a class name the server does not read as one', () => {
  // What the registrar reads among records held back, when a class is named with free words before 班.
  const refusal = plainPersonal('students', sealedStudent({ className: '七年级钱小满班' }), undefined) ?? '';
  const examples = (/可用(?:的写法如)?：(.+?)(?:。|），)/.exec(refusal)?.[1] ?? '').split('、');

  it('lists the forms a registrar can write, a kind in brackets after 班 among them', () => {
    expect(refusal).toContain('班级');
    expect(examples).toEqual(
      expect.arrayContaining(['七年级1班', '701班', '一年级实验班', '一年级1班（双语）']),
    );
  });

  it('lists only forms the server accepts (each example passes the same check that refused the class)', () => {
    expect(examples.length).toBeGreaterThan(4);
    for (const example of examples) expect([example, classLabel(example)]).toEqual([example, true]);
    expect(
      plainPersonal('students', sealedStudent({ className: examples.at(-1) }), undefined),
    ).toBeUndefined();
  });
});
