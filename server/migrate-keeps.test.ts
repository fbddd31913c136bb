/**
 * `server:setup --finish-migration` on the embedded engine rebuilds a database that holds retired plain records
 * (server/migrate.ts). What the school wrote sealed comes back whole: a sealed record deleted before the rebuild is
 * still deleted on a device that syncs only afterwards (its tombstone is kept), and a conflict written before
 * (a county's server-to-server copy can make one) is still a conflict, both revisions as they were. Nothing of
 * the retired plain records is left in the data folder's files.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { type DemoStudent, generateSchool } from '../demo/generator';
import { schoolKeyring } from '../lib/sync/keys';
import { migrateToSealed } from '../lib/sync/migrate';
import { syncOnce } from '../lib/sync/replicate';
import { databaseName } from '../lib/sync/school';
import { hashId } from '../lib/sync/sealed';
import { makeStudent } from '../tests/fixtures/records';
import { finishMigration } from '../tests/support/sync-server';
import { adminAuth, syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 60_000 });

// The demo school: its staff, the registrar's keyring handed to every member.
const bed = syncTestbed({ keys: 'members' });
/** The registrar's account. */
const account = () => bed.account('李主任');
const { device } = bed;
const kids = generateSchool().students.slice(0, 12);
const plain = kids.slice(0, 6); // written before encryption: retired by 加密旧数据
const sealed = kids.slice(6); // written sealed by a device since
const admin = { authorization: adminAuth };
const STUDENTS = databaseName('demo', 'students');

const student = (s: DemoStudent) =>
  makeStudent({
    id: s.grbsm,
    xjh: s.grbsm,
    name: s.xm,
    idNumber: s.sfzjh,
    grade: s.njmc,
    className: s.bjmc,
    phone: s.lxdh,
    address: s.xzz,
  });
const secrets = kids.flatMap((s) => [s.xm, s.sfzjh, s.grbsm, s.lxdh, s.xzz]).filter(Boolean);

async function asAdmin<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const r = await fetch(`${bed.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...admin, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  expect(r.status, path).toBeLessThan(300);
  return (await r.json()) as T;
}
type Doc = Record<string, unknown> & { _id: string; _rev: string };
const leaves = async (id: string) =>
  (await asAdmin<{ ok?: Doc }[]>(`${STUDENTS}/${id}?revs=true&open_revs=all`))
    .flatMap((x) => (x.ok ? [x.ok] : []))
    .sort((a, b) => (a._rev < b._rev ? -1 : 1));

it('keeps sealed deletions and conflicts through the rebuild; leaves nothing plain', async () => {
  // Before encryption: plain records, as an old device wrote them.
  const put = await asAdmin<{ ok?: boolean }[]>(`${STUDENTS}/_bulk_docs`, {
    method: 'POST',
    body: { docs: plain.map(student).map(({ id, ...rest }) => ({ ...rest, _id: id })) },
  });
  expect(put.every((x) => x.ok)).toBe(true);
  // Since: the registrar's device writes new children sealed.
  const office = await device();
  await office.students.bulkInsert(sealed.map(student));
  await syncOnce(office, account());
  // A second device syncs now, then not again until the admin has finished.
  const away = await device();
  await syncOnce(away, account());
  expect(await away.students.count().exec()).toBe(kids.length);

  // The office removes one sealed child: the server holds a sealed tombstone.
  await (await office.students.findOne(sealed[0]!.grbsm).exec())!.remove();
  await syncOnce(office, account());
  // A conflict on another sealed child, as a county's server-to-server copy writes one (new_edits: false).
  const k = await schoolKeyring(account());
  const conflicted = await hashId(k, sealed[1]!.grbsm);
  const current = await asAdmin<Doc & { _revisions: { start: number; ids: string[] } }>(
    `${STUDENTS}/${conflicted}?revs=true`,
  );
  const other = {
    ...current,
    className: '七年级2班',
    _rev: `${current._revisions.start}-${'f'.repeat(32)}`,
    _revisions: {
      start: current._revisions.start,
      ids: ['f'.repeat(32), ...current._revisions.ids.slice(1)],
    },
  };
  await asAdmin(`${STUDENTS}/_bulk_docs`, { method: 'POST', body: { docs: [other], new_edits: false } });
  const before = await leaves(conflicted);
  expect(before.length).toBe(2);

  // 加密旧数据: the registrar's device seals the plain records and retires them; then the admin finishes.
  const counts = await migrateToSealed(account());
  expect(counts.students.retired).toBe(plain.length);
  await bed.server.stop();
  const finish = await finishMigration(bed.server.dir);
  expect(finish.code, finish.out).toBe(0);
  expect(finish.out).toContain('（已重建）');

  // Nothing plain in the data folder's files.
  const leaks: string[] = [];
  for (const e of await readdir(bed.server.dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) {
      const text = (await readFile(join(e.parentPath, e.name))).toString('utf8');
      for (const v of secrets) if (text.includes(v)) leaks.push(`${e.name}: ${v}`);
    }
  expect(leaks).toEqual([]);

  await bed.start();
  // The conflict is still a conflict: both revisions, as they were.
  expect(await leaves(conflicted)).toEqual(before);
  const winner = await asAdmin<{ _conflicts?: string[] }>(`${STUDENTS}/${conflicted}?conflicts=true`);
  expect(winner._conflicts?.length).toBe(1);

  // The device that was away learns of the deletion; every other child is still there.
  await syncOnce(away, account());
  expect(await away.students.findOne(sealed[0]!.grbsm).exec()).toBeNull();
  expect(await away.students.count().exec()).toBe(kids.length - 1);
  expect((await away.students.findOne(plain[2]!.grbsm).exec())?.name).toBe(plain[2]!.xm);
  // The admin was told what was kept.
  expect(finish.out).toContain('保留删除记录 1 条、冲突版本 1 个');
});
