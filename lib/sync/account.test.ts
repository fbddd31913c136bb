import { describe, expect, it } from 'vitest';
import { changePassword, diagnose, rolesIn, staffRolesHere } from './account';

const account = { url: 'http://127.0.0.1:5984/', school: 'demo', user: '王老师', password: 'pw' };
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('what is wrong with sync, in plain words', () => {
  it('tells an unreachable server, a wrong password, a wrong URL, a missing database and no membership apart', async () => {
    const down = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await diagnose(account, down as never)).toMatchObject({ ok: false, problem: 'unreachable' });
    const reject = async () => json(401, { error: 'unauthorized' });
    expect(await diagnose(account, reject as never)).toMatchObject({ ok: false, problem: 'wrong-password' });
    const throttled = async () =>
      new Response(JSON.stringify({ error: 'too_many_requests' }), {
        status: 429,
        headers: { 'retry-after': '15' },
      });
    expect(await diagnose(account, throttled as never)).toEqual({
      ok: false,
      problem: 'throttled',
      detail: '15',
    });
    const html = async () => new Response('<html>502</html>', { status: 502 });
    // A wrong address is said as such (issue 15 §7), not as records the server refused.
    expect(await diagnose(account, html as never)).toMatchObject({ ok: false, problem: 'not-server' });
    const signedIn = (db: number) => async (url: string) =>
      url.endsWith('_session')
        ? json(200, { userCtx: { name: '王老师', roles: ['teacher'] } })
        : json(db, {});
    expect(await diagnose(account, signedIn(404) as never)).toMatchObject({
      ok: false,
      problem: 'database-missing',
      detail: 'baoxue-demo-students',
    });
    expect(await diagnose(account, signedIn(403) as never)).toMatchObject({
      ok: false,
      problem: 'no-permission',
    });
    expect(await diagnose(account, signedIn(200) as never)).toEqual({ ok: true, roles: ['teacher'] });
    const oneTime = async (url: string) =>
      url.endsWith('_session')
        ? json(200, { userCtx: { name: '王老师', roles: ['teacher'] }, info: { temporary_password: true } })
        : json(200, {});
    expect(await diagnose(account, oneTime as never)).toEqual({
      ok: true,
      roles: ['teacher'],
      temporaryPassword: true,
    });
  });
});

describe('the roles of the school this device syncs with (issue 16)', () => {
  const places = { a: { roles: ['teacher'], classes: ['七年级1班'] }, b: { roles: ['registrar'] } };

  it('takes that school’s place only, never a role held in another school', () => {
    const userCtx = { roles: ['baoxue-a', 'baoxue-b'], schools: places };
    expect(rolesIn(userCtx, 'a')).toEqual(['baoxue-a', 'teacher']);
    expect(rolesIn(userCtx, 'B')).toEqual(['baoxue-b', 'registrar']);
    expect(rolesIn(userCtx, 'c')).toEqual([]);
    expect(rolesIn({ roles: ['baoxue-a'], schools: 'garbled' }, 'a')).toEqual([]);
    expect(rolesIn({ roles: ['baoxue-a'], schools: places }, 'constructor')).toEqual([]);
    // A server from before places: its flat roles.
    expect(rolesIn({ roles: ['baoxue-a', 'teacher'] }, 'a')).toEqual(['baoxue-a', 'teacher']);
  });

  it('shows the dashboard no role stored beside another school’s membership only', () => {
    expect(staffRolesHere({ school: 'a', roles: ['baoxue-a', 'registrar'] })).toEqual(['registrar']);
    expect(staffRolesHere({ school: 'a', roles: ['baoxue-b', 'registrar'] })).toEqual([]);
  });

  it('shows the dashboard no role stored beside no membership at all (whose school cannot be told)', () => {
    expect(staffRolesHere({ school: 'a', roles: ['registrar'] })).toEqual([]);
    expect(staffRolesHere({ school: 'a', roles: ['teacher', 'leader'] })).toEqual([]);
    // The school as typed (upper case) and its membership as the server names it.
    expect(staffRolesHere({ school: 'A', roles: ['baoxue-a', 'teacher'] })).toEqual(['teacher']);
  });

  it('diagnose gives the roles of the device’s school', async () => {
    const session = async (url: string) =>
      url.endsWith('_session')
        ? json(200, { userCtx: { name: '王老师', roles: ['baoxue-a', 'baoxue-b'], schools: places } })
        : json(200, {});
    expect(await diagnose({ ...account, school: 'a' }, session as never)).toEqual({
      ok: true,
      roles: ['baoxue-a', 'teacher'],
    });
  });
});

describe('changing one’s own password', () => {
  it('sends the current and the new password to the server, and reads its refusals', async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      (async (url: string, init: RequestInit) => {
        sent.push({ url, init });
        return new Response(JSON.stringify(body), { status, headers });
      }) as never;
    expect(await changePassword(account, 'a-new-password', answer(200, { ok: true }))).toEqual({ ok: true });
    expect(sent[0]!.url).toBe('http://127.0.0.1:5984/_baoxue/password');
    expect(JSON.parse(String(sent[0]!.init.body))).toEqual({
      oldPassword: 'pw',
      newPassword: 'a-new-password',
    });
    expect(await changePassword(account, 'a-new-password', answer(403, {}))).toMatchObject({
      problem: 'wrong-password',
    });
    expect(await changePassword(account, 'a-new-password', answer(401, {}))).toMatchObject({
      problem: 'wrong-password',
    });
    expect(await changePassword(account, 'a-new-password', answer(429, {}, { 'retry-after': '15' }))).toEqual(
      {
        ok: false,
        problem: 'too-many',
        detail: '15',
      },
    );
    expect(
      await changePassword(account, 'a-new-password', answer(400, { reason: '新密码不能与原密码相同' })),
    ).toEqual({
      ok: false,
      problem: 'refused',
      detail: '新密码不能与原密码相同',
    });
  });

  it('refuses a short new password before asking the server', async () => {
    const never = (async () => {
      throw new Error('not called');
    }) as never;
    expect(await changePassword(account, 'short', never)).toEqual({
      ok: false,
      problem: 'too-short',
      detail: '8',
    });
  });
});
