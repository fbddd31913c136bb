/**
 * A second `npm run server` on a data folder that a running server holds (a registrar starting it twice)
 * is refused, and the running server goes on serving the school: before, the second start removed the
 * engine's socket and every request got 502 until a restart.
 */
import { expect, it, vi } from 'vitest';
import { basicAuth } from '../lib/sync/account';
import { databaseName } from '../lib/sync/school';
import { ADMIN, runSyncServer, STAFF } from '../tests/support/sync-server';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// The demo school: its staff, the registrar's keyring handed to every member.
const bed = syncTestbed({ keys: 'members' });

it('refuses a second server on the same data folder and keeps the first one serving', async () => {
  const second = runSyncServer({ dir: bed.server.dir });
  await expect(second).rejects.toThrow(/已有同步服务器在运行|already running/);
  const teacher = STAFF.find((s) => s.role === 'teacher')!;
  const r = await fetch(`${bed.url}${databaseName('demo', 'events')}`, {
    headers: { authorization: basicAuth({ user: teacher.name, password: teacher.password }) },
  });
  expect(r.status).toBe(200);
  const a = await fetch(`${bed.url}_all_dbs`, {
    headers: { authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }) },
  });
  expect(a.status).toBe(200);
});
