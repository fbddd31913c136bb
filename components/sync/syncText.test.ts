/**
 * The sync line says plainly when the signed-in teacher has no classes yet, instead of an empty school
 * looking like a sync that brought nothing.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import zh from '../../public/_locales/zh_CN/messages.json';
import { syncText } from './syncText';

beforeEach(() => {
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation((key: string, subs?: string | string[]) => {
    const message = (zh as Record<string, { message: string }>)[key]?.message ?? '';
    return [subs ?? []].flat().reduce((m, s, i) => m.replaceAll(`$${i + 1}`, s), message);
  });
});

describe('the sync line', () => {
  it('says a teacher has no classes assigned yet, and says nothing of it otherwise', () => {
    const ok = { state: 'ok' as const, lastSyncedAt: 1_700_000_000_000, pending: 0, at: 1 };
    expect(syncText({ ...ok, noClasses: true })).toContain('还没有分配班级');
    expect(syncText(ok)).not.toContain('班级');
    expect(syncText({ ...ok, noClasses: false })).not.toContain('班级');
  });
});
