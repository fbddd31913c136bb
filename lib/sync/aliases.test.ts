/**
 * A registrar's device names the child of an event a teacher's device wrote (by the child's keyed hash) by the
 * 学籍号 again (lib/sync/aliases.ts): from the students it holds, read once however many events ask at once;
 * a student that arrived since is found at the next ask; a child neither here nor on the server stays a hash.
 */
import { describe, expect, it } from 'vitest';
import { studentResolver } from './aliases';
import { hashId, newKeyringData, openKeyring } from './sealed';

describe('a registrar’s device naming a child by its hash', () => {
  it('names 2,000 events’ children at once from the students it holds, reading them once', async () => {
    const k = await openKeyring(newKeyringData());
    const students = Array.from({ length: 300 }, (_, i) => `G${String(i).padStart(18, '0')}`);
    const hashes = await Promise.all(students.map((s) => hashId(k, s)));
    let reads = 0;
    let asked = 0;
    const resolve = studentResolver({
      keyring: async () => k,
      localIds: async () => {
        reads++;
        return students;
      },
      serverDoc: async () => {
        asked++;
        return undefined;
      },
    });
    const named = await Promise.all(
      Array.from({ length: 2000 }, (_, i) => resolve('students', hashes[(i * 7) % 300]!)),
    );
    expect(named).toEqual(Array.from({ length: 2000 }, (_, i) => students[(i * 7) % 300]));
    expect(reads).toBe(1);
    expect(asked).toBe(0);
  });

  it('finds a student pulled since, and leaves a child it cannot find as the hash (asking the server once)', async () => {
    const k = await openKeyring(newKeyringData());
    const here = ['G000000000000000001'];
    let asked = 0;
    const resolve = studentResolver({
      keyring: async () => k,
      localIds: async () => here,
      serverDoc: async () => {
        asked++;
        return undefined;
      },
    });
    expect(await resolve('students', await hashId(k, here[0]!))).toBe(here[0]);
    here.push('G000000000000000002');
    expect(await resolve('students', await hashId(k, here[1]!))).toBe(here[1]);
    const gone = await hashId(k, 'G000000000000000999');
    expect(await Promise.all([resolve('students', gone), resolve('students', gone)])).toEqual([
      undefined,
      undefined,
    ]);
    expect(await resolve('students', gone)).toBeUndefined();
    expect(asked).toBeLessThanOrEqual(2);
  });
});
