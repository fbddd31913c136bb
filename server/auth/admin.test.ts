import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoAdmin, readAdmin } from './admin';

describe('the admin at start', () => {
  it('comes from --admin, else from BAOXUE_ADMIN', () => {
    expect(readAdmin('root:long-password', { BAOXUE_ADMIN: 'other:other-password' })).toEqual({
      name: 'root',
      password: 'long-password',
    });
    expect(readAdmin(undefined, { BAOXUE_ADMIN: 'other:pass:with:colons' })).toEqual({
      name: 'other',
      password: 'pass:with:colons',
    });
  });

  it('is required, with a message naming the flag and the variable (and the old variable if set)', () => {
    expect(() => readAdmin(undefined, {})).toThrow(/--admin.*BAOXUE_ADMIN/s);
    expect(() => readAdmin(undefined, { BAOXUE_COUCH_ADMIN: 'admin:x' })).toThrow(/no longer read/);
    expect(() => readAdmin('', {})).toThrow(/BAOXUE_ADMIN/);
  });

  it('refuses a short password or a name that is not an account name', () => {
    expect(() => readAdmin('admin:short', {})).toThrow(/8/);
    expect(() => readAdmin('no-password-part', {})).toThrow(/--admin/);
    expect(() => readAdmin('_admin:long-password', {})).toThrow(/_/);
  });
});

describe('npm start’s admin', () => {
  it('is a random password per data folder, kept in a file only its owner can read, the same on the next start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baoxue-admin-'));
    const first = await demoAdmin(dir, {});
    expect(first.admin.password.length).toBeGreaterThanOrEqual(20);
    expect((await readFile(first.file!, 'utf8')).trim()).toBe(first.admin.password);
    expect((await stat(first.file!)).mode & 0o777).toBe(0o600);
    expect((await demoAdmin(dir, {})).admin).toEqual(first.admin);
    const other = await demoAdmin(await mkdtemp(join(tmpdir(), 'baoxue-admin-')), {});
    expect(other.admin.password).not.toBe(first.admin.password);
  });

  it('follows BAOXUE_ADMIN when it is set (the variable npm run server reads), and tightens a loose file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baoxue-admin-'));
    expect(await demoAdmin(dir, { BAOXUE_ADMIN: 'boss:from-the-variable' })).toEqual({
      admin: { name: 'boss', password: 'from-the-variable' },
    });
    await writeFile(join(dir, 'admin-password.txt'), 'kept-from-before\n', { mode: 0o644 });
    const again = await demoAdmin(dir, {});
    expect(again.admin.password).toBe('kept-from-before');
    expect((await stat(again.file!)).mode & 0o777).toBe(0o600);
  });
});
