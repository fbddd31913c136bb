import { describe, expect, it } from 'vitest';
import { readAdmin } from './admin';

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
