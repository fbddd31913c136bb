/**
 * 设置 → 成员密钥 in words: refused to remove the last office-key holder, it says whose keys, what would be lost
 * and who must be made registrar first.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyAccessError } from '@/lib/sync/keys';
import zh from '../../public/_locales/zh_CN/messages.json';
import { keysFailureText } from './schoolKeysText';

beforeEach(() => {
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation((key: string, subs?: string | string[]) => {
    const message = (zh as Record<string, { message: string }>)[key]?.message ?? '';
    return [subs ?? []].flat().reduce((m, s, i) => m.replaceAll(`$${i + 1}`, s), message);
  });
});

describe('成员密钥 failures', () => {
  it('says whose keys are the last office key, what would be lost and who must be made registrar first', () => {
    const text = keysFailureText(new KeyAccessError('last-office', '李主任'));
    expect(text).toContain('不能移除 李主任 的密钥');
    expect(text).toContain('学籍号');
    expect(text).toContain('把另一位成员设为学籍管理员');
    expect(text).not.toContain('school keys');
  });
  it('says any other failure as it came', () => {
    expect(keysFailureText(new Error('连不上服务器'))).toBe('未能完成：连不上服务器');
  });
});
