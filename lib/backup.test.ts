import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStudent } from '../tests/fixtures/records';
import { exportBackup, parseBackup, restoreBackup } from './backup';
import { openDatabase } from './db/database';
import type { BaoxueDatabase } from './db/types';

const open = () =>
  openDatabase({
    name: `b${Math.random().toString(36).slice(2)}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
const dbs: BaoxueDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.remove();
});

async function seeded() {
  const db = await open();
  dbs.push(db);
  await db.students.bulkInsert([
    makeStudent(),
    makeStudent({ id: 'L1', xjh: 'L1', name: '乙', flags: ['xjh-format'] }),
  ]);
  await db.events.insert({
    id: 'e1',
    kind: 'homeVisit',
    studentId: 'L1',
    author: 'teacher1',
    at: 5,
    recordedAt: 6,
    data: { method: '上门', note: '家长同意按时送学' },
  });
  await db.settings.insert({ id: 'lastVisit', value: '1', updatedAt: 1 });
  return db;
}

describe('backup and restore', () => {
  it('restores every record equal into an empty store, and a second restore adds nothing', async () => {
    const a = await seeded();
    const text = JSON.stringify(await exportBackup(a));
    const b = await open();
    dbs.push(b);
    const parsed = parseBackup(text);
    if (!parsed.ok) throw new Error(parsed.error.code);
    expect(await restoreBackup(b, parsed.backup)).toEqual({ added: 3, updated: 0, unchanged: 0 });
    expect(await restoreBackup(b, parsed.backup)).toEqual({ added: 0, updated: 0, unchanged: 3 });
    const dump = async (db: BaoxueDatabase) => ({
      s: (await db.students.find({ sort: [{ id: 'asc' }] }).exec()).map((d) => d.toJSON()),
      e: (await db.events.find().exec()).map((d) => d.toJSON()),
    });
    expect(await dump(b)).toEqual(await dump(a));
    expect(await b.settings.count().exec()).toBe(0); // device-local settings are not carried
  });

  it('keeps the newer of two versions of a mutable record', async () => {
    const a = await seeded();
    const backup = await exportBackup(a);
    await a.students.upsert(makeStudent({ className: '八年级1班', updatedAt: 1_800_000_000_000 }));
    const r = await restoreBackup(a, backup);
    expect(r.unchanged).toBe(3);
    expect((await a.students.findOne('G11010519491231002X').exec())?.className).toBe('八年级1班');
  });

  it('refuses files that are not backups, newer versions and invalid records, naming the problem', () => {
    expect(parseBackup('{oops')).toEqual({ ok: false, error: { code: 'not-json' } });
    expect(parseBackup('{"name":"x"}')).toEqual({ ok: false, error: { code: 'not-backup' } });
    const base = { format: 'baoxue-backup', exportedAt: '2026-11-22T00:00:00Z' };
    expect(parseBackup(JSON.stringify({ ...base, version: 9, collections: {} }))).toEqual({
      ok: false,
      error: { code: 'newer-version', version: 9 },
    });
    const bad = {
      ...base,
      version: 1,
      collections: { students: [makeStudent(), { ...makeStudent(), onRoll: 'x' }] },
    };
    const r = parseBackup(JSON.stringify(bad));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'invalid-record', where: 'students[1].onRoll' });
  });
});
