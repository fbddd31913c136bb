/**
 * Casebook: how long a child has been away from school without a break (the attendance run), and what
 * the 风险名单 says about it. Each case: the situation (情形), the marks per school day as 上午下午
 * (旷 = 旷课 unexcused, 假 = 事假/病假 excused, 到 = marked at school, 未 = nothing marked), the day it is
 * read on, what Baoxue must answer, and the sentence it follows. A day nobody marked at all is a day at
 * school (teachers mark absences, not presence).
 *
 * Readings Baoxue takes where the seeds are open:
 * - "连续" counts half-days in order (am, pm, the next school day's am …), SEED.run; a half-day at school
 *   ends the run, so a child away every morning and in class every afternoon never builds a run longer
 *   than half a day (issue 13's false 疑似辍学).
 * - An excused half-day ends the run (default); 设置 → 缺课处置 → 请假半天 "暂停计算" makes it pause the
 *   run instead (SEED.excused). Cases marked 设置: 暂停 use that setting.
 * - Today's halves nobody has marked yet are not known: they neither count nor end the run (a teacher
 *   marks the afternoon after it); a morning before a marked afternoon has passed and reads as present.
 */
import { describe, expect, it } from 'vitest';
import { zh } from '../coded.testing';
import { DEFAULT_CALENDAR } from '../time/calendar';
import {
  type AbsenceMark,
  absenceRate,
  currentStreak,
  dayStates,
  type ExcusedHalfDay,
  type Mark,
} from './absences';
import { SEED } from './seeds';
import { riskTier, type Tier } from './tiers';

const cal = DEFAULT_CALENDAR;
const NOTICE_2026 = '国务院办公厅关于2026年部分节假日安排的通知（DEFAULT_CALENDAR 2026 年）';
const ISSUE =
  'issue 13："A child absent every morning and present every afternoon for six school days was put on the list as 紧急 / 疑似辍学 \'连续缺课 3 天\'"';

const MARK: Record<string, Mark | undefined> = {
  旷: 'unexcused',
  假: 'excused',
  到: 'present',
  未: undefined,
};

/** One school day's marks as 上午下午, e.g. 旷到; several in a list are successive marks (a correction). */
type Day = string | string[];

function marksOf(record: Record<string, Day>): AbsenceMark[] {
  const out: AbsenceMark[] = [];
  let at = 1;
  for (const [date, day] of Object.entries(record))
    for (const pair of Array.isArray(day) ? day : [day]) {
      const [am, pm] = [MARK[pair[0]!], MARK[pair[1]!]];
      const base = { studentId: 's1', date, reason: '', by: '王老师' };
      if (am && am === pm) out.push({ ...base, half: 'day', mark: am, at: at++ });
      else {
        if (am) out.push({ ...base, half: 'am', mark: am, at: at++ });
        if (pm) out.push({ ...base, half: 'pm', mark: pm, at: at++ });
      }
    }
  return out;
}

interface Case {
  情形: string;
  记录: Record<string, Day>;
  今天: string;
  设置?: ExcusedHalfDay;
  /** The run in days (half-days ÷ 2). */
  连续天数: number;
  起始?: string;
  /** The 风险名单's tier and first reason from the run alone (3 days = 疑似辍学 unless 阈值 says). */
  名单?: { tier?: Tier; reason?: string };
  阈值?: number;
  source: string;
}

// Week of Mon 16 – Fri 20 Nov 2026, then Mon 23 – Fri 27.
const sixMornings = {
  '2026-11-16': '旷到',
  '2026-11-17': '旷到',
  '2026-11-18': '旷到',
  '2026-11-19': '旷到',
  '2026-11-20': '旷到',
  '2026-11-23': '旷到',
};

const cases: Case[] = [
  // The finding of issue 13.
  {
    情形: '六个教学日每天上午旷课、下午到校：从不超过半天，不是疑似辍学',
    记录: sixMornings,
    今天: '2026-11-23',
    连续天数: 0,
    名单: { tier: undefined },
    source: `${ISSUE}; ${SEED.run}`,
  },
  {
    情形: '同样六个上午旷课，今天下午还没记：只算今天上午半天',
    记录: { ...sixMornings, '2026-11-23': '旷未' },
    今天: '2026-11-23',
    连续天数: 0.5,
    起始: '2026-11-23',
    名单: { tier: 'watch', reason: '缺课半天' },
    source: `${ISSUE}; ${SEED.run}`,
  },
  {
    情形: '六个教学日每天上午到校、下午旷课：每次只有半天',
    记录: Object.fromEntries(Object.keys(sixMornings).map((d) => [d, '到旷'])),
    今天: '2026-11-23',
    连续天数: 0.5,
    起始: '2026-11-23',
    名单: { tier: 'watch', reason: '缺课半天' },
    source: `${ISSUE}; ${SEED.run}`,
  },
  {
    情形: '周一上午旷课下午到校，周二下午旷课，周三全天旷课：从周二下午算起 1 天半',
    记录: { '2026-11-16': '旷到', '2026-11-17': '到旷', '2026-11-18': '旷旷' },
    今天: '2026-11-18',
    连续天数: 1.5,
    起始: '2026-11-17',
    名单: { tier: 'watch', reason: '缺课 1 天半' },
    source: `${ISSUE}："A day with any unexcused half-day extends the streak and an attended half-day never breaks it"; ${SEED.run}`,
  },
  // Half a day, a day, the next day.
  {
    情形: '今天上午旷课（半天未上学）',
    记录: { '2026-11-20': '旷未' },
    今天: '2026-11-20',
    连续天数: 0.5,
    名单: { tier: 'watch', reason: '缺课半天' },
    source: SEED.ladder,
  },
  {
    情形: '今天全天旷课（无故一天未上学）',
    记录: { '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 1,
    名单: { tier: 'watch', reason: '缺课 1 天' },
    source: SEED.ladder,
  },
  {
    情形: '昨天下午旷课，今天全天旷课：1 天半，从昨天算起',
    记录: { '2026-11-19': '到旷', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 1.5,
    起始: '2026-11-19',
    名单: { tier: 'watch', reason: '缺课 1 天半' },
    source: SEED.run,
  },
  {
    情形: '连续两天全天旷课（第二天未上学）',
    记录: { '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 2,
    起始: '2026-11-19',
    名单: { tier: 'warning', reason: '连续缺课 2 天' },
    source: SEED.ladder,
  },
  {
    情形: '连续三天全天旷课：疑似辍学',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 3,
    起始: '2026-11-18',
    名单: { tier: 'urgent', reason: '疑似辍学：连续缺课 3 天' },
    source: SEED.threshold,
  },
  {
    情形: '两天半：第一天下午起，接着两天全天',
    记录: { '2026-11-18': '到旷', '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 2.5,
    起始: '2026-11-18',
    名单: { tier: 'warning', reason: '连续缺课 2 天半' },
    source: SEED.run,
  },
  {
    情形: '三天半：第一天下午起，接着三天全天',
    记录: { '2026-11-17': '到旷', '2026-11-18': '旷旷', '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 3.5,
    起始: '2026-11-17',
    名单: { tier: 'urgent', reason: '疑似辍学：连续缺课 3 天半' },
    source: SEED.threshold,
  },
  {
    情形: '下午、全天、上午连着旷课，今天下午到校：连续已结束',
    记录: { '2026-11-19': '到旷', '2026-11-20': '旷旷', '2026-11-23': '旷到' },
    今天: '2026-11-23',
    连续天数: 0,
    source: SEED.run,
  },
  {
    情形: '四个连续半天跨三个日期，今天下午还没记：2 天',
    记录: { '2026-11-19': '到旷', '2026-11-20': '旷旷', '2026-11-23': '旷未' },
    今天: '2026-11-23',
    连续天数: 2,
    起始: '2026-11-19',
    名单: { tier: 'warning', reason: '连续缺课 2 天' },
    source: SEED.run,
  },
  {
    情形: '连续十个教学日全天旷课',
    记录: Object.fromEntries(
      ['16', '17', '18', '19', '20', '23', '24', '25', '26', '27'].map((d) => [`2026-11-${d}`, '旷旷']),
    ),
    今天: '2026-11-27',
    连续天数: 10,
    起始: '2026-11-16',
    名单: { tier: 'urgent', reason: '疑似辍学：连续缺课 10 天' },
    source: SEED.threshold,
  },
  // Weekends, holidays and 调休.
  {
    情形: '周五、下周一全天旷课：周末不算也不打断，连续 2 天',
    记录: { '2026-11-20': '旷旷', '2026-11-23': '旷旷' },
    今天: '2026-11-23',
    连续天数: 2,
    起始: '2026-11-20',
    source: `${SEED.run}（"school days"）`,
  },
  {
    情形: '国庆前 9月30日、国庆后 10月8日全天旷课：假期不打断，连续 2 天',
    记录: { '2026-09-30': '旷旷', '2026-10-08': '旷旷' },
    今天: '2026-10-08',
    连续天数: 2,
    起始: '2026-09-30',
    source: `${SEED.run}; ${NOTICE_2026}`,
  },
  {
    情形: '10月9日（周五）、10月10日（调休周六）、10月12日全天旷课：连续 3 天，疑似辍学',
    记录: { '2026-10-09': '旷旷', '2026-10-10': '旷旷', '2026-10-12': '旷旷' },
    今天: '2026-10-12',
    连续天数: 3,
    起始: '2026-10-09',
    名单: { tier: 'urgent', reason: '疑似辍学：连续缺课 3 天' },
    source: `${SEED.threshold}; ${NOTICE_2026}`,
  },
  {
    情形: '调休上课的 10月10日没有缺课记录（到校）：连续被打断',
    记录: { '2026-10-09': '旷旷', '2026-10-12': '旷旷' },
    今天: '2026-10-12',
    连续天数: 1,
    起始: '2026-10-12',
    source: `${SEED.run}; ${NOTICE_2026}`,
  },
  {
    情形: '误记在周六（非教学日）的旷课既不计入也不打断',
    记录: { '2026-11-20': '旷旷', '2026-11-21': '旷旷', '2026-11-23': '旷旷' },
    今天: '2026-11-23',
    连续天数: 2,
    起始: '2026-11-20',
    source: `${SEED.run}（"school days"）`,
  },
  // A half-day or a day at school ends the run.
  {
    情形: '中间一天没有缺课记录（到校）：只算最后一天',
    记录: { '2026-11-18': '旷旷', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 1,
    起始: '2026-11-20',
    source: SEED.run,
  },
  {
    情形: '中间那天上午到校、下午旷课：从那天下午算起 1 天半',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '到旷', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 1.5,
    起始: '2026-11-19',
    source: SEED.run,
  },
  {
    情形: '昨天上午旷课下午到校，今天全天旷课：只算今天 1 天',
    记录: { '2026-11-19': '旷到', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 1,
    起始: '2026-11-20',
    source: SEED.run,
  },
  {
    情形: '昨天全天旷课，今天上午记了到校：连续结束',
    记录: { '2026-11-19': '旷旷', '2026-11-20': '到未' },
    今天: '2026-11-20',
    连续天数: 0,
    source: SEED.run,
  },
  {
    情形: '前天全天旷课，昨天没有任何记录（到校），今天还没记：没有连续缺课',
    记录: { '2026-11-18': '旷旷' },
    今天: '2026-11-20',
    连续天数: 0,
    source: `${SEED.run}（没有记录的过去教学日按到校）`,
  },
  // Excused half-days (事假/病假).
  {
    情形: '旷课一天、病假一天、旷课一天：请假打断连续，只算最后 1 天',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '假假', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 1,
    起始: '2026-11-20',
    source: SEED.excused,
  },
  {
    情形: '两次旷课之间夹着上午事假、下午旷课：事假打断，从那天下午算起 1 天半',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '假旷', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 1.5,
    起始: '2026-11-19',
    source: `${SEED.excused}; issue 13："An excused half-day between unexcused ones is counted too"`,
  },
  {
    情形: '上午旷课、下午事假，第二天全天旷课：事假打断，只算第二天 1 天',
    记录: { '2026-11-19': '旷假', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 1,
    起始: '2026-11-20',
    source: SEED.excused,
  },
  {
    情形: '只有全天病假：不是缺课',
    记录: { '2026-11-19': '假假', '2026-11-20': '假假' },
    今天: '2026-11-20',
    连续天数: 0,
    名单: { tier: undefined },
    source: SEED.excused,
  },
  {
    情形: '记了旷课，后来更正为病假：以最后一次记录为准',
    记录: { '2026-11-19': '旷旷', '2026-11-20': ['旷旷', '假假'] },
    今天: '2026-11-20',
    连续天数: 0,
    source: `${SEED.excused}; lib/risk/absences.ts "A correction is a newer mark for the same slot"`,
  },
  {
    情形: '记了旷课，后来更正为到校：以最后一次记录为准',
    记录: { '2026-11-19': ['旷旷', '到到'], '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    连续天数: 1,
    起始: '2026-11-20',
    source: `${SEED.run}; lib/risk/absences.ts "A correction is a newer mark for the same slot"`,
  },
  // The school that sets an excused half-day to pause the run.
  {
    情形: '设置为请假暂停计算：旷课一天、病假一天、旷课一天，连续 2 天',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '假假', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    设置: 'pauses',
    连续天数: 2,
    起始: '2026-11-18',
    名单: { tier: 'warning', reason: '连续缺课 2 天' },
    source: `${SEED.excused}（设置 → 缺课处置 → 请假半天：暂停计算）`,
  },
  {
    情形: '设置为请假暂停计算：上午旷课、下午事假、第二天全天旷课，连续 1 天半',
    记录: { '2026-11-19': '旷假', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    设置: 'pauses',
    连续天数: 1.5,
    起始: '2026-11-19',
    source: SEED.excused,
  },
  {
    情形: '设置为请假暂停计算：到校的半天仍然打断连续',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '到假', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    设置: 'pauses',
    连续天数: 1,
    起始: '2026-11-20',
    source: `${SEED.excused}; ${SEED.run}`,
  },
  {
    情形: '设置为请假暂停计算：昨天旷课一天，今天病假，连续仍是 1 天',
    记录: { '2026-11-19': '旷旷', '2026-11-20': '假假' },
    今天: '2026-11-20',
    设置: 'pauses',
    连续天数: 1,
    起始: '2026-11-19',
    source: SEED.excused,
  },
  {
    情形: '默认（请假打断）：昨天旷课一天，今天病假，没有连续缺课',
    记录: { '2026-11-19': '旷旷', '2026-11-20': '假假' },
    今天: '2026-11-20',
    连续天数: 0,
    source: SEED.excused,
  },
  // Today, not yet marked.
  {
    情形: '昨天全天旷课，今天还没记：昨天的 1 天仍然算',
    记录: { '2026-11-19': '旷旷' },
    今天: '2026-11-20',
    连续天数: 1,
    起始: '2026-11-19',
    source: '本 casebook 开头的读法：今天未记的半天尚不知道',
  },
  {
    情形: '昨天全天旷课，今天上午旷课、下午还没记：1 天半',
    记录: { '2026-11-19': '旷旷', '2026-11-20': '旷未' },
    今天: '2026-11-20',
    连续天数: 1.5,
    起始: '2026-11-19',
    source: `${SEED.run}; 今天未记的下午尚不知道`,
  },
  {
    情形: '昨天全天旷课，今天只记了下午旷课（上午没记，按到校）：只算今天下午半天',
    记录: { '2026-11-19': '旷旷', '2026-11-20': '未旷' },
    今天: '2026-11-20',
    连续天数: 0.5,
    起始: '2026-11-20',
    source: `${SEED.run}; 下午已记时上午已经过去，没记按到校`,
  },
  {
    情形: '县里定 5 天为疑似辍学：连续 3 天是预警，不是疑似辍学',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    阈值: 5,
    连续天数: 3,
    起始: '2026-11-18',
    名单: { tier: 'warning', reason: '连续缺课 3 天' },
    source: `${SEED.threshold}（设置 → 缺课处置 → 疑似辍学的连续缺课天数）`,
  },
];

const none = {
  term: { unexcused: 0, schoolDays: 60, rate: 0 },
  escalatedTasks: 0,
  persuasionOpen: false,
  keyStudent: false,
};

describe('casebook: the run of absence and what the list says', () => {
  it.each(cases.map((c) => [c.情形, c] as const))('%s', (_, c) => {
    const streak = currentStreak(dayStates(marksOf(c.记录)).get('s1'), c.今天, cal, {
      excused: c.设置 ?? 'ends',
    });
    expect(streak.days).toBe(c.连续天数);
    if (c.起始) expect(streak.start).toBe(c.起始);
    if (c.名单) {
      const { tier, reasons } = riskTier({ ...none, streak, suspectedDropoutDays: c.阈值 ?? 3 });
      expect(tier).toBe(c.名单.tier);
      if (c.名单.reason) expect(zh(reasons[0]!)).toBe(c.名单.reason);
    }
  });
});

describe('casebook: the steps of a run, day by day', () => {
  it('昨天下午起旷课、今天全天旷课：半天那步落在昨天，1 天和 1 天半落在今天', () => {
    // source: SEED.ladder — each step (半天, 一天 …) is reached on the day the run reaches it
    const streak = currentStreak(
      dayStates(marksOf({ '2026-11-19': '到旷', '2026-11-20': '旷旷' })).get('s1'),
      '2026-11-20',
      cal,
    );
    expect(streak.reached).toEqual([
      { days: 0.5, date: '2026-11-19' },
      { days: 1, date: '2026-11-20' },
      { days: 1.5, date: '2026-11-20' },
    ]);
    expect(streak.startHalf).toBe('pm');
  });
});

describe('casebook: absence over the term (chronic absence) still shows the half-day pattern', () => {
  it('二十个教学日里六个上午旷课：本学期缺课 3 天（15%），预警，不是疑似辍学', () => {
    // source: lib/risk/absences.ts "chronic absence: 10% or more" (a Baoxue default, not a seed rule); ISSUE
    const days = dayStates(marksOf(sixMornings)).get('s1');
    const term = absenceRate(days, '2026-10-27', '2026-11-23', cal);
    expect(term).toMatchObject({ unexcused: 3, schoolDays: 20 });
    const streak = currentStreak(days, '2026-11-23', cal);
    const r = riskTier({ ...none, term, streak });
    expect({ tier: r.tier, reasons: r.reasons.map(zh) }).toEqual({
      tier: 'warning',
      reasons: ['长期缺课：本学期缺课 15%（3 天）'],
    });
  });
});
