/**
 * `/_baoxue/definitions` through the real gateway: members read the published reader definition, only
 * the server admin publishes, and a malformed, stale or anonymous write changes nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_DEFINITION } from '../lib/capture/definition';
import { basicAuth } from '../lib/sync/account';
import { ADMIN, STAFF } from '../tests/support/sync-server';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

// The demo school: its staff, the registrar's keyring handed to every member.
const bed = syncTestbed({ keys: 'members' });
const admin = basicAuth({ user: ADMIN.name, password: ADMIN.password });
const staff = STAFF.find((s) => s.name === '王老师')!;
const teacher = basicAuth({ user: staff.name, password: staff.password });

async function call(auth: string | undefined, method: string, body?: unknown) {
  const r = await fetch(`${bed.url}_baoxue/definitions`, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

const version = (v: number) => {
  const def = structuredClone(BUILTIN_DEFINITION);
  def.version = v;
  def.labels.xjh.push('籍号编码');
  return def;
};

describe('the reader definition on the school server', () => {
  it('none published: a member is told so; nobody anonymous reads it', async () => {
    expect((await call(teacher, 'GET')).status).toBe(404);
    expect((await call(undefined, 'GET')).status).toBe(401);
  });

  it('the admin publishes; members read exactly that', async () => {
    expect((await call(admin, 'PUT', version(2))).status).toBe(201);
    const r = await call(teacher, 'GET');
    expect(r.status).toBe(200);
    expect(r.json.version).toBe(2);
    expect((r.json.labels as Record<string, string[]>).xjh).toContain('籍号编码');
  });

  it.each([
    ['a teacher', () => teacher, version(9), 403],
    ['nobody logged in', () => undefined, version(9), 401],
    ['malformed JSON', () => admin, '{"format":1,', 400],
    ['a field without labels', () => admin, { ...version(9), labels: { xjh: [] } }, 400],
    ['an older version', () => admin, version(1), 409],
  ])('refuses a write by %s (or of it), and the published one stays', async (_, who, body, status) => {
    const r = await call(who(), 'PUT', body);
    expect(r.status).toBe(status);
    expect(typeof r.json.reason).toBe('string');
    expect((await call(teacher, 'GET')).json.version).toBe(2);
  });
});
