/**
 * 设置 → 成员密钥 → 移除并更换密钥 for a name that is nobody of the school (a misspelt colleague, 不存在的人): refused
 * before anything changes, so the school key is not turned and the colleague who left is not thought gone.
 */
import { describe, expect, it } from 'vitest';
import type { SyncAccount } from './account';
import { KeyAccessError, removeMember } from './keys';

const a = { url: 'https://sync.example/', school: '城关小学', user: '王老师', password: 'pw' } as SyncAccount;

/** The school's server as the registrar's device sees it: who holds an envelope, who is staff; every call noted. */
function server(envelopes: string[], staff: string[]) {
  const calls: string[] = [];
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
  const fetcher = (async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push(`${method} ${decodeURIComponent(url)}`);
    if (method === 'GET' && url === `${a.url}_baoxue/keys/${encodeURIComponent(a.school)}`)
      return json({ members: envelopes.map((name) => ({ name, publicKey: 'k', keyIds: ['s1'] })) });
    if (method === 'GET' && url.endsWith('/staff'))
      return json({ staff: staff.map((name) => ({ name, roles: ['teacher'] })) });
    return new Response('', { status: 500 });
  }) as typeof fetch;
  return { fetcher, calls };
}

describe('移除并更换密钥 for a name nobody of the school holds', () => {
  it('is refused, naming the name, and deletes no envelope nor turns the school key', async () => {
    const s = server(['王老师', '李老师'], ['王老师', '李老师']);
    const e = await removeMember(a, '不存在的人', s.fetcher).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KeyAccessError);
    expect(e).toMatchObject({ problem: 'no-member', detail: '不存在的人' });
    expect(s.calls.filter((c) => !c.startsWith('GET '))).toEqual([]);
  });
  it('goes ahead for a staff member holding no envelope (never handed the keys)', async () => {
    const s = server(['王老师'], ['王老师', '李老师']);
    await removeMember(a, '李老师', s.fetcher).catch(() => {});
    expect(s.calls).toContain(`DELETE ${a.url}_baoxue/keys/${a.school}/李老师`);
  });
  it('turns the key for a name the registrar confirmed is an account the admin deleted (its envelope gone)', async () => {
    const s = server(['王老师'], ['王老师']);
    await removeMember(a, '赵老师', s.fetcher, { accountDeleted: true }).catch(() => {});
    expect(s.calls).toContain(`DELETE ${a.url}_baoxue/keys/${a.school}/赵老师`);
  });
  it('goes ahead for a colleague who holds an envelope (the server is asked to delete it)', async () => {
    const s = server(['王老师', '李老师'], ['王老师']);
    await removeMember(a, '李老师', s.fetcher).catch(() => {});
    expect(s.calls).toContain(`DELETE ${a.url}_baoxue/keys/${a.school}/李老师`);
  });
});
