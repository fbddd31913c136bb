/**
 * 设置 → 成员密钥 in words: refused to remove the last office-key holder, it says whose keys, what would be lost
 * and who must be made registrar first; of the id key, it names a colleague who left the office holding it and
 * offers 更换编号密钥.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyAccessError } from '@/lib/sync/keys';
import { type KeyringData, newKeyringData } from '@/lib/sync/sealed';
import zh from '../../public/_locales/zh_CN/messages.json';
import { idKeyNote, keysFailureText } from './schoolKeysText';

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

describe('成员密钥 on the id key', () => {
  const fresh = newKeyringData();
  it('names who left the office holding the id key, says their old device still computes ids, and offers 更换编号密钥', () => {
    const left = { ...fresh, office: { ...fresh.office!, left: ['孙主任', '钱校长'] } } as KeyringData;
    const note = idKeyNote(left);
    expect(note.offerReid).toBe(true);
    expect(note.text).toContain('孙主任、钱校长');
    expect(note.text).toContain('仍能由学籍号算出学生在服务器上的编号');
    expect(note.text).toContain('更换编号密钥');
  });
  it('says only the office holds it when nobody left with it, and offers no 更换编号密钥', () => {
    expect(idKeyNote(fresh)).toEqual({ text: expect.stringContaining('教师设备没有'), offerReid: false });
  });
  it('offers 更换编号密钥 to a school whose teachers hold the id key', () => {
    const { ids: _ids, ...old } = fresh;
    expect(idKeyNote(old).offerReid).toBe(true);
    expect(idKeyNote(old).text).toContain('每位教师的设备上都有');
  });
});

describe('成员密钥 removing a name nobody of the school holds keys under', () => {
  it('names it, says where to check the spelling, and that nothing was removed nor the school key changed', () => {
    const text = keysFailureText(new KeyAccessError('no-member', '不存在的人'));
    expect(text).toContain('没有名为 不存在的人 的成员持有学校密钥');
    expect(text).toContain('请核对用户名');
    expect(text).toContain('教师班级');
    expect(text).toContain('学校密钥未更换');
    expect(text).toContain('再点一次 移除并更换密钥');
    expect(text).not.toContain('已移除');
  });
});
