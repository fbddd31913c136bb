import { describe, expect, it } from 'vitest';
import { identityHiddenFor } from './officeOnly';

describe('whose 学籍号 are withheld on this device (shown as 仅学籍管理员可见, never a blank)', () => {
  it('a teacher signed in to the school server holds none', () => {
    expect(identityHiddenFor({ roles: ['baoxue-demo', 'teacher'] })).toBe(true);
  });
  it('a registrar, a leader or the school admin holds them; a device without a server holds what it read', () => {
    for (const role of ['registrar', 'leader', 'admin'])
      expect(identityHiddenFor({ roles: ['baoxue-demo', role] })).toBe(false);
    expect(identityHiddenFor(undefined)).toBe(false);
  });
});
