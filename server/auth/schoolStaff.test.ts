/**
 * `/_baoxue/school/<school>/staff`: a school's registrar sets a teacher's classes from the dashboard; a leader
 * reads the list; a teacher, another school's registrar, the server admin and anonymous callers are refused,
 * and nothing but classes can be changed there. Through the real gateway.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { basicAuth } from '../../lib/sync/account';
import { ADMIN, type RunningServer, runSyncServer } from '../../tests/support/sync-server';
import { setupSchool } from '../setup';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PW: Record<string, string> = {
  李主任: 'registrar-pw',
  张校长: 'leader-pw',
  王老师: 'teacher-pw',
  外校主任: 'other-registrar-pw',
  外校老师: 'other-teacher-pw',
  [ADMIN.name]: ADMIN.password,
};

let server: RunningServer;
beforeAll(async () => {
  server = await runSyncServer();
  await setupSchool({
    url: server.url,
    school: 'demo',
    admin: ADMIN,
    staff: [
      { name: '李主任', password: PW.李主任!, role: 'registrar' },
      { name: '张校长', password: PW.张校长!, role: 'leader' },
      { name: '王老师', password: PW.王老师!, role: 'teacher', classes: ['七年级1班'] },
    ],
  });
  await setupSchool({
    url: server.url,
    school: 'other',
    admin: ADMIN,
    staff: [
      { name: '外校主任', password: PW.外校主任!, role: 'registrar' },
      { name: '外校老师', password: PW.外校老师!, role: 'teacher' },
    ],
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const call = (path: string, who: string | null, init: RequestInit = {}) =>
  fetch(`${server.url}_baoxue/school/${path}`, {
    ...init,
    headers: {
      ...(who ? { authorization: basicAuth({ user: who, password: PW[who]! }) } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
const put = (path: string, who: string | null, body: unknown) =>
  call(path, who, { method: 'PUT', body: JSON.stringify(body) });
const u = encodeURIComponent;
const account = async (name: string) =>
  (await (
    await fetch(`${server.url}_baoxue/accounts/${u(name)}`, {
      headers: { authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }) },
    })
  ).json()) as { roles: string[]; classes?: string[]; temporary: boolean };

describe('a school’s staff and their classes', () => {
  it('lists the school’s own staff, without hashes, to its registrar and its leader', async () => {
    for (const who of ['李主任', '张校长']) {
      const r = await call('demo/staff', who);
      expect(r.status).toBe(200);
      const { staff } = (await r.json()) as { staff: Record<string, unknown>[] };
      expect(staff.map((s) => s.name).sort()).toEqual(['张校长', '李主任', '王老师'].sort());
      const wang = staff.find((s) => s.name === '王老师')!;
      expect(wang).toEqual({ name: '王老师', roles: ['teacher'], classes: ['七年级1班'] });
      for (const s of staff) expect(Object.keys(s).sort()).not.toContain('hash');
    }
  });

  it('lets the registrar set a teacher’s classes, which the admin’s account then shows', async () => {
    const r = await put(`demo/staff/${u('王老师')}`, '李主任', {
      classes: ['七年级2班', ' 八年级1班 ', '七年级2班'],
    });
    expect(r.status).toBe(200);
    expect(await account('王老师')).toMatchObject({ classes: ['七年级2班', '八年级1班'] });
    expect((await account('王老师')).roles.sort()).toEqual(['baoxue-demo', 'teacher']);
  });

  it('refuses a teacher, another school’s registrar, the server admin and anonymous callers', async () => {
    expect((await call('demo/staff', '王老师')).status).toBe(403);
    expect((await put(`demo/staff/${u('王老师')}`, '王老师', { classes: ['九年级3班'] })).status).toBe(403);
    expect((await call('demo/staff', '外校主任')).status).toBe(403);
    expect((await put(`demo/staff/${u('王老师')}`, '外校主任', { classes: ['九年级3班'] })).status).toBe(403);
    // Their own school's route does not reach another school's account either.
    expect((await put(`other/staff/${u('王老师')}`, '外校主任', { classes: ['九年级3班'] })).status).toBe(
      404,
    );
    expect((await call('demo/staff', ADMIN.name)).status).toBe(403);
    expect((await call('demo/staff', null)).status).toBe(401);
    // A leader reads the list but sets nothing.
    expect((await put(`demo/staff/${u('王老师')}`, '张校长', { classes: ['九年级3班'] })).status).toBe(403);
    expect((await account('王老师')).classes).toEqual(['七年级2班', '八年级1班']);
  });

  it('changes nothing but classes: no roles, no password, no admin, no other school’s staff', async () => {
    const before = await account('王老师');
    for (const body of [
      { classes: ['七年级1班'], roles: ['registrar', 'baoxue-demo'] },
      { classes: ['七年级1班'], password: 'taken-over-pw' },
      { roles: ['_admin'] },
      { classes: 'all' },
      { classes: [''] },
    ])
      expect((await put(`demo/staff/${u('王老师')}`, '李主任', body)).status).toBe(400);
    expect(await account('王老师')).toEqual(before);
    // The password is still the teacher's own.
    expect((await call('demo/staff', '王老师')).status).toBe(403);
    // Classes belong to teachers: a registrar or a leader has none to set.
    expect((await put(`demo/staff/${u('张校长')}`, '李主任', { classes: ['七年级1班'] })).status).toBe(403);
    expect((await put(`demo/staff/${u(ADMIN.name)}`, '李主任', { classes: ['七年级1班'] })).status).toBe(404);
    expect((await put(`demo/staff/${u('外校老师')}`, '李主任', { classes: ['七年级1班'] })).status).toBe(404);
    expect((await account('外校老师')).classes).toBeUndefined();
    expect((await call(`demo/staff/${u('王老师')}`, '李主任', { method: 'DELETE' })).status).toBe(405);
    expect((await call('demo/other', '李主任')).status).toBe(404);
  });
});
