import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { StatusChangeCase, type StoredEvent } from '../records';
import { makeEnvelope, openEnvelope, rewrapEnvelope } from './keys';
import {
  b64,
  hashId,
  isAlias,
  type KeyringData,
  keyIdOf,
  NoIdKeyError,
  newKeyringData,
  openKeyring,
  openRecord,
  reIdentified,
  rotated,
  sealRecord,
  serverIdOf,
  unb64,
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
    expect(isAlias(onServer.id)).toBe(true);
    expect(onServer.id).toBe(await serverIdOf(k, e.id));
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
    expect(isAlias(onServer.id)).toBe(true);
    // The same absence written on a teacher's device (the child named by the hash) is the same record there.
    const alias = await hashId(office, G);
    const byTeacher = await sealRecord(teacher, 'events', 'id', {
      ...e,
      id: e.id.replace(G, alias),
      studentId: alias,
      supersedes: e.supersedes!.replace(G, alias),
    });
    expect(byTeacher.id).toBe(onServer.id);
    expect(byTeacher.supersedes).toBe(onServer.supersedes);
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
    // A keyring from before the office's id key (a school not re-id'd yet): its teachers can hash 学籍号s.
    const { ids: _ids, ...data } = newKeyringData();
    const { ids: _o, ...officePart } = data.office!;
    const office = await openKeyring({ ...data, office: officePart });
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

describe('the id key for children (issue 16): office-only', () => {
  const G = 'G11010519491231002X';
  const child = makeStudent({ id: G, xjh: G, idNumber: '11010519491231002X', name: '王小明' });

  it('a teacher’s keyring holds no key that turns a 学籍号 into the child’s server id', async () => {
    const data = newKeyringData();
    const office = await openKeyring(data);
    const onServer = await sealRecord(office, 'students', 'id', { ...child, _deleted: false });
    const e = await makeEnvelope(withoutOffice(data), 'one-time-pw', ITER);
    const held = await openEnvelope(e, 'one-time-pw');
    const teacher = await openKeyring(held);
    // Every key the teacher's keyring holds, tried as the id key: none gives the child's id.
    const raw = [held.hmac, ...Object.values(held.keys)];
    for (const key of raw) {
      const k = await crypto.subtle.importKey('raw', unb64(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ]);
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', k, new TextEncoder().encode(G)));
      expect(`h-${b64(mac).replace(/\+/g, '-').replace(/\//g, '_').slice(0, 32)}`).not.toBe(onServer.id);
    }
    expect(JSON.stringify(held)).not.toContain(data.office!.ids!);
    // Hashing a 学籍号 is refused on the teacher's device; the hash it holds is the server id as it is.
    await expect(hashId(teacher, G)).rejects.toThrow(NoIdKeyError);
    await expect(serverIdOf(teacher, G, { person: true })).rejects.toThrow(NoIdKeyError);
    expect(await serverIdOf(teacher, String(onServer.id))).toBe(onServer.id);
    // It still writes about the child: an absence naming the child by the hash, which the office resolves.
    const seen = await openRecord(teacher, 'students', 'id', onServer);
    const absence = await sealRecord(teacher, 'events', 'id', {
      id: `absence:${seen.id}:2026-11-20:day`,
      kind: 'absence',
      studentId: String(seen.id),
      author: '王老师',
      at: 1,
      recordedAt: 2,
      data: { date: '2026-11-20', half: 'day', mark: 'unexcused' },
      _deleted: false,
    });
    const resolve = async (_c: string, id: string) => (id === onServer.id ? G : undefined);
    expect(await openRecord(office, 'events', 'id', absence, resolve)).toMatchObject({
      studentId: G,
      id: `absence:${onServer.id}:2026-11-20:day`,
    });
  });

  it('a plain record naming a child by 学籍号 is not kept on a teacher’s device that cannot hash it', async () => {
    const office = await openKeyring(newKeyringData());
    const teacher = await openKeyring(withoutOffice(office.data));
    const plain = await openRecord(teacher, 'students', 'id', { ...child, _deleted: false });
    expect(JSON.stringify(plain)).not.toMatch(/\d{15}/);
    expect(plain).toMatchObject({ _deleted: true });
  });

  it('a keyring turned by a removal keeps the office’s id key; an old keyring re-id’d gets new id keys', async () => {
    const data = newKeyringData();
    const turned = rotated(data);
    expect(turned.office?.ids).toBe(data.office!.ids);
    expect(turned.ids).toBe('office');
    const { ids: _ids, ...old } = data;
    const { ids: _o, ...officePart } = data.office!;
    const before: KeyringData = { ...old, office: officePart };
    const next = reIdentified(before);
    expect(next.ids).toBe('office');
    expect(next.hmac).not.toBe(before.hmac);
    expect(next.office?.was).toBe(before.hmac);
    expect(withoutOffice(next)).not.toHaveProperty('office');
    expect(JSON.stringify(withoutOffice(next))).not.toContain(before.hmac);
    expect(reIdentified(next)).toBe(next);
  });
});

describe('a case (转出/休学/劝返) on the server names its child for the 帮扶 partner (issue 16)', () => {
  const G = 'G11010519491231002X';
  const child = makeStudent({ id: G, xjh: G, name: '王小明', className: '七年级2班' });
  const aCase: StatusChangeCase = {
    id: 'YD-2026-0001',
    xjh: G,
    name: '王小明',
    grade: '七年级',
    className: '七年级2班',
    changeType: '转出',
    reason: '随父母外出务工',
    changeDate: '2026-09-01',
    appliedDate: '2026-08-20',
    reviewStatus: '待审核',
    currentUnit: '',
    toSchool: '某市实验中学',
    fromSchool: '',
    flags: [],
    source: { host: '127.0.0.1', pageKind: 'case-list', seenAt: 1 },
    updatedAt: 1,
  };

  it('carries the child’s server id in clear (the student’s own), which no device’s copy keeps', async () => {
    const office = await openKeyring(newKeyringData());
    const teacher = await openKeyring(withoutOffice(office.data));
    const student = await sealRecord(office, 'students', 'id', { ...child, _deleted: false });
    const onServer = await sealRecord(office, 'cases', 'id', { ...aCase, _deleted: false });
    expect(isAlias(onServer.studentRef)).toBe(true);
    expect(onServer.studentRef).toBe(student.id);
    expect(JSON.stringify(onServer)).not.toContain(G);
    // Opened, it is the device's record again: the field is gone (the store's schema has no place for it).
    const back = await openRecord(office, 'cases', 'id', onServer);
    expect(back).toEqual({ ...aCase, _deleted: false });
    expect(StatusChangeCase.safeParse(back).success).toBe(true);
    const seen = await openRecord(teacher, 'cases', 'id', onServer);
    expect(seen.studentRef).toBeUndefined();
    expect(seen).toMatchObject({ id: aCase.id, xjh: '', className: '七年级2班' });
  });

  it('carries none when the device holds no 学籍号 for it, and a deletion carries none', async () => {
    const office = await openKeyring(newKeyringData());
    const blank = await sealRecord(office, 'cases', 'id', { ...aCase, xjh: '', _deleted: false });
    expect(blank.studentRef).toBeUndefined();
    const gone = await sealRecord(office, 'cases', 'id', { id: aCase.id, _deleted: true });
    expect(gone.studentRef).toBeUndefined();
  });
});
