/**
 * A second `npm run server` on a data folder that a running server holds (a registrar starting it twice)
 * is refused, and the running server goes on serving the school: before, the second start removed the
 * engine's socket and every request got 502 until a restart.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { basicAuth } from '../lib/sync/account';
import { databaseName } from '../lib/sync/school';
import {
  ADMIN,
  type RunningServer,
  runSyncServer,
  STAFF,
  setupDemoSchool,
} from '../tests/support/sync-server';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let server: RunningServer;
beforeAll(async () => {
  server = await runSyncServer();
  await setupDemoSchool(server.url);
});
afterAll(async () => {
  await server?.stop();
});

it('refuses a second server on the same data folder and keeps the first one serving', async () => {
  const second = runSyncServer({ dir: server.dir });
  await expect(second).rejects.toThrow(/已有同步服务器在运行|already running/);
  const teacher = STAFF.find((s) => s.role === 'teacher')!;
  const r = await fetch(`${server.url}${databaseName('demo', 'events')}`, {
    headers: { authorization: basicAuth({ user: teacher.name, password: teacher.password }) },
  });
  expect(r.status).toBe(200);
  const a = await fetch(`${server.url}_all_dbs`, {
    headers: { authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }) },
  });
  expect(a.status).toBe(200);
});
