/**
 * 加密旧数据: a school whose devices synced before encryption has plain records on its server. The registrar's
 * device re-writes them sealed and retires the plain ones (lib/sync/migrate.ts; idempotent: a second run does
 * nothing), the server admin finishes with `server:setup --finish-migration` (server/migrate.ts, the real
 * command, the server stopped). Afterwards neither the data folder's raw files nor any database read as the
 * admin holds a child's name, ID number, 学籍号, phone or address in plain text; the registrar's device that
 * synced the plain records keeps every child (the retired plain record does not delete its sealed copy) and
 * reads on from its checkpoint; a fresh registrar device finds a child by 学籍号 and by ID number.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { type DemoStudent, generateSchool } from '../demo/generator';
import { migrateToSealed } from '../lib/sync/migrate';
import { syncOnce } from '../lib/sync/replicate';
import { databaseName } from '../lib/sync/school';
import { makeStudent } from '../tests/fixtures/records';
import { finishMigration } from '../tests/support/sync-server';
import { adminAuth, syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

// The demo school: its staff, the registrar's keyring handed to every member.
const bed = syncTestbed({ keys: 'members' });
const { account, device, done } = bed;
const school = generateSchool();
const kids = school.students.slice(0, 40);
const admin = { authorization: adminAuth };

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
const found = (text: string) => [...new Set(secrets.filter((v) => text.includes(v)))];

/** Writes as a device did before encryption: the record as it is, its id the document id. */
async function writePlain(collection: 'students' | 'events', docs: Record<string, unknown>[]) {
  const r = await fetch(`${bed.url}${databaseName('demo', collection)}/_bulk_docs`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ docs: docs.map(({ id, ...rest }) => ({ ...rest, _id: id })) }),
  });
  expect(r.status).toBe(201);
}

async function everythingAsAdmin(): Promise<string> {
  const all = (await (await fetch(`${bed.url}_all_dbs`, { headers: admin })).json()) as string[];
  let text = '';
  for (const db of all) {
    const q = `${bed.url}${encodeURIComponent(db)}`;
    text += await (await fetch(`${q}/_all_docs?include_docs=true&conflicts=true`, { headers: admin })).text();
    text += await (await fetch(`${q}/_changes?include_docs=true&style=all_docs`, { headers: admin })).text();
  }
  return text + (await (await fetch(`${bed.url}_baoxue/audit`, { headers: admin })).text());
}

async function rawFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) {
      const p = join(e.parentPath, e.name);
      out[p] = (await readFile(p)).toString('utf8');
    }
  return out;
}

describe('加密旧数据: plain records from before encryption', () => {
  it('are sealed by the registrar’s device and removed for good by the admin; nothing readable is left', async () => {
    await writePlain('students', kids.map(student));
    await writePlain(
      'events',
      kids.slice(0, 10).map((s, i) => ({
        id: `homeVisit:${i}:old`,
        kind: 'homeVisit',
        studentId: s.grbsm,
        author: '王老师',
        at: 1,
        recordedAt: 1,
        data: { method: 'phone', visitorRole: 'teacher', situation: `${s.xm} 家长电话 ${s.lxdh}` },
      })),
    );
    // A registrar's device that synced before (it holds the plain records under their 学籍号).
    const before = await device();
    await syncOnce(before, account('李主任'));
    expect(await before.students.count().exec()).toBe(kids.length);
    expect(found(await everythingAsAdmin()).length).toBeGreaterThan(0); // the check sees plain text

    // The admin's half first: nothing is retired yet, so nothing is removed and the plain records are counted.
    await bed.server.stop();
    const early = await finishMigration(bed.server.dir);
    expect(early.code, early.out).toBe(1);
    expect(early.out).toContain(`还有 ${kids.length + 10} 条旧记录未加密`);
    await bed.start();

    // Since encryption, the registrar's device removed one child: the server holds that as a sealed tombstone.
    await (await before.students.findOne(kids[0]!.grbsm).exec())!.remove();
    await syncOnce(before, account('李主任'));

    const first = await migrateToSealed(account('李主任'));
    // Every plain record retired; the removed child is not written back over its deletion.
    expect(first.students).toEqual({
      sealed: kids.length - 1,
      resealed: 0,
      retired: kids.length,
      refused: 0,
    });
    expect(first.events).toEqual({ sealed: 10, resealed: 0, retired: 10, refused: 0 });
    // Idempotent: a second run finds nothing left to do.
    const second = await migrateToSealed(account('李主任'));
    expect(Object.values(second).every((c) => c.sealed + c.resealed + c.retired + c.refused === 0)).toBe(
      true,
    );

    // The device that held the plain records keeps every child (the sealed copy opens to the same id).
    await syncOnce(before, account('李主任'));
    expect(await before.students.count().exec()).toBe(kids.length - 1);
    expect(await before.students.findOne(kids[0]!.grbsm).exec()).toBeNull();
    expect((await before.students.findOne(kids[3]!.grbsm).exec())?.name).toBe(kids[3]!.xm);
    expect((await before.events.findOne('homeVisit:2:old').exec())?.studentId).toBe(kids[2]!.grbsm);

    // The admin finishes (server stopped): retired records purged, the engine's files rebuilt.
    await bed.server.stop();
    const finish = await finishMigration(bed.server.dir);
    expect(finish.code, finish.out).toBe(0);
    expect(finish.out).toContain('服务器上已没有明文旧记录');
    const raw = await rawFiles(bed.server.dir);
    expect(Object.keys(raw).some((f) => /\.(log|ldb|sst)$/.test(f))).toBe(true);
    const leaks = Object.entries(raw).flatMap(([f, text]) => found(text).map((v) => `${f}: ${v}`));
    expect(leaks).toEqual([]);
    // Run again: nothing to do, nothing changes.
    const again = await finishMigration(bed.server.dir);
    expect(again.code, again.out).toBe(0);

    await bed.start();
    expect(found(await everythingAsAdmin())).toEqual([]);

    // The old device reads on from its checkpoint: a child added afterwards arrives, nobody is lost.
    const writer = await device();
    await syncOnce(writer, account('李主任'));
    await writer.students.insert(
      makeStudent({ id: 'G44010620150101123X', xjh: 'G44010620150101123X', name: '新同学' }),
    );
    await syncOnce(writer, account('李主任'));
    await done(writer);
    await syncOnce(before, account('李主任'));
    expect(await before.students.count().exec()).toBe(kids.length);
    expect((await before.students.findOne('G44010620150101123X').exec())?.name).toBe('新同学');
    await done(before);

    // A fresh registrar device finds a child by 学籍号 and by ID number.
    const fresh = await device();
    await syncOnce(fresh, account('李主任'));
    const child = kids[5]!;
    expect((await fresh.students.findOne({ selector: { xjh: child.grbsm } }).exec())?.name).toBe(child.xm);
    expect((await fresh.students.findOne({ selector: { idNumber: child.sfzjh } }).exec())?.name).toBe(
      child.xm,
    );
    expect(await fresh.events.count().exec()).toBe(10);
    expect(await fresh.students.count().exec()).toBe(kids.length);
    expect(await fresh.students.findOne(kids[0]!.grbsm).exec()).toBeNull();
    await done(fresh);
  });
});
