/**
 * Two registrars turning the school keyring at the same moment (each removed a colleague: lib/sync/keys.ts
 * `removeMember`) end on ONE keyring that every remaining member opens, holding both turns' keys: the server
 * takes a keyring write only when it names the generation the writer read (server/auth/keys.ts), refuses a
 * stale one (409), and the device reads again and turns once more from what it finds. Through the real gateway.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { basicAuth, type SyncAccount } from '../lib/sync/account';
import { grantMember, removeMember, schoolKeyring, whenOfficeTaken } from '../lib/sync/keys';
import { type Keyring, keyIdsOf } from '../lib/sync/sealed';
import { ADMIN, type RunningServer, runSyncServer } from '../tests/support/sync-server';
import { setupSchool } from './setup';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
const SCHOOL = 'keyrace';
let server: RunningServer;
let url: string;
const PASSWORDS: Record<string, [string, string]> = {
  甲: ['reg-a-pw-1', 'registrar'],
  乙: ['reg-b-pw-1', 'registrar'],
  丙: ['teacher-pw-1', 'teacher'],
  丁: ['teacher-pw-2', 'teacher'],
  戊: ['teacher-pw-3', 'teacher'],
  己: ['teacher-pw-4', 'teacher'],
  庚: ['teacher-pw-5', 'teacher'],
  辛: ['reg-c-pw-1', 'registrar'],
};
const account = (user: string): SyncAccount => {
  const [password, role] = PASSWORDS[user]!;
  return { url, school: SCHOOL, user, password, roles: [`baoxue-${SCHOOL}`, role] };
};
const holders = async () =>
  (
    (await (
      await fetch(`${url}_baoxue/keys/${SCHOOL}`, { headers: { authorization: basicAuth(account('甲')) } })
    ).json()) as { members: { name: string }[] }
  ).members
    .map((m) => m.name)
    .sort();

/** Every remaining member's keyring, opened with their password (as their device opens it). */
const keyrings = async () => {
  const out: Record<string, Keyring> = {};
  for (const name of await holders()) out[name] = await schoolKeyring(account(name));
  return out;
};

beforeAll(async () => {
  server = await runSyncServer();
  url = server.url.endsWith('/') ? server.url : `${server.url}/`;
  await setupSchool({
    url: server.url,
    school: SCHOOL,
    admin: ADMIN,
    staff: Object.entries(PASSWORDS).map(([name, [password, role]]) =>
      role === 'teacher'
        ? { name, password, role: 'teacher' as const, classes: ['七年级1班'] }
        : { name, password, role: 'registrar' as const },
    ),
  });
  await schoolKeyring(account('甲'));
  for (const name of Object.keys(PASSWORDS))
    if (name !== '甲') await grantMember(account('甲'), name, PASSWORDS[name]![0]);
});
afterAll(async () => server?.stop());

it('a turn made on a keyring another registrar turned meanwhile is refused and made again: one keyring, both keys', async () => {
  // 甲's device read the keys, then stalls before writing (a slow network): 乙 turns the keyring meanwhile.
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let held = false;
  let stalled!: () => void;
  const stalling = new Promise<void>((r) => {
    stalled = r;
  });
  const slow: typeof fetch = async (input, init) => {
    const method = init?.method ?? 'GET';
    if (!held && String(input).includes('/_baoxue/keys/') && method !== 'GET' && method !== 'DELETE') {
      held = true;
      stalled();
      await released;
    }
    return fetch(input, init);
  };
  const first = removeMember(account('甲'), '丁', slow);
  await stalling;
  await removeMember(account('乙'), '戊');
  // What 乙's device seals from now on is under 乙's turn.
  const bTurn = (await schoolKeyring(account('乙'))).data;
  release();
  await first;

  expect(await holders()).toEqual(['丙', '乙', '己', '庚', '甲', '辛'].sort());
  const rings = await keyrings();
  const currents = new Set(Object.values(rings).map((k) => k.data.current));
  expect(currents.size).toBe(1);
  // 乙's turn is in every keyring (nothing 乙 sealed meanwhile is lost), and the school turned past it.
  for (const [name, k] of Object.entries(rings)) {
    expect(keyIdsOf(k.data), name).toContain(bTurn.current);
    expect(k.data.current, name).not.toBe(bTurn.current);
  }
  // The registrars share one office key; the teachers hold none.
  expect(rings.甲!.data.office?.current).toBe(rings.乙!.data.office?.current);
  expect(keyIdsOf(rings.甲!.data)).toContain(bTurn.office!.current);
  expect(rings.丙!.office).toBeUndefined();
});

it('a registrar made teacher: when another registrar’s device takes the office key back first, this one still says whose', async () => {
  const r = await fetch(`${url}_baoxue/accounts/${encodeURIComponent('辛')}`, {
    method: 'PUT',
    headers: {
      authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }),
      'content-type': 'application/json',
    },
    body: JSON.stringify({ school: SCHOOL, roles: ['teacher'], classes: ['七年级1班'] }),
  });
  expect(r.status).toBe(200);
  PASSWORDS.辛![1] = 'teacher'; // as 辛's device now signs in
  const heard: string[][] = [];
  const stop = whenOfficeTaken((names) => heard.push(names));
  // 甲's device is about to write the turn when 乙's device (another registrar) makes it first.
  let once = false;
  const slow: typeof fetch = async (input, init) => {
    if (!once && init?.method === 'POST' && String(input).includes('/_baoxue/keys/')) {
      once = true;
      await schoolKeyring(account('乙'));
    }
    return fetch(input, init);
  };
  const k = await schoolKeyring(account('甲'), slow);
  stop();
  expect(once).toBe(true);
  // 乙's device said it, and 甲's (refused, reading again: nothing left to take) says it too, once.
  expect(heard).toEqual([['辛'], ['辛']]);
  expect(k.data.current).toBe((await schoolKeyring(account('乙'))).data.current);
  expect((await schoolKeyring(account('辛'))).data.office).toBeUndefined();
});

it('two registrars removing two colleagues at the same moment leave every remaining member on one keyring', async () => {
  await Promise.all([removeMember(account('甲'), '己'), removeMember(account('乙'), '庚')]);
  expect(await holders()).toEqual(['丙', '乙', '甲', '辛'].sort());
  const rings = await keyrings();
  expect(new Set(Object.values(rings).map((k) => k.data.current)).size).toBe(1);
  expect(rings.甲!.data.office?.current).toBe(rings.乙!.data.office?.current);
});

it('refuses a keyring write that names no generation or a stale one, in words', async () => {
  const put = (query: string) =>
    fetch(`${url}_baoxue/keys/${SCHOOL}/${encodeURIComponent('丙')}${query}`, {
      method: 'PUT',
      headers: { authorization: basicAuth(account('甲')), 'content-type': 'application/json' },
      body: JSON.stringify({ keyIds: ['k1234567'] }),
    });
  const none = await put('');
  expect(none.status).toBe(409);
  expect(((await none.json()) as { reason: string }).reason).toContain('请重新打开');
  expect((await put('?generation=0')).status).toBe(409);
  // 丙's keys are as they were.
  expect((await schoolKeyring(account('丙'))).data.current).toBe(
    (await schoolKeyring(account('甲'))).data.current,
  );
});
