import { describe, expect, it } from 'vitest';
import { diagnose } from './account';

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
    const html = async () => new Response('<html>502</html>', { status: 502 });
    expect(await diagnose(account, html as never)).toMatchObject({ ok: false, problem: 'refused' });
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
  });
});
