import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import type { StoredEvent } from '../records';
import { makeEnvelope, openEnvelope, rewrapEnvelope } from './keys';
import {
  hashId,
  isAlias,
  keyIdOf,
  newKeyringData,
  openKeyring,
  openRecord,
  rotated,
  sealRecord,
  withoutOffice,
} from './sealed';

const ITER = 100_000; // the lowest the server takes; the device's default is 600,000

describe('a record on its way to the server', () => {
  it('holds no name, ID number, 学籍号, phone or address in clear, and comes back whole', async () => {
    const k = await openKeyring(newKeyringData());
    const s = makeStudent({ phone: '13812345678', address: '红旗村 3 组', specialGroups: ['留守'] });
    const onServer = await sealRecord(k, 'students', 'id', { ...s, _deleted: false });
    const text = JSON.stringify(onServer);
    for (const v of [s.id, s.name, s.idNumber, '13812345678', '红旗村', '留守', s.birthDate])
      expect(text).not.toContain(v);
    // What the server routes and checks on stays readable.
    expect(onServer).toMatchObject({ className: s.className, grade: s.grade, updatedAt: s.updatedAt });
    expect(onServer.id).toBe(await hashId(k, s.id));
    expect(await openRecord(k, 'students', 'id', onServer)).toEqual({ ...s, _deleted: false });
  });

  it('seals an event’s notes and its student, keeping its codes, author and dates', async () => {
    const k = await openKeyring(newKeyringData());
    const e: StoredEvent = {
      id: 'homeVisit:1:a',
      kind: 'homeVisit',
      studentId: 'G11010519491231002X',
      author: '王老师',
      at: 1,
      recordedAt: 2,
      data: { method: 'home', visitorRole: 'teacher', situation: '父母在外打工，由奶奶照顾' },
    };
    const onServer = await sealRecord(k, 'events', 'id', e);
    expect(JSON.stringify(onServer)).not.toContain('奶奶');
    // The id names no one either (an absence's id is built from its student's 学籍号).
    expect(onServer.id).toBe(await hashId(k, e.id));
    expect(onServer).toMatchObject({
      kind: 'homeVisit',
      author: '王老师',
      at: 1,
      studentId: await hashId(k, e.studentId),
      data: { method: 'home', visitorRole: 'teacher' },
    });
    // The registrar's device maps the child's hash back to the 学籍号 (the students it holds).
    const resolve = async (_c: string, id: string) => (id === onServer.studentId ? e.studentId : undefined);
    expect(await openRecord(k, 'events', 'id', onServer, resolve)).toEqual(e);
  });

  it('an event whose only identifying values are its child needs no office part, and opens whole on the office’s device only', async () => {
    const office = await openKeyring(newKeyringData());
    const teacher = await openKeyring(withoutOffice(office.data));
    const G = 'G11010519491231002X';
    const e: StoredEvent = {
      id: `absence:${G}:2026-11-20:day`,
      kind: 'absence',
      studentId: G,
      supersedes: `absence:${G}:2026-11-19:day`,
      author: '李主任',
      at: 1,
      recordedAt: 2,
      data: { date: '2026-11-20', half: 'day', mark: 'unexcused' },
    };
    const onServer = await sealRecord(office, 'events', 'id', e);
    expect(onServer.idn).toBeUndefined();
    expect(JSON.stringify(onServer)).not.toMatch(/\d{15}/);
    expect(onServer.id).toBe(await hashId(office, e.id));
    expect(onServer.supersedes).toBe(await hashId(office, e.supersedes!));
    const resolve = async (_c: string, id: string) => (id === onServer.studentId ? G : undefined);
    expect(await openRecord(office, 'events', 'id', onServer, resolve)).toEqual(e);
    // A teacher's keyring opens it to the server's hashes: no 学籍号 anywhere in what it holds.
    const seen = await openRecord(teacher, 'events', 'id', onServer);
    expect(JSON.stringify(seen)).not.toMatch(/\d{15}/);
    expect(seen).toMatchObject({
      id: onServer.id,
      studentId: onServer.studentId,
      supersedes: onServer.supersedes,
    });
    // An office device that does not know the child yet keeps the hashes too (never a half-built id).
    const unknown = await openRecord(office, 'events', 'id', onServer, async () => undefined);
    expect(unknown).toMatchObject({ id: onServer.id, studentId: onServer.studentId });
    // Another ID-shaped value in the id (not the child's) still goes to the office part.
    const other = await sealRecord(office, 'events', 'id', { ...e, id: `x:110105194912310021:${G}` });
    expect(typeof other.idn).toBe('string');
    expect(await openRecord(office, 'events', 'id', other, resolve)).toMatchObject({
      id: `x:110105194912310021:${G}`,
    });
  });

  it('refuses a sealed value moved onto another record, and one under a key it does not hold', async () => {
    const k = await openKeyring(newKeyringData());
    const a = await sealRecord(k, 'students', 'id', makeStudent({ id: 'A', xjh: 'A' }));
    const b = await sealRecord(k, 'students', 'id', makeStudent({ id: 'B', xjh: 'B' }));
    await expect(openRecord(k, 'students', 'id', { ...b, enc: a.enc })).rejects.toThrow();
    const next = await openKeyring(rotated(k.data));
    const later = await sealRecord(next, 'students', 'id', makeStudent());
    expect(keyIdOf(later)).toBe(next.data.current);
    await expect(openRecord(k, 'students', 'id', later)).rejects.toThrow(/does not have/);
    // Older records still open with the rotated keyring; ids hash alike.
    expect(await openRecord(next, 'students', 'id', a)).toMatchObject({ id: 'A' });
    expect(await hashId(next, 'A')).toBe(a.id);
  });
});

describe('a member’s envelope of the school keyring', () => {
  it('opens with the password only, and after a password change with the new one only', async () => {
    const data = newKeyringData();
    const e = await makeEnvelope(data, 'one-time-pw', ITER);
    expect(JSON.stringify(e)).not.toContain(data.hmac);
    expect(await openEnvelope(e, 'one-time-pw')).toEqual(data);
    await expect(openEnvelope(e, 'guess')).rejects.toThrow(/wrong-password/);
    const mine = await rewrapEnvelope(e, 'one-time-pw', 'my-own-password');
    expect(mine.publicKey).toBe(e.publicKey);
    expect(await openEnvelope(mine, 'my-own-password')).toEqual(data);
    await expect(openEnvelope(mine, 'one-time-pw')).rejects.toThrow(/wrong-password/);
  });
});

describe('identity fields (学籍号, 身份证件号) and a teacher’s keyring', () => {
  const G = 'G11010519491231002X';
  const child = makeStudent({ id: G, xjh: G, idNumber: '11010519491231002X', name: '王小明', xjfh: 'F-1' });

  it('a teacher’s keyring opens a student without its 学籍号 or ID number: the id is the server’s hash', async () => {
    const office = await openKeyring(newKeyringData());
    const teacher = await openKeyring(withoutOffice(office.data));
    expect(teacher.office).toBeUndefined();
    const onServer = await sealRecord(office, 'students', 'id', { ...child, _deleted: false });
    expect(JSON.stringify(onServer)).not.toContain('11010519491231002X');
    expect(typeof onServer.idn).toBe('string');
    const seen = await openRecord(teacher, 'students', 'id', onServer);
    expect(JSON.stringify(seen)).not.toMatch(/\d{15}/);
    expect(seen).toMatchObject({
      id: onServer.id,
      xjh: '',
      idNumber: '',
      name: '王小明',
      className: child.className,
    });
    expect(seen.xjfh).toBeUndefined();
    expect(isAlias(seen.id)).toBe(true);
    // The office opens it whole.
    expect(await openRecord(office, 'students', 'id', onServer)).toEqual({ ...child, _deleted: false });
    // Without the office key nothing opens the identity part, even handed the raw document.
    const teacherSealsIt = await sealRecord(teacher, 'students', 'id', seen);
    expect(teacherSealsIt.idn).toBeUndefined();
    expect(teacherSealsIt.id).toBe(onServer.id);
  });

  it('an event a teacher writes names the child by the hash; the office device turns it back into the 学籍号', async () => {
    const office = await openKeyring(newKeyringData());
    const teacher = await openKeyring(withoutOffice(office.data));
    const alias = await hashId(office, G);
    const e: StoredEvent = {
      id: 'absence:1:a',
      kind: 'homeVisit',
      studentId: alias,
      author: '王老师',
      at: 1,
      recordedAt: 2,
      data: { method: 'home', visitorRole: 'teacher' },
    };
    const onServer = await sealRecord(teacher, 'events', 'id', e);
    expect(onServer.studentId).toBe(alias); // not hashed twice: rules match it to the child's class
    expect(await openRecord(teacher, 'events', 'id', onServer)).toEqual(e);
    const resolved = await openRecord(office, 'events', 'id', onServer, async (_c, id) =>
      id === alias ? G : undefined,
    );
    expect(resolved.studentId).toBe(G);
    // The office's own event about the child opens on the teacher's device with the same hash.
    const theirs = await sealRecord(office, 'events', 'id', { ...e, id: 'homeVisit:2:b', studentId: G });
    expect((await openRecord(teacher, 'events', 'id', theirs)).studentId).toBe(alias);
  });

  it('records from before encryption are minimised on a teacher’s device; a plain tombstone is kept apart', async () => {
    const office = await openKeyring(newKeyringData());
    const teacher = await openKeyring(withoutOffice(office.data));
    const plain = await openRecord(teacher, 'students', 'id', { ...child, _deleted: false });
    expect(JSON.stringify(plain)).not.toContain('11010519491231002X');
    expect(plain).toMatchObject({ id: await hashId(office, G), xjh: '', idNumber: '', name: '王小明' });
    const event = { id: 'e', kind: 'homeVisit', studentId: G, author: 'x', at: 1, data: {}, _deleted: false };
    expect((await openRecord(teacher, 'events', 'id', event)).studentId).toBe(await hashId(office, G));
    // A plain tombstone (the migration's) is kept apart, under no one's id.
    const gone = await openRecord(office, 'students', 'id', { id: G, _deleted: true });
    expect(String(gone.id)).toMatch(/^retired-h-/);
  });
});

describe('an office keyring without the office key a record was sealed with', () => {
  it('is told once (to fetch its keys again), then keeps the record minimised instead of failing for ever', async () => {
    const a = await openKeyring(newKeyringData());
    const b = await openKeyring({ ...a.data, office: newKeyringData().office }); // another office key
    const s = makeStudent({ id: 'G11010519491231002X', xjh: 'G11010519491231002X' });
    const onServer = await sealRecord(a, 'students', 'id', { ...s, _deleted: false });
    await expect(openRecord(b, 'students', 'id', onServer)).rejects.toThrow(/does not have/);
    const kept = await openRecord(b, 'students', 'id', onServer);
    expect(kept).toMatchObject({ id: onServer.id, xjh: '', idNumber: '', name: s.name });
  });
});

describe('a record held minimised, sealed by a device that has an office key', () => {
  it('carries no identity part (the rules then refuse it over the full one), and blanks still open as blanks', async () => {
    const office = await openKeyring(newKeyringData());
    const teacher = await openKeyring(withoutOffice(office.data));
    const G = 'G11010519491231002X';
    const full = await sealRecord(office, 'students', 'id', {
      ...makeStudent({ id: G, xjh: G, idNumber: '' }),
      _deleted: false,
    });
    expect((await openRecord(office, 'students', 'id', full)).idNumber).toBe('');
    const minimal = await openRecord(teacher, 'students', 'id', full);
    const resealed = await sealRecord(office, 'students', 'id', minimal);
    expect(resealed.id).toBe(full.id);
    expect(resealed.idn).toBeUndefined();
  });
});
