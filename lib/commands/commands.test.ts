import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import zh from '../../public/_locales/zh_CN/messages.json';
import { BaoxueEvent } from '../records';
import { buildEvents, COMMAND_NAMES, CommandRefused, parseCommand } from './commands';

const stamp = { author: '王老师', now: Date.UTC(2026, 10, 20, 2), nonce: (i: number) => `n${i}` };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof CommandRefused) return e.key;
    throw e;
  }
  throw new Error('not refused');
}

describe('commands: input refused in a registrar’s words', () => {
  it('names what is wrong with a mark: a date not in 年-月-日, no student, no marks at all', () => {
    const mark = { studentId: 'A', date: '2026-11-20', half: 'day', mark: 'unexcused' };
    expect(refusal(() => parseCommand('absence/record', { marks: [{ ...mark, date: '2026/11/20' }] }))).toBe(
      'cmd_err_date',
    );
    expect(refusal(() => parseCommand('absence/record', { marks: [{ ...mark, studentId: ' ' }] }))).toBe(
      'cmd_err_student',
    );
    expect(refusal(() => parseCommand('absence/record', { marks: [] }))).toBe('cmd_err_no_marks');
    // A day no calendar has is refused, not stored to be dropped by every reader.
    expect(refusal(() => parseCommand('absence/record', { marks: [{ ...mark, date: '2026-02-30' }] }))).toBe(
      'cmd_err_date',
    );
    expect(
      refusal(() => parseCommand('class-day/report', { className: '七年级1班', date: '2026-13-01' })),
    ).toBe('cmd_err_date');
  });

  it('asks for an attempt’s outcome and a 重点生’s reason and partner', () => {
    expect(
      refusal(() =>
        parseCommand('persuasion/attempt', { studentId: 'A', caseId: 'c', method: 'home', outcome: '' }),
      ),
    ).toBe('cmd_err_outcome');
    expect(refusal(() => parseCommand('key/name', { studentId: 'A', reason: '厌学', partner: ' ' }))).toBe(
      'cmd_err_key_partner',
    );
    expect(refusal(() => parseCommand('key/name', { studentId: 'A', reason: '', partner: '李老师' }))).toBe(
      'cmd_err_key_reason',
    );
  });

  it('refuses a visit method that is not one of the codes (a free word is not stored)', () => {
    const visit = { studentId: 'A', date: '2026-11-20', method: '骑车', visitorRole: 'teacher' };
    expect(refusal(() => parseCommand('visit/record', visit))).toBe('cmd_err_invalid');
  });

  it('every refusal a command can give is a message in both languages', () => {
    const source = JSON.stringify(Object.keys(zh));
    const keys = [
      'cmd_err_student',
      'cmd_err_case',
      'cmd_err_date',
      'cmd_err_too_long',
      'cmd_err_no_marks',
      'cmd_err_outcome',
      'cmd_err_key_reason',
      'cmd_err_key_partner',
      'cmd_err_class',
      'cmd_err_invalid',
      'cmd_err_no_user',
      'cmd_err_not_saved',
    ];
    for (const k of keys) {
      expect(source).toContain(`"${k}"`);
      expect(Object.keys(en)).toContain(k);
    }
  });
});

describe('commands: the events they append', () => {
  it('a class’s marks in one command are one event each, all in the stamped author’s name, each a valid event', () => {
    const marks = ['A', 'B', 'C'].map((studentId) => ({
      studentId,
      date: '2026-11-20',
      half: 'am',
      mark: 'excused',
      reason: '病假',
    }));
    const { events } = buildEvents('absence/record', parseCommand('absence/record', { marks }), stamp);
    expect(events.map((e) => [e.kind, e.studentId, e.author])).toEqual([
      ['absence', 'A', '王老师'],
      ['absence', 'B', '王老师'],
      ['absence', 'C', '王老师'],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    for (const e of events) expect(BaoxueEvent.safeParse(e).success).toBe(true);
  });

  it('a name typed into the input is not the author: unknown fields are dropped', () => {
    const input = parseCommand('key/check', { studentId: 'A', by: '假冒的校长', author: '假冒的校长' });
    const { events } = buildEvents('key/check', input, stamp);
    expect(events[0]!.author).toBe('王老师');
    expect(JSON.stringify(events)).not.toContain('假冒');
  });

  it('a visit is dated its day (noon in Beijing) and stores the method as a code', () => {
    const input = parseCommand('visit/record', {
      studentId: 'A',
      date: '2026-11-19',
      method: 'home',
      visitorRole: 'leader',
      parentOpinion: '同意',
    });
    const [e] = buildEvents('visit/record', input, stamp).events;
    expect(e).toMatchObject({
      kind: 'homeVisit',
      at: Date.UTC(2026, 10, 19, 4),
      data: { method: 'home', visitorRole: 'leader' },
    });
  });

  it('opening a 劝返 case answers its id; the later steps name it', () => {
    const open = buildEvents('persuasion/open', parseCommand('persuasion/open', { studentId: 'A' }), stamp);
    expect(open.caseId).toBe(`persuasion:A:${stamp.now}`);
    const notice = buildEvents(
      'persuasion/notice',
      parseCommand('persuasion/notice', { studentId: 'A', caseId: open.caseId, deadline: '2026-11-27' }),
      stamp,
    );
    expect(notice.events[0]).toMatchObject({
      caseId: open.caseId,
      data: { step: 'notice', deadline: '2026-11-27' },
    });
  });

  it('the 流出去向 is the checklist’s destination entry; a class day report names no student', () => {
    const [d] = buildEvents(
      'destination/record',
      parseCommand('destination/record', { caseId: 'c1', kind: 'abroad', place: '日本' }),
      stamp,
    ).events;
    expect(d).toMatchObject({
      kind: 'documentReceived',
      caseId: 'c1',
      data: { doc: 'destination', destKind: 'abroad', dest: '日本' },
    });
    const [r] = buildEvents(
      'class-day/report',
      parseCommand('class-day/report', { className: '七年级1班', date: '2026-11-20' }),
      stamp,
    ).events;
    expect(r).toMatchObject({
      kind: 'riskNote',
      studentId: '',
      data: { type: 'class-day-report', className: '七年级1班' },
    });
  });

  it('has a command for every write the brief lists', () => {
    expect(COMMAND_NAMES).toEqual(
      expect.arrayContaining([
        'absence/record',
        'absence/present',
        'visit/record',
        'document/tick',
        'destination/record',
        'persuasion/open',
        'persuasion/attempt',
        'persuasion/notice',
        'persuasion/report',
        'persuasion/return',
        'key/name',
        'key/check',
        'class-day/report',
      ]),
    );
  });
});
