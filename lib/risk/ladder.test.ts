import { describe, expect, it } from 'vitest';
import { zh } from '../coded.testing';
import { BaoxueEvent } from '../records';
import { DEFAULT_CALENDAR } from '../time/calendar';
import { type AbsenceMark, currentStreak, dayStates } from './absences';
import { applyLadder, DEFAULT_LADDER, ladderTasks, mobiliseTask, suspectedDropoutDays } from './ladder';

const cal = DEFAULT_CALENDAR;
const mark = (
  date: string,
  half: AbsenceMark['half'],
  m: AbsenceMark['mark'] = 'unexcused',
  at = 1,
): AbsenceMark => ({
  studentId: 's1',
  date,
  half,
  mark: m,
  reason: '',
  by: '班主任',
  at,
});
const streakOf = (marks: AbsenceMark[], today: string) =>
  currentStreak(dayStates(marks).get('s1'), today, cal);
const student = { id: 's1', name: '甲', className: '七年级1班' };
const visit = (date: string, method: string, visitorRole = 'teacher'): BaoxueEvent =>
  BaoxueEvent.parse({
    id: `v${date}${method}`,
    kind: 'homeVisit',
    studentId: 's1',
    author: '王老师',
    at: new Date(`${date}T10:00:00`).getTime(),
    recordedAt: 0,
    data: { method, visitorRole },
  });

describe('the unexcused streak', () => {
  it('counts half days and whole days', () => {
    expect(streakOf([mark('2026-11-18', 'pm')], '2026-11-18').days).toBe(0.5);
    expect(streakOf([mark('2026-11-18', 'pm'), mark('2026-11-19', 'day')], '2026-11-19')).toMatchObject({
      days: 1.5,
      start: '2026-11-18',
    });
  });

  it('goes on over a weekend and over the 国庆 holiday', () => {
    expect(streakOf([mark('2026-11-20', 'day'), mark('2026-11-23', 'day')], '2026-11-23').days).toBe(2);
    expect(streakOf([mark('2026-09-30', 'day'), mark('2026-10-08', 'day')], '2026-10-08').days).toBe(2);
  });

  it('is broken by a day at school or an excused day, and corrected by a later mark', () => {
    expect(streakOf([mark('2026-11-18', 'day'), mark('2026-11-20', 'day')], '2026-11-20').days).toBe(1); // 19th present
    expect(
      streakOf(
        [mark('2026-11-18', 'day'), mark('2026-11-19', 'day', 'excused'), mark('2026-11-20', 'day')],
        '2026-11-20',
      ).days,
    ).toBe(1);
    expect(
      streakOf(
        [mark('2026-11-19', 'day', 'unexcused', 1), mark('2026-11-19', 'day', 'excused', 2)],
        '2026-11-19',
      ).days,
    ).toBe(0);
  });

  it('is not broken by today not being marked yet', () => {
    expect(streakOf([mark('2026-11-19', 'day'), mark('2026-11-20', 'day')], '2026-11-23').days).toBe(2);
  });
});

describe('the ladder', () => {
  const twoDays = [mark('2026-11-19', 'day'), mark('2026-11-20', 'day')];

  it('gives two consecutive days their tasks, with owners and due dates in school days', () => {
    const tasks = ladderTasks(
      student,
      streakOf(twoDays, '2026-11-20'),
      [],
      DEFAULT_LADDER,
      '2026-11-20',
      cal,
      1,
    );
    expect(tasks.map((t) => [t.kind, t.ownerRole, t.due, t.state])).toEqual([
      ['ladder-report-and-call', 'teacher', '2026-11-19', 'escalated'],
      ['ladder-teacher-visit', 'teacher', '2026-11-20', 'open'],
      ['ladder-leader-visit', 'leader', '2026-11-20', 'open'],
    ]);
  });

  it('closes a step with the record it asks for', () => {
    const records = [
      visit('2026-11-19', '电话'),
      visit('2026-11-20', '上门'),
      visit('2026-11-20', '上门', 'leader'),
    ];
    const tasks = ladderTasks(
      student,
      streakOf(twoDays, '2026-11-20'),
      records,
      DEFAULT_LADDER,
      '2026-11-20',
      cal,
      1,
    );
    expect(tasks.map((t) => t.state)).toEqual(['done', 'done', 'done']);
    // A call does not close a step that asks for a visit in person.
    const callOnly = ladderTasks(
      student,
      streakOf(twoDays, '2026-11-20'),
      [visit('2026-11-20', '电话')],
      DEFAULT_LADDER,
      '2026-11-20',
      cal,
      1,
    );
    expect(callOnly.map((t) => t.state)).toEqual(['done', 'open', 'open']);
  });

  it('escalates an overdue step: the next step opens though the streak has not reached it', () => {
    // Absent Thu and Fri, a call on Thu; on Monday (not marked yet) the visits due on Friday are overdue.
    const tasks = ladderTasks(
      student,
      streakOf(twoDays, '2026-11-23'),
      [visit('2026-11-19', '电话')],
      DEFAULT_LADDER,
      '2026-11-23',
      cal,
      1,
    );
    expect(tasks.map((t) => [t.kind, t.state, t.due])).toEqual([
      ['ladder-report-and-call', 'done', '2026-11-19'],
      ['ladder-teacher-visit', 'escalated', '2026-11-20'],
      ['ladder-leader-visit', 'escalated', '2026-11-20'],
      ['ladder-dropout-report', 'open', '2026-11-23'],
    ]);
    expect(zh(tasks[3]!.title)).toMatch(/^（升级）疑似辍学/);
  });

  it('makes three days a suspected dropout step for the leader', () => {
    const three = [...twoDays, mark('2026-11-23', 'day')];
    const tasks = ladderTasks(
      student,
      streakOf(three, '2026-11-23'),
      [],
      DEFAULT_LADDER,
      '2026-11-23',
      cal,
      1,
    );
    expect(tasks.at(-1)).toMatchObject({
      kind: 'ladder-dropout-report',
      ownerRole: 'leader',
      due: '2026-11-23',
    });
  });
});

describe('a school’s own ladder', () => {
  it('moves the 疑似辍学 step and a due date', () => {
    const ladder = applyLadder({ 'dropout-report': { atDays: 5 }, 'teacher-visit': { dueWorkingDays: 0 } });
    expect(suspectedDropoutDays(ladder)).toBe(5);
    const three = [mark('2026-11-18', 'day'), mark('2026-11-19', 'day'), mark('2026-11-20', 'day')];
    const tasks = ladderTasks(student, streakOf(three, '2026-11-20'), [], ladder, '2026-11-20', cal, 1);
    // Three days no longer reach the 疑似辍学 step; it opens only as the escalation of an overdue visit.
    expect(zh(tasks.find((t) => t.kind === 'ladder-dropout-report')!.title)).toMatch(/^（升级）/);
    expect(tasks.find((t) => t.kind === 'ladder-teacher-visit')?.due).toBe('2026-11-18');
  });
});

describe('term start + one week not arrived', () => {
  const term = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-07', '2026-09-08'];
  it('opens a 家访动员 task for a child absent the whole first week, closed by a visit in person', () => {
    const away = new Set(term.slice(0, 5));
    expect(mobiliseTask(student, away, term, [], '2026-09-08', 1)).toMatchObject({
      kind: 'ladder-mobilise',
      due: '2026-09-07',
      state: 'open',
    });
    expect(mobiliseTask(student, away, term, [visit('2026-09-08', '上门')], '2026-09-08', 1)?.state).toBe(
      'done',
    );
  });
  it('does nothing for a child who came one day, or before the week is over', () => {
    expect(mobiliseTask(student, new Set(term.slice(1, 5)), term, [], '2026-09-08', 1)).toBeUndefined();
    expect(mobiliseTask(student, new Set(term.slice(0, 5)), term, [], '2026-09-07', 1)).toBeUndefined();
  });
});
