/**
 * The office key (身份信息密钥) reaches registrars and leaders only: a teacher cannot write the key ids or
 * keyring of their own envelope (server/auth/keys.ts), and a rotation hands the new office key by the server's
 * staff roles, never by the key ids an envelope lists (lib/sync/keys.ts `removeMember`). Through the real gateway.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { basicAuth } from '../lib/sync/account';
import { grantMember, removeMember, rewrapOwnKey, schoolKeyring } from '../lib/sync/keys';
import { ADMIN, type RunningServer, runSyncServer } from '../tests/support/sync-server';
import { setupSchool } from './setup';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const SCHOOL = 'okey';
let server: RunningServer;
let url: string;
const account = (user: string, password: string, role: string) => ({
  url,
  school: SCHOOL,
  user,
  password,
  roles: [`baoxue-${SCHOOL}`, role],
});
const envelopeUrl = (name: string) => `${url}_baoxue/keys/${SCHOOL}/${encodeURIComponent(name)}`;
const put = (who: { user: string; password: string }, name: string, body: unknown, query = '') =>
  fetch(envelopeUrl(name) + query, {
    method: 'PUT',
    headers: { authorization: basicAuth(who), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  server = await runSyncServer();
  url = server.url.endsWith('/') ? server.url : `${server.url}/`;
  await setupSchool({
    url: server.url,
    school: SCHOOL,
    admin: ADMIN,
    staff: [
      { name: '李老师', password: 'registrar-pw', role: 'registrar' },
      { name: '王老师', password: 'teacher-pw1', role: 'teacher', classes: ['七年级1班'] },
      { name: '赵老师', password: 'teacher-pw2', role: 'teacher', classes: ['七年级2班'] },
      { name: '张校长', password: 'leader-pw1', role: 'leader' },
    ],
  });
});
afterAll(async () => server?.stop());

it('refuses a teacher who writes key ids or a keyring into their own envelope; a re-wrap still goes through', async () => {
  const reg = account('李老师', 'registrar-pw', 'registrar');
  expect((await schoolKeyring(reg)).data.office).toBeDefined();
  await grantMember(reg, '王老师', 'teacher-pw1');
  const t = account('王老师', 'teacher-pw1', 'teacher');
  const before = (await schoolKeyring(t)).data;
  expect(before.office).toBeUndefined();
  const own = (await (
    await fetch(envelopeUrl('王老师'), { headers: { authorization: basicAuth(t) } })
  ).json()) as { keyIds: string[]; keyring: string };

  expect((await put(t, '王老师', { keyIds: ['oX'] })).status).toBe(403);
  expect((await put(t, '王老师', { keyIds: [...own.keyIds, 'oX'] })).status).toBe(403);
  expect((await put(t, '王老师', { keyring: own.keyring.split('').reverse().join('') })).status).toBe(403);
  const after = (await (
    await fetch(envelopeUrl('王老师'), { headers: { authorization: basicAuth(t) } })
  ).json()) as { keyIds: string[] };
  expect(after.keyIds).toEqual(own.keyIds);

  // A password change re-wraps the private key and sends the rest back unchanged: allowed.
  await expect(rewrapOwnKey({ ...t }, 'teacher-pw1')).resolves.toBeUndefined();
  // …and a teacher with no envelope yet cannot make one for themselves.
  const z = account('赵老师', 'teacher-pw2', 'teacher');
  expect((await put(z, '赵老师', { keyIds: ['oX'] })).status).toBe(403);
});

it('rotates the office key to registrars and leaders only, whatever key ids an envelope lists', async () => {
  const reg = account('李老师', 'registrar-pw', 'registrar');
  await grantMember(reg, '赵老师', 'teacher-pw2');
  await grantMember(reg, '张校长', 'leader-pw1');
  // An envelope listing an office key id without being office staff (a registrar made teacher keeps the
  // old ids): only a registrar can write one now, as here.
  const own = (await (
    await fetch(`${url}_baoxue/keys/${SCHOOL}`, { headers: { authorization: basicAuth(reg) } })
  ).json()) as {
    generation: number;
    members: { name: string; keyIds: string[] }[];
  };
  const wang = own.members.find((m) => m.name === '王老师')!;
  // (A registrar's keyring write names the generation it read: server/auth/keys.ts.)
  expect(
    (await put(reg, '王老师', { keyIds: [...wang.keyIds, 'oStale'] }, `?generation=${own.generation}`))
      .status,
  ).toBe(200);

  await removeMember(reg, '赵老师');

  const teacher = (await schoolKeyring(account('王老师', 'teacher-pw1', 'teacher'))).data;
  expect(teacher.office).toBeUndefined();
  const registrar = (await schoolKeyring({ ...reg })).data;
  expect(registrar.office).toBeDefined();
  // The rotation happened (the teacher has the new current key) and the leader got the new office key.
  expect(teacher.current).toBe(registrar.current);
  const leader = (await schoolKeyring(account('张校长', 'leader-pw1', 'leader'))).data;
  expect(leader.office?.current).toBe(registrar.office?.current);
});
