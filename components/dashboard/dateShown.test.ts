/**
 * A 学籍异动 case whose 申请日期 the host wrote unreadably shows words in its date cell, not a blank: which
 * date and what to do in the tooltip, as the overlay's badge says it.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CASE_DATE_FLAG, statusChangeList } from '@/lib/capture/pages/status-change';
import type { StatusChangeCase } from '@/lib/records';
import zh from '../../public/_locales/zh_CN/messages.json';
import { dateShown } from './dateShown';

beforeEach(() => {
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation((key: string) => {
    return (zh as Record<string, { message: string }>)[key]?.message ?? '';
  });
});

const source = { url: 'https://xj.example.cn/ydsq', title: '学籍异动申请', seenAt: 1_700_000_000_000 };
/** A case as the page reader stores it from the host's cells. */
const read = (appliedDate: string) =>
  statusChangeList.toRecord(
    { xjh: 'G110105201401010099', name: '钱小满', changeType: '转出', appliedDate },
    source as never,
  ) as StatusChangeCase;

describe('the 申请日期 cell of the 学籍异动 list', () => {
  it('says 日期无法识别 for a date the host wrote unreadably, and which date and what to do in its tooltip', () => {
    const c = read('2026-02-30');
    expect(c.appliedDate).toBe('');
    expect(dateShown(c.appliedDate, c.flags, CASE_DATE_FLAG.appliedDate)).toEqual({
      text: '日期无法识别',
      why: '申请日期无法识别，未保存（请在学籍系统中核对）',
    });
  });

  it('shows a readable date as it is, and a date the host left empty as a blank (nothing was lost)', () => {
    const c = read('2026/9/1');
    expect(dateShown(c.appliedDate, c.flags, CASE_DATE_FLAG.appliedDate)).toEqual({ text: '2026-09-01' });
    const none = read('');
    expect(dateShown(none.appliedDate, none.flags, CASE_DATE_FLAG.appliedDate)).toEqual({ text: '' });
  });

  it('speaks of the date the flag names only: an unreadable 异动日期 leaves a blank 申请日期 blank', () => {
    expect(dateShown('', [CASE_DATE_FLAG.changeDate], CASE_DATE_FLAG.appliedDate)).toEqual({ text: '' });
  });
});
