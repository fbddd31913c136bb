/**
 * Dates on what a school hands in, case by case (issue 15): the 辍学学生情况报告表's 未到校起始日期 is the first
 * day of the child's current unbroken absence (not their first absence ever), and the ledgers date a report
 * to the 乡镇政府 by the day the registrar gave in the dated confirmation, not the day it was typed in.
 *
 * Seeds: 002 = 《最新控辍保学工作方案及措施文件(实用5篇)》.
 */
import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { say } from '../../tests/fixtures/say';
import { BaoxueEvent } from '../records';
import type { ExcusedHalfDay } from '../risk/absences';
import { persuasionCases } from '../risk/persuasion';
import { beijingInstant } from '../time/day';
import { absentSince } from './absentSince';
import { buildLedger } from './ledgers';

const RUN =
  'domain.md §5: "\'Consecutive\' means time away from school without a break: half-days in order (am, pm, next school day\'s am …); a half-day at school ends the run, and so, by default, does an excused half-day (a school may set it to pause the run instead)"; 002 篇二 §二.6 "对半天未上学的…对无故一天未上学的…第二天未上学的"';
const FORM =
  'domain.md §5 ladder: "3 days | 辍学学生情况报告表 to the county bureau" — the form reports the child now away, since when';
const CLOSED = 'domain.md §5: "Closed by 返校 (动态销号) with the date"';

let seq = 0;
const at = (d: string, time = '10:00:00') => beijingInstant(d, time);
type Half = 'am' | 'pm' | 'day';
const mark = (date: string, half: Half = 'day', m: 'unexcused' | 'excused' | 'present' = 'unexcused') =>
  BaoxueEvent.parse({
    id: `a${seq++}`,
    kind: 'absence',
    studentId: 'A',
    author: '王老师',
    at: at(date),
    recordedAt: at(date),
    data: { date, half, mark: m, ...(m === 'excused' ? { reason: '病假' } : {}) },
  });
const step = (s: string, typed: string, data: Record<string, string> = {}, studentId = 'A', caseId = 'c1') =>
  BaoxueEvent.parse({
    id: `p${seq++}`,
    kind: 'persuasionAttempt',
    studentId,
    caseId,
    author: '李主任',
    at: at(typed, '16:00:00'),
    recordedAt: at(typed, '16:00:00'),
    data: { step: s, ...data },
  });

interface SinceCase {
  情形: string;
  /** The child's marks: [date, half, mark]. */
  考勤: [string, Half?, ('unexcused' | 'excused' | 'present')?][];
  立案: string;
  返校?: string;
  今天: string;
  缺课处置?: ExcusedHalfDay;
  期望: string | undefined;
  source: string;
}

// November 2026: Mon 23, Tue 24, Wed 25, Thu 26, Fri 27, Mon 30; Fri 20 before the weekend.
const sinceCases: SinceCase[] = [
  {
    情形: '9月缺过一天、已回校；11月24日起连续未到校：起始日期是11月24日，不是第一次缺课的9月15日',
    考勤: [['2026-09-15'], ['2026-11-24'], ['2026-11-25'], ['2026-11-26']],
    立案: '2026-11-26',
    今天: '2026-11-30',
    期望: '2026-11-24',
    source: `${FORM}; ${RUN}`,
  },
  {
    情形: '周五、周一未到校：周末不算也不打断，起始日期是周五',
    考勤: [['2026-11-20'], ['2026-11-23'], ['2026-11-24']],
    立案: '2026-11-24',
    今天: '2026-11-30',
    期望: '2026-11-20',
    source: RUN,
  },
  {
    情形: '周一下午起未到校（上午在校）：起始日期是周一',
    考勤: [['2026-11-23', 'am', 'present'], ['2026-11-23', 'pm'], ['2026-11-24'], ['2026-11-25']],
    立案: '2026-11-25',
    今天: '2026-11-30',
    期望: '2026-11-23',
    source: RUN,
  },
  {
    情形: '周一旷课、周二上午病假、周二下午起又旷课：请假打断，起始日期是周二',
    考勤: [
      ['2026-11-23'],
      ['2026-11-24', 'am', 'excused'],
      ['2026-11-24', 'pm'],
      ['2026-11-25'],
      ['2026-11-26'],
    ],
    立案: '2026-11-26',
    今天: '2026-11-30',
    期望: '2026-11-24',
    source: RUN,
  },
  {
    情形: '同上，学校设为请假“暂停不打断”：起始日期是周一',
    考勤: [
      ['2026-11-23'],
      ['2026-11-24', 'am', 'excused'],
      ['2026-11-24', 'pm'],
      ['2026-11-25'],
      ['2026-11-26'],
    ],
    立案: '2026-11-26',
    今天: '2026-11-30',
    缺课处置: 'pauses',
    期望: '2026-11-23',
    source: `${RUN}; 设置 → 缺课处置`,
  },
  {
    情形: '立案后班主任不再逐日登记：未登记的日子不打断，起始日期仍是11月24日',
    考勤: [['2026-11-24'], ['2026-11-25'], ['2026-11-26']],
    立案: '2026-11-26',
    今天: '2026-11-30',
    期望: '2026-11-24',
    source: FORM,
  },
  {
    情形: '已返校销号（11月27日）后又缺课一天：这份已结案件的报告表仍写11月24日',
    考勤: [['2026-11-24'], ['2026-11-25'], ['2026-11-26'], ['2026-11-30']],
    立案: '2026-11-26',
    返校: '2026-11-27',
    今天: '2026-11-30',
    期望: '2026-11-24',
    source: `${CLOSED}; ${FORM}`,
  },
  {
    情形: '没有登记过旷课：留空由学校填写',
    考勤: [],
    立案: '2026-11-26',
    今天: '2026-11-30',
    期望: undefined,
    source: FORM,
  },
];

describe('辍学学生情况报告表: 未到校起始日期 is the start of the current unbroken absence', () => {
  it.each(sinceCases.map((c) => [c.情形, c] as const))('%s', (_, c) => {
    const events = [
      ...c.考勤.map(([d, h, m]) => mark(d, h, m)),
      step('open', c.立案),
      ...(c.返校 ? [step('returned', c.返校, { date: c.返校 })] : []),
    ];
    const cases = persuasionCases(events);
    expect(absentSince(events, cases[0]!, cases, c.今天, { excused: c.缺课处置 ?? 'ends' })).toBe(c.期望);
  });
});

describe('ledgers date a report to the 乡镇政府 by the date given in the confirmation', () => {
  const REPORT =
    'issue 15: "Confirmation for acts that are hard to undo and go on record (已返校（销号）, 已报告乡镇政府), with the date asked, not assumed"; domain.md §5 Ledgers: 疑似辍学学生台账 / 辍学学生台账 "closed case by case"';
  const students = [
    makeStudent({ id: 'A', xjh: 'A', name: '学生A', grade: '七年级', className: '七年级1班' }),
  ];
  // Reported on Friday 10-30 (the date given); typed in on Monday 11-02.
  const events = [step('open', '2026-10-20'), step('report', '2026-11-02', { date: '2026-10-30' })];
  const input = { students, events, checks: [], today: '2026-11-30' };

  it(`the 辍学学生台账's 报告乡镇政府 column shows 10-30 (${REPORT})`, () => {
    const l = buildLedger('dropout', input, say);
    expect(l.rows.map((r) => r.reported)).toEqual(['2026-10-30']);
  });

  it(`November's 疑似辍学学生台账 no longer lists the child: from 10-30 they count as 辍学 (${REPORT})`, () => {
    const nov = buildLedger('suspected', input, say, { from: '2026-11-01', to: '2026-11-30' });
    expect(nov.rows).toEqual([]);
    const oct = buildLedger('suspected', input, say, { from: '2026-10-01', to: '2026-10-31' });
    expect(oct.rows.map((r) => r.xjh)).toEqual(['A']);
  });
});
