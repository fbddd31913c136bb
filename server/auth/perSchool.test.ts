/**
 * Roles and classes per school, not per account (issue 16), over HTTP against the real gateway. A 走教
 * teacher set up in two schools (中心校 A and 村小 B) has a place in each; B's registrar sets their classes in
 * B only; an account that is registrar in B and teacher in A is a teacher in A (their classes, no keyring of
 * others, no staff list, no office writes). Old flat accounts (from before places) keep working in their one
 * school; an old flat office account of two schools gets no office role in either, and `--check` says so.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { basicAuth, diagnose } from '../../lib/sync/account';
import { databaseName } from '../../lib/sync/school';
import { ADMIN, type RunningServer, runSyncServer } from '../../tests/support/sync-server';
import { checkSchool, setupSchool } from '../setup';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

const A1 = '七年级1班';
const A2 = '八年级1班';
const B1 = '三年级2班';
const PW: Record<string, string> = {
  甲主任: 'registrar-a-pw',
  乙主任: 'registrar-b-pw',
  走教老师: 'shared-teacher-pw',
  双岗老师: 'two-posts-pw',
  旧老师: 'old-teacher-pw',
  旧主任: 'old-registrar-pw',
  旧双校主任: 'old-two-schools-pw',
  [ADMIN.name]: ADMIN.password,
};
const as = (who: string) => basicAuth({ user: who, password: PW[who]! });
const u = encodeURIComponent;

let server: RunningServer;

async function call(who: string | null, method: string, path: string, body?: unknown) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(who ? { authorization: as(who) } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the answers of several routes, read field by field
  return { status: r.status, json: (await r.json().catch(() => ({}))) as Record<string, any> };
}

/** An account rewritten in the store as a version from before issue 16 kept it: flat roles and classes. */
async function makeFlat(name: string, roles: string[], classes?: string[]) {
  const path = `baoxue_gateway/${u(`account:${name}`)}`;
  const doc = (await call(ADMIN.name, 'GET', path)).json;
  const { schools: _, ...rest } = doc;
  const w = await call(ADMIN.name, 'PUT', path, { ...rest, roles, ...(classes ? { classes } : {}) });
  expect(w.status).toBe(201);
}

/** The ids of school A's students this account receives from the changes feed. */
async function readsOfA(who: string): Promise<string[]> {
  const r = await call(who, 'GET', `${u(databaseName('a', 'students'))}/_changes?include_docs=true`);
  expect(r.status).toBe(200);
  return (r.json.results as { id: string }[])
    .map((x) => x.id)
    .filter((id) => !id.startsWith('_design/'))
    .sort();
}

const scope = async (who: string, school: string) => (await call(who, 'GET', `_baoxue/scope/${school}`)).json;

beforeAll(async () => {
  server = await runSyncServer();
  // The same 走教 teacher set up once in each school, as the README says.
  await setupSchool({
    url: server.url,
    school: 'a',
    admin: ADMIN,
    staff: [
      { name: '甲主任', password: PW.甲主任!, role: 'registrar' },
      { name: '走教老师', password: PW.走教老师!, role: 'teacher', classes: [A1] },
      { name: '双岗老师', password: PW.双岗老师!, role: 'teacher', classes: [A2] },
      { name: '旧老师', password: PW.旧老师!, role: 'teacher', classes: [A1] },
      { name: '旧主任', password: PW.旧主任!, role: 'registrar' },
      { name: '旧双校主任', password: PW.旧双校主任!, role: 'registrar' },
    ],
  });
  await setupSchool({
    url: server.url,
    school: 'b',
    admin: ADMIN,
    staff: [
      { name: '乙主任', password: PW.乙主任!, role: 'registrar' },
      { name: '走教老师', password: PW.走教老师!, role: 'teacher', classes: [B1] },
      { name: '双岗老师', password: PW.双岗老师!, role: 'registrar' },
    ],
  });
  // Three accounts as an older version stored them (before any of them logged in: nothing cached).
  await makeFlat('旧老师', ['baoxue-a', 'teacher'], [A1]);
  await makeFlat('旧主任', ['baoxue-a', 'registrar']);
  await makeFlat('旧双校主任', ['baoxue-a', 'baoxue-b', 'registrar', 'teacher'], [A1]);
  const students = [
    { _id: 'S1', name: 'sealed', className: A1, updatedAt: 1 },
    { _id: 'S2', name: 'sealed', className: A2, updatedAt: 1 },
    { _id: 'S3', name: 'sealed', className: '九年级1班', updatedAt: 1 },
  ];
  const w = await call(ADMIN.name, 'POST', `${u(databaseName('a', 'students'))}/_bulk_docs`, {
    docs: students,
  });
  expect(w.status).toBe(201);
}, 90_000);
afterAll(async () => {
  await server?.stop();
});

describe('a 走教 teacher of two schools', () => {
  it('holds a place in each school, set up once per school', async () => {
    const account = (await call(ADMIN.name, 'GET', `_baoxue/accounts/${u('走教老师')}`)).json;
    expect(account.schools).toEqual({
      a: { roles: ['teacher'], classes: [A1] },
      b: { roles: ['teacher'], classes: [B1] },
    });
    expect(await readsOfA('走教老师')).toEqual(['S1']);
    expect(await scope('走教老师', 'b')).toEqual({ school: 'b', all: false, classes: [B1], children: [] });
  });

  it('B’s registrar changes their classes in B only: what they read in A stays as it was', async () => {
    const put = await call('乙主任', 'PUT', `_baoxue/school/b/staff/${u('走教老师')}`, {
      classes: ['四年级1班', A2],
    });
    expect(put.status).toBe(200);
    expect(await scope('走教老师', 'b')).toMatchObject({ all: false, classes: ['四年级1班', A2].sort() });
    // A unchanged: still 七年级1班 only, never B's 八年级1班 list.
    expect(await scope('走教老师', 'a')).toEqual({ school: 'a', all: false, classes: [A1], children: [] });
    expect(await readsOfA('走教老师')).toEqual(['S1']);
    // And A's own route stays closed to B's registrar.
    const inA = await call('乙主任', 'PUT', `_baoxue/school/a/staff/${u('走教老师')}`, { classes: [A2] });
    expect(inA.status).toBe(403);
    expect((await call(ADMIN.name, 'GET', `_baoxue/accounts/${u('走教老师')}`)).json.schools.a).toEqual({
      roles: ['teacher'],
      classes: [A1],
    });
  });

  it('tells a device the role it holds in the school the device syncs with', async () => {
    const session = (await call('双岗老师', 'GET', '_session')).json.userCtx;
    expect(session.schools).toEqual({
      a: { roles: ['teacher'], classes: [A2] },
      b: { roles: ['registrar'] },
    });
    // The flat list names no role held in only one of them.
    expect(session.roles.sort()).toEqual(['baoxue-a', 'baoxue-b']);
    const device = { url: server.url, user: '双岗老师', password: PW.双岗老师! };
    expect(await diagnose({ ...device, school: 'a' })).toMatchObject({
      ok: true,
      roles: ['baoxue-a', 'teacher'],
    });
    expect(await diagnose({ ...device, school: 'b' })).toMatchObject({
      ok: true,
      roles: ['baoxue-b', 'registrar'],
    });
  });
});

describe('registrar in B, teacher in A', () => {
  it('reads only their classes in A, and all of B', async () => {
    expect(await scope('双岗老师', 'a')).toEqual({ school: 'a', all: false, classes: [A2], children: [] });
    expect(await readsOfA('双岗老师')).toEqual(['S2']);
    expect((await call('双岗老师', 'GET', `${u(databaseName('a', 'students'))}/S1`)).status).toBe(404);
    expect(await scope('双岗老师', 'b')).toEqual({ school: 'b', all: true });
  });

  it('writes in A as a teacher: no 学籍 record, no other teacher named as 帮扶 partner', async () => {
    const record = { className: A2, name: 'sealed', updatedAt: 2 };
    const inA = await call('双岗老师', 'PUT', `${u(databaseName('a', 'students'))}/S9`, record);
    expect(inA.status).toBe(403);
    const inB = await call('双岗老师', 'PUT', `${u(databaseName('b', 'students'))}/S9`, record);
    expect(inB.status).toBe(201);
    const naming = {
      kind: 'riskNote',
      studentId: 'S2',
      author: '双岗老师',
      at: Date.now(),
      recordedAt: Date.now(),
      data: { type: 'key-student', partner: '走教老师' },
    };
    const note = await call('双岗老师', 'PUT', `${u(databaseName('a', 'events'))}/E1`, naming);
    expect(note.status).toBe(403);
  });

  it('cannot list A’s staff, nor read or write A’s keyring envelopes of others', async () => {
    expect((await call('双岗老师', 'GET', '_baoxue/school/a/staff')).status).toBe(403);
    expect(
      (await call('双岗老师', 'PUT', `_baoxue/school/a/staff/${u('走教老师')}`, { classes: [A2] })).status,
    ).toBe(403);
    expect((await call('双岗老师', 'GET', '_baoxue/school/b/staff')).status).toBe(200);
    // A's registrar makes A's keyring and hands 走教老师 an envelope (the server only stores them).
    const envelope = (id: string) => ({
      publicKey: `pk-${id}`,
      salt: 'salt',
      iterations: 100_000,
      privateKey: `sealed-${id}`,
      keyring: `ring-${id}`,
      keyIds: ['k1'],
    });
    expect(
      (await call('甲主任', 'PUT', `_baoxue/keys/a/${u('甲主任')}?create=1`, envelope('甲'))).status,
    ).toBe(201);
    expect((await call('甲主任', 'PUT', `_baoxue/keys/a/${u('走教老师')}`, envelope('走'))).status).toBe(201);
    const list = await call('双岗老师', 'GET', '_baoxue/keys/a');
    expect(list.json).toEqual({ exists: true });
    expect((await call('双岗老师', 'GET', `_baoxue/keys/a/${u('走教老师')}`)).status).toBe(403);
    const hijack = await call('双岗老师', 'PUT', `_baoxue/keys/a/${u('走教老师')}`, envelope('x'));
    expect(hijack.status).toBe(403);
    // A first envelope of their own in A is no registrar's either: a member re-wraps what a registrar gave.
    expect((await call('双岗老师', 'PUT', `_baoxue/keys/a/${u('双岗老师')}`, envelope('双'))).status).toBe(
      403,
    );
    expect((await call('双岗老师', 'DELETE', `_baoxue/keys/a/${u('走教老师')}`)).status).toBe(403);
    expect((await call('走教老师', 'GET', `_baoxue/keys/a/${u('走教老师')}`)).json.keyring).toBe('ring-走');
    // The registrar of A still sees every holder.
    expect((await call('甲主任', 'GET', '_baoxue/keys/a')).json.members).toHaveLength(2);
  });
});

describe('accounts from before roles were held per school', () => {
  it('keep working for a member of one school', async () => {
    expect(await scope('旧老师', 'a')).toEqual({ school: 'a', all: false, classes: [A1], children: [] });
    expect(await readsOfA('旧老师')).toEqual(['S1']);
    expect(await scope('旧主任', 'a')).toEqual({ school: 'a', all: true });
    expect(await readsOfA('旧主任')).toEqual(['S1', 'S2', 'S3']);
    expect((await call('旧主任', 'GET', '_baoxue/school/a/staff')).status).toBe(200);
  });

  it('an office account of two schools reads nothing office-wide in either, and --check says how to fix it', async () => {
    for (const school of ['a', 'b']) {
      // Its flat 七年级1班 cannot be told to be A's or B's either: none.
      expect(await scope('旧双校主任', school)).toEqual({ school, all: false, classes: [], children: [] });
      expect((await call('旧双校主任', 'GET', `_baoxue/school/${school}/staff`)).status).toBe(403);
      expect((await call('旧双校主任', 'GET', `_baoxue/keys/${school}`)).json.members).toBeUndefined();
    }
    expect(await readsOfA('旧双校主任')).toEqual([]);
    const drift = await checkSchool({ url: server.url, school: 'a', admin: ADMIN });
    expect(drift).toContainEqual(
      expect.stringMatching(
        /^旧双校主任: 旧账号同时属于 a、b.*registrar.*班级 七年级1班.*都不生效.*--staff 旧双校主任:<密码>:<角色>/,
      ),
    );
    // A registrar cannot quietly settle it by setting classes; the admin sets each school's place.
    const put = await call('甲主任', 'PUT', `_baoxue/school/a/staff/${u('旧双校主任')}`, { classes: [A1] });
    expect(put.status).toBe(409);
    // The flat form of the admin's API is refused where it cannot say which school a role is for.
    const flat = await call(ADMIN.name, 'PUT', `_baoxue/accounts/${u('旧双校主任')}`, {
      roles: ['baoxue-a', 'baoxue-b', 'registrar'],
    });
    expect(flat.status).toBe(400);
    // The fix --check names: set up in each school.
    await setupSchool({
      url: server.url,
      school: 'a',
      admin: ADMIN,
      staff: [{ name: '旧双校主任', password: 'unused-pw', role: 'registrar' }],
    });
    await setupSchool({
      url: server.url,
      school: 'b',
      admin: ADMIN,
      staff: [{ name: '旧双校主任', password: 'unused-pw', role: 'teacher', classes: [B1] }],
    });
    expect(
      (await checkSchool({ url: server.url, school: 'a', admin: ADMIN })).filter((d) =>
        d.startsWith('旧双校主任'),
      ),
    ).toEqual([]);
    expect(await scope('旧双校主任', 'a')).toEqual({ school: 'a', all: true });
    expect(await scope('旧双校主任', 'b')).toEqual({ school: 'b', all: false, classes: [B1], children: [] });
  });
});
