import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStudent } from '../tests/fixtures/records';
import { exportBackup, readBackupFile, restoreBackup, sealBackup } from './backup';
import { openDatabase } from './db/database';
import type { BaoxueDatabase } from './db/types';

const dbs: BaoxueDatabase[] = [];
const open = async () => {
  const db = await openDatabase({
    name: `bs${Math.random().toString(36).slice(2)}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
  dbs.push(db);
  return db;
};
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.remove();
});
const ITER = 100_000; // the lowest a file may name; the extension writes 600,000

describe('a backup sealed with a passphrase', () => {
  it('holds nothing readable, restores with the passphrase, and changes nothing on a wrong one', async () => {
    const a = await open();
    const child = makeStudent({ phone: '13812345678', address: '红旗村 3 组' });
    await a.students.insert(child);
    const text = await sealBackup(await exportBackup(a), 'correct horse', ITER);
    for (const v of [child.name, child.idNumber, child.xjh, '13812345678', '红旗村', 'students'])
      expect(text).not.toContain(v);

    const b = await open();
    expect(await readBackupFile(text, '')).toEqual({ ok: false, error: { code: 'passphrase-needed' } });
    expect(await readBackupFile(text, 'wrong horse')).toEqual({
      ok: false,
      error: { code: 'wrong-passphrase' },
    });
    expect(await b.students.count().exec()).toBe(0);
    // One byte changed in the file: refused alike, not half-read.
    const tampered = text.replace(/"data":"(.)/, (_, c) => `"data":"${c === 'A' ? 'B' : 'A'}`);
    expect(await readBackupFile(tampered, 'correct horse')).toMatchObject({ ok: false });

    const r = await readBackupFile(text, 'correct horse');
    if (!r.ok) throw new Error(r.error.code);
    expect(await restoreBackup(b, r.backup)).toMatchObject({ added: 1 });
    expect((await b.students.findOne(child.id).exec())?.toJSON()).toMatchObject(child);
  });

  it('refuses a passphrase shorter than 8 characters, and still reads a file from before sealing', async () => {
    const a = await open();
    await a.students.insert(makeStudent());
    const backup = await exportBackup(a);
    await expect(sealBackup(backup, 'short')).rejects.toThrow();
    expect(await readBackupFile(JSON.stringify(backup), '')).toMatchObject({ ok: true });
  });
});
