/**
 * Issue 15 §3: a 家访 with no reason, no family situation and no parent's view is refused (it would count
 * toward the quota and close ladder steps), with a message in words; a visit's time is what was entered,
 * or none — never an invented 12:00.
 */
import { describe, expect, it } from 'vitest';
import { say } from '../../tests/fixtures/say';
import { BaoxueEvent } from '../records';
import { visitQuotas } from '../risk/quotas';
import { beijingTime } from '../time/day';
import { buildEvents, CommandRefused, parseCommand } from './commands';
import { defaultVisitorRole } from './visitor';

const stamp = { author: '王老师', now: Date.UTC(2026, 10, 20, 2), nonce: (i: number) => `n${i}` };
const visit = { studentId: 'A', date: '2026-11-19', method: 'home', visitorRole: 'teacher' };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof CommandRefused) return e.key;
    throw e;
  }
  return 'accepted';
}

describe('家访 record', () => {
  it('refuses a visit with no reason, situation or parent’s view, saying which fields in words', () => {
    const key = refusal(() => parseCommand('visit/record', { ...visit, measures: '', nextStep: '' }));
    expect(key).toBe('cmd_err_visit_empty');
    expect(say(key as never)).toContain('家访原因、家庭情况或家长意见');
    // Blank words are no words.
    expect(refusal(() => parseCommand('visit/record', { ...visit, reason: '   ' }))).toBe(
      'cmd_err_visit_empty',
    );
  });

  it('accepts a visit that says one of them', () => {
    expect(refusal(() => parseCommand('visit/record', { ...visit, parentOpinion: '同意明天到校' }))).toBe(
      'accepted',
    );
  });

  it('keeps the time entered, and records none when none was entered', () => {
    const timed = buildEvents(
      'visit/record',
      parseCommand('visit/record', { ...visit, time: '16:30', reason: '连续缺课' }),
      stamp,
    ).events[0]!;
    expect(beijingTime(timed.at)).toMatchObject({ day: '2026-11-19', hour: 16, minute: 30 });
    expect(BaoxueEvent.parse(timed)).toMatchObject({ data: { time: '16:30' } });
    const untimed = buildEvents(
      'visit/record',
      parseCommand('visit/record', { ...visit, reason: '连续缺课' }),
      stamp,
    ).events[0]!;
    const parsed = BaoxueEvent.parse(untimed);
    expect(parsed.kind === 'homeVisit' && parsed.data.time).toBeUndefined();
    expect(refusal(() => parseCommand('visit/record', { ...visit, reason: 'x', time: '25:00' }))).toBe(
      'cmd_err_visit_time',
    );
  });
});

describe('家访: the visitor’s role is the author’s own when they do not teach', () => {
  const reasoned = { ...visit, reason: '连续缺课' };
  const roleOf = (chosen: string, roles?: string[]) => {
    const e = BaoxueEvent.parse(
      buildEvents(
        'visit/record',
        parseCommand('visit/record', { ...reasoned, visitorRole: chosen }),
        roles ? { ...stamp, roles } : stamp,
      ).events[0]!,
    );
    return e.kind === 'homeVisit' ? e.data.visitorRole : undefined;
  };

  it('a 学籍管理员 left on the form’s 班主任 (or 科任教师) is recorded as 学籍管理员; a 校领导 as 校领导', () => {
    expect(roleOf('teacher', ['registrar'])).toBe('registrar');
    expect(roleOf('subjectTeacher', ['registrar'])).toBe('registrar');
    expect(roleOf('teacher', ['leader'])).toBe('leader');
    expect(roleOf('registrar', ['registrar'])).toBe('registrar');
    expect(roleOf('leader', ['leader'])).toBe('leader');
  });

  it('one who teaches, or whose roles are not known, is recorded as chosen', () => {
    expect(roleOf('teacher', ['teacher'])).toBe('teacher');
    expect(roleOf('teacher', ['registrar', 'teacher'])).toBe('teacher');
    expect(roleOf('leader', ['teacher'])).toBe('leader');
    expect(roleOf('subjectTeacher')).toBe('subjectTeacher');
  });

  it('is counted under 学籍管理员 with no 班主任 quota, and old records (班主任, or no role at all) still read', () => {
    const e = buildEvents('visit/record', parseCommand('visit/record', reasoned), {
      ...stamp,
      roles: ['registrar'],
    }).events[0]!;
    expect(visitQuotas([BaoxueEvent.parse(e)], '2026-09-01', '2027-01-31')).toMatchObject([
      { author: '王老师', role: 'registrar', visits: 1, quota: null },
    ]);
    const old = { ...e, data: { method: '上门', situation: '在家' } }; // before visitorRole and codes
    expect(BaoxueEvent.parse(old)).toMatchObject({ data: { method: 'home', visitorRole: 'teacher' } });
  });

  it('the form starts on the author’s own role', () => {
    expect(['registrar', 'leader', 'teacher', 'admin', undefined].map(defaultVisitorRole)).toEqual([
      'registrar',
      'leader',
      'teacher',
      'teacher',
      'teacher',
    ]);
  });
});
