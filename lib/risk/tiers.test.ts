import { describe, expect, it } from 'vitest';
import { english, zh } from '../coded.testing';
import { type RiskInput, riskTier as tierOf } from './tiers';

/** The tier with its reasons as the Chinese UI shows them. */
const riskTier = (r: RiskInput) => {
  const { tier, reasons } = tierOf(r);
  return { tier, reasons: reasons.map(zh) };
};

const none = {
  streak: { days: 0, reached: [] },
  term: { unexcused: 0, schoolDays: 60, rate: 0 },
  escalatedTasks: 0,
  persuasionOpen: false,
  keyStudent: false,
};

describe('risk tiers', () => {
  it('is nothing without a reason', () => {
    expect(riskTier(none)).toEqual({ tier: undefined, reasons: [] });
  });

  it('rises with the streak, and says why', () => {
    expect(riskTier({ ...none, streak: { days: 0.5, reached: [] } })).toEqual({
      tier: 'watch',
      reasons: ['缺课半天'],
    });
    expect(riskTier({ ...none, streak: { days: 2, reached: [] } })).toEqual({
      tier: 'warning',
      reasons: ['连续缺课 2 天'],
    });
    expect(riskTier({ ...none, streak: { days: 3, reached: [] } }).tier).toBe('urgent');
    expect(riskTier({ ...none, streak: { days: 3, reached: [] }, suspectedDropoutDays: 5 }).tier).toBe(
      'warning',
    );
  });

  it('counts chronic absence at 10% of school days so far', () => {
    expect(riskTier({ ...none, term: { unexcused: 6, schoolDays: 60, rate: 0.1 } })).toEqual({
      tier: 'warning',
      reasons: ['长期缺课：本学期缺课 10%（6 天）'],
    });
    expect(riskTier({ ...none, term: { unexcused: 5.5, schoolDays: 60, rate: 5.5 / 60 } }).tier).toBe(
      'watch',
    );
  });

  it('puts an overdue transfer-out first and lists every reason', () => {
    const r = riskTier({ ...none, transferOverdue: '2026-11-03', escalatedTasks: 1, keyStudent: true });
    expect(r.tier).toBe('urgent');
    expect(r.reasons).toEqual([
      // 疑似辍学, and the class teacher urges the family (002 篇一 §五.7; lib/reports/suspected.ts counts it too).
      '疑似辍学：转出手续逾期未办结（期限 2026-11-03），请班主任催促办理',
      '1 项处置逾期未完成',
      '重点生',
    ]);
    expect(riskTier({ ...none, persuasionOpen: true, persuasionOutcome: '家长不同意' }).reasons).toEqual([
      '劝返进行中（最近：家长不同意）',
    ]);
    expect(riskTier({ ...none, keyStudent: true, keyVisitOverdue: true })).toEqual({
      tier: 'warning',
      reasons: ['重点生每周家访逾期'],
    });
    expect(riskTier({ ...none, suspensionExpired: '2026-09-15' })).toEqual({
      tier: 'warning',
      reasons: ['休学期满未复学（2026-09-15 到期）'],
    });
  });

  it('says the same reasons in English in the English UI', () => {
    const r = tierOf({
      ...none,
      streak: { days: 1, reached: [] },
      term: { unexcused: 0.5, schoolDays: 60, rate: 0 },
    });
    expect(r.reasons.map(english)).toEqual(['absent 1 day']);
    const half = tierOf({ ...none, streak: { days: 0.5, reached: [] }, transferOverdue: '2026-11-03' });
    expect(half.reasons.map(english)).toEqual([
      'suspected dropout: transfer-out paperwork not finished by its deadline (2026-11-03); class teacher to urge the family',
      'absent half a day',
    ]);
  });
});
