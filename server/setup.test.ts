/**
 * `server:setup` and `server:setup -- --check` against the real gateway (embedded engine, child process):
 * idempotent, clean documents, foreign design documents removed, drift reported.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { basicAuth } from '../lib/sync/account';
import { databaseName } from '../lib/sync/school';
import { ADMIN, type RunningServer, runSyncServer, STAFF } from '../tests/support/sync-server';
import { checkSchool, setupSchool } from './setup';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let server: RunningServer;
beforeAll(async () => {
  server = await runSyncServer();
});
afterAll(async () => {
  await server?.stop();
});

const admin = basicAuth({ user: ADMIN.name, password: ADMIN.password });
const call = async (method: string, path: string, body?: unknown, auth = admin) => {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a test reads the server's JSON loosely
  return { status: r.status, json: (await r.json()) as Record<string, any> };
};
const school = (name: string, staff = STAFF) => ({ url: server.url, school: name, admin: ADMIN, staff });

describe('server:setup', () => {
  it('makes the school, and a second run changes nothing (no new revisions) and finds no drift', async () => {
    const first = await setupSchool(school('s1'));
    expect(first.databases).toEqual(['students', 'cases', 'events', 'changes'].map((c) => `baoxue-s1-${c}`));
    const events = encodeURIComponent(databaseName('s1', 'events'));
    const design = await call('GET', `${events}/_design/baoxue`);
    // Only what set-up writes: no fields of a 404 reply (error, reason) carried into the document.
    expect(Object.keys(design.json).sort()).toEqual(['_id', '_rev', 'validate_doc_update']);
    expect((await call('GET', `${events}/_security`)).json).toEqual({
      admins: { names: [], roles: [] },
      members: { names: [], roles: ['baoxue-s1'] },
    });
    await setupSchool(school('s1'));
    expect((await call('GET', `${events}/_design/baoxue`)).json._rev).toBe(design.json._rev);
    expect(await checkSchool(school('s1'))).toEqual([]);
    // The staff can log in with the roles set-up gave them.
    const t = STAFF.find((s) => s.role === 'teacher')!;
    expect(
      (await call('GET', '_session', undefined, basicAuth({ user: t.name, password: t.password }))).json
        .userCtx,
    ).toEqual({
      name: t.name,
      roles: ['baoxue-s1', 'teacher'],
      // What the account is in each school (issue 16): here, its one school.
      schools: { s1: { roles: ['teacher'], classes: t.classes } },
    });
  });

  it('--check reports a changed security object, a foreign or edited design document, and wrong members; set-up puts them right', async () => {
    await setupSchool(school('s2'));
    const cases = encodeURIComponent(databaseName('s2', 'cases'));
    const events = encodeURIComponent(databaseName('s2', 'events'));
    await call('PUT', `${cases}/_security`, { members: { names: ['王老师'], roles: [] } });
    await call('PUT', `${events}/_design/evil`, { views: { v: { map: 'function (d) { emit(1); }' } } });
    const rules = await call('GET', `${cases}/_design/baoxue`);
    await call('PUT', `${cases}/_design/baoxue`, { ...rules.json, validate_doc_update: 'function () {}' });
    await call('PUT', `_baoxue/accounts/${encodeURIComponent('王老师')}`, {
      roles: ['baoxue-s2', 'teacher', 'registrar'],
    });
    await call('PUT', '_baoxue/accounts/stranger', {
      roles: ['baoxue-s2', 'teacher'],
      password: 'stranger-pw',
      classes: ['七年级1班'],
    });

    expect(await checkSchool(school('s2'))).toEqual([
      expect.stringMatching(/^baoxue-s2-cases\/_security: .*王老师/),
      expect.stringMatching(/^baoxue-s2-cases\/_design\/baoxue: .*write rules differ/),
      expect.stringMatching(/^baoxue-s2-events\/_design\/evil: .*did not install/),
      expect.stringMatching(/^王老师: .*one staff role expected.*teacher, registrar/),
      expect.stringMatching(/^stranger: .*not in the staff list/),
    ]);
    const done = await setupSchool(school('s2'));
    expect(done.removed).toEqual(['baoxue-s2-events/_design/evil']);
    expect((await call('GET', `${events}/_design/evil`)).status).toBe(404);
    await call('DELETE', '_baoxue/accounts/stranger');
    expect(await checkSchool(school('s2'))).toEqual([]);
  });

  it('--check reports a teacher account with no classes (it sees no child), and classes other than the list’s', async () => {
    const staff = STAFF.map((s) => (s.name === '赵老师' ? { ...s, classes: undefined } : s));
    await setupSchool(school('s4', staff));
    // 赵老师 is in tests/support's list with a class: made without any here, as an account from before classes.
    await call('PUT', `_baoxue/accounts/${encodeURIComponent('赵老师')}`, {
      roles: ['baoxue-s4', 'teacher'],
      password: 'teacher2-pw',
      classes: [],
    });
    expect(await checkSchool(school('s4', staff))).toEqual([
      expect.stringMatching(/^赵老师: 教师账号还没有分配班级.*no classes assigned/),
    ]);
    expect(await checkSchool(school('s4'))).toEqual([
      expect.stringMatching(/^赵老师: 教师账号还没有分配班级/),
      expect.stringMatching(/^赵老师: 在本校的班级是 —，应为 九年级1班 \(classes differ\)/),
    ]);
    await setupSchool(school('s4'));
    expect(await checkSchool(school('s4'))).toEqual([]);
  });

  it('reports a missing database, and runs again without resetting a password its owner chose', async () => {
    await setupSchool(school('s3'));
    await call('DELETE', encodeURIComponent(databaseName('s3', 'changes')));
    expect(await checkSchool(school('s3'))).toEqual([expect.stringMatching(/^baoxue-s3-changes: .*missing/)]);
    const t = STAFF.find((s) => s.role === 'teacher')!;
    const changed = await call(
      'POST',
      '_baoxue/password',
      { oldPassword: t.password, newPassword: 'chosen-by-me-1' },
      basicAuth({ user: t.name, password: t.password }),
    );
    expect(changed.status).toBe(200);
    await setupSchool(school('s3'));
    expect(await checkSchool(school('s3'))).toEqual([]);
    const login = (password: string) =>
      call('GET', '_session', undefined, basicAuth({ user: t.name, password }));
    expect((await login('chosen-by-me-1')).json.userCtx.name).toBe(t.name);
    // The admin may hand out the set-up password again (a one-time password).
    await setupSchool({ ...school('s3'), resetPasswords: true });
    expect((await login(t.password)).json.userCtx.name).toBe(t.name);
  });

  it('says plainly when the admin password is wrong', async () => {
    await expect(
      setupSchool({ ...school('s4'), admin: { name: 'admin', password: 'not-the-one' } }),
    ).rejects.toThrow(/admin name or password is wrong/);
  });
});
