/**
 * Casebook: who must act, by when, when a child is away from school (the ladder), and the tasks that follow a
 * 劝返 case or a 重点生. Each case: the situation (情形), the marks per school day as 上午下午 (旷 = 旷课, 假 = 事假/
 * 病假, 到 = marked at school, 未 = nothing marked), what was recorded (家访, 电话, 报告表 …), the day it is
 * read on, the tasks Baoxue must show (title, owner, due, state) and the sentence it follows.
 *
 * Readings Baoxue takes where the seeds are open (each a setting in 设置 → 缺课处置):
 * - Steps count the current run of absence in half-days in order (attendance casebook): 0.5 = 半天未上学,
 *   1 = 一天, 2 = four half-days in a row.
 * - "第二天未上学的学校相关领导必须亲自家访": Baoxue reads the second day as a second whole day (2); a school
 *   that wants the leader out as soon as the second day begins sets that step to 1.5.
 * - "当天或第二天必须进行家访": due the next school day (weekends and holidays skipped, 调休 counted).
 * - "及时报告乡镇政府" after the 返校通知书 deadline: due the first school day after it; only a report made on
 *   or after the deadline closes it (a report before it was about the earlier refusal, 篇二 （二）7).
 * - "每学期进行两次跟踪调查": one follow-up in each half of the semester, split at its middle day.
 */
import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { zh } from '../coded.testing';
import { BaoxueEvent, type Task } from '../records';
import { DEFAULT_CALENDAR } from '../time/calendar';
import { type AbsenceMark, currentStreak, dayStates, type ExcusedHalfDay, type Mark } from './absences';
import { computeRisk } from './engine';
import { dropoutFollowUpTasks, keyCheckTasks, semesterHalves, townshipReportTask } from './followUp';
import { keyStudents } from './keyStudents';
import { applyLadder, DEFAULT_LADDER, type LadderOverrides, ladderTasks, mobiliseTask } from './ladder';
import { persuasionCases } from './persuasion';
import { SEED } from './seeds';
import { riskTier } from './tiers';

const cal = DEFAULT_CALENDAR;
const NOTICE_2026 = '国务院办公厅关于2026年部分节假日安排的通知（DEFAULT_CALENDAR 2026 年）';
const student = { id: 's1', name: '甲', className: '七年级1班' };
const MARK: Record<string, Mark | undefined> = {
  旷: 'unexcused',
  假: 'excused',
  到: 'present',
  未: undefined,
};

function marksOf(record: Record<string, string>): AbsenceMark[] {
  const out: AbsenceMark[] = [];
  let at = 1;
  for (const [date, pair] of Object.entries(record)) {
    const [am, pm] = [MARK[pair[0]!], MARK[pair[1]!]];
    const base = { studentId: 's1', date, reason: '', by: '王老师' };
    if (am) out.push({ ...base, half: 'am', mark: am, at: at++ });
    if (pm) out.push({ ...base, half: 'pm', mark: pm, at: at++ });
  }
  return out;
}

const beijing = (day: string, time = '10:00:00') => Date.parse(`${day}T${time}+08:00`);
let n = 0;
/** A 家访 record: 上门 / 电话 / 微信, by the class teacher or a leader. */
const visit = (day: string, method: string, visitorRole = 'teacher'): BaoxueEvent =>
  BaoxueEvent.parse({
    id: `visit-${++n}`,
    kind: 'homeVisit',
    studentId: 's1',
    author: visitorRole === 'leader' ? '张校长' : '王老师',
    at: beijing(day),
    recordedAt: 0,
    data: { method, visitorRole },
  });
/** Printing the 辍学学生情况报告表. */
const report = (day: string): BaoxueEvent => ({
  id: `report-${++n}`,
  kind: 'riskNote',
  studentId: 's1',
  author: '张校长',
  at: beijing(day),
  recordedAt: 0,
  data: { type: 'dropout-report' },
});

/** A task as a registrar reads it in 待办: title without the child's name, owner, due day, state. */
const row = (t: Task) => [zh(t.title).replace(/：甲（七年级1班）$/, ''), t.ownerRole, t.due, t.state];

interface LadderCase {
  情形: string;
  记录: Record<string, string>;
  处置?: BaoxueEvent[];
  今天: string;
  设置?: LadderOverrides;
  请假?: ExcusedHalfDay;
  待办: (string | undefined)[][];
  source: string;
}

const REPORT = '报告教导处并联系家长';
const VISIT = '班主任家访';
const LEADER = '校领导亲自家访';
const DROPOUT = '疑似辍学：填报辍学学生情况报告表，请村委会协助';

const ladderCases: LadderCase[] = [
  {
    情形: '今天上午旷课：班主任当天报告并联系家长',
    记录: { '2026-11-20': '旷未' },
    今天: '2026-11-20',
    待办: [[REPORT, 'teacher', '2026-11-20', 'open']],
    source: `${SEED.ladder}; ${SEED.contact}`,
  },
  {
    情形: '今天全天旷课：还要班主任家访，当天或下一个教学日',
    记录: { '2026-11-19': '旷旷' },
    今天: '2026-11-19',
    待办: [
      [REPORT, 'teacher', '2026-11-19', 'open'],
      [VISIT, 'teacher', '2026-11-20', 'open'],
    ],
    source: SEED.ladder,
  },
  {
    情形: '周五全天旷课：家访最迟下周一',
    记录: { '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-20', 'open'],
      [VISIT, 'teacher', '2026-11-23', 'open'],
    ],
    source: SEED.ladder,
  },
  {
    情形: '国庆前 9月30日全天旷课：家访最迟节后 10月8日',
    记录: { '2026-09-30': '旷旷' },
    今天: '2026-09-30',
    待办: [
      [REPORT, 'teacher', '2026-09-30', 'open'],
      [VISIT, 'teacher', '2026-10-08', 'open'],
    ],
    source: `${SEED.ladder}; ${NOTICE_2026}`,
  },
  {
    情形: '10月9日（周五）全天旷课：家访最迟调休上课的 10月10日（周六）',
    记录: { '2026-10-09': '旷旷' },
    今天: '2026-10-09',
    待办: [
      [REPORT, 'teacher', '2026-10-09', 'open'],
      [VISIT, 'teacher', '2026-10-10', 'open'],
    ],
    source: `${SEED.ladder}; ${NOTICE_2026}`,
  },
  {
    情形: '连续两天全天旷课：第二天校领导亲自家访（当天）',
    记录: { '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    处置: [visit('2026-11-19', '电话')],
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-19', 'done'],
      [VISIT, 'teacher', '2026-11-20', 'open'],
      [LEADER, 'leader', '2026-11-20', 'open'],
    ],
    source: SEED.ladder,
  },
  {
    情形: '1 天半（昨天下午起）：还不到第二天，校领导家访未开始',
    记录: { '2026-11-19': '到旷', '2026-11-20': '旷旷' },
    处置: [visit('2026-11-19', '电话')],
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-19', 'done'],
      [VISIT, 'teacher', '2026-11-23', 'open'],
    ],
    source: `${SEED.ladder}（读法：第二天 = 第二个整天）`,
  },
  {
    情形: '设置校领导家访从 1.5 天开始：1 天半即要校领导家访',
    记录: { '2026-11-19': '到旷', '2026-11-20': '旷旷' },
    处置: [visit('2026-11-19', '电话')],
    今天: '2026-11-20',
    设置: { 'leader-visit': { atDays: 1.5 } },
    待办: [
      [REPORT, 'teacher', '2026-11-19', 'done'],
      [VISIT, 'teacher', '2026-11-23', 'open'],
      [LEADER, 'leader', '2026-11-20', 'open'],
    ],
    source: `${SEED.ladder}（设置 → 缺课处置 → 校领导亲自家访 连续缺课天数 1.5）`,
  },
  {
    情形: '连续三天全天旷课：疑似辍学，校领导当天填报辍学学生情况报告表',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    处置: [visit('2026-11-18', '电话'), visit('2026-11-19', '上门'), visit('2026-11-19', '上门', 'leader')],
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-18', 'done'],
      [VISIT, 'teacher', '2026-11-19', 'done'],
      [LEADER, 'leader', '2026-11-19', 'done'],
      [DROPOUT, 'leader', '2026-11-20', 'open'],
    ],
    source: SEED.threshold,
  },
  {
    情形: '六个教学日每天上午旷课、下午到校（今天下午已到校）：没有待办，不填报告表',
    记录: {
      '2026-11-16': '旷到',
      '2026-11-17': '旷到',
      '2026-11-18': '旷到',
      '2026-11-19': '旷到',
      '2026-11-20': '旷到',
      '2026-11-23': '旷到',
    },
    今天: '2026-11-23',
    待办: [],
    source: `issue 13 (false 疑似辍学); ${SEED.run}`,
  },
  {
    情形: '六个教学日每天上午旷课，今天下午还没记：只有今天的报告并联系家长',
    记录: {
      '2026-11-16': '旷到',
      '2026-11-17': '旷到',
      '2026-11-18': '旷到',
      '2026-11-19': '旷到',
      '2026-11-20': '旷到',
      '2026-11-23': '旷未',
    },
    今天: '2026-11-23',
    待办: [[REPORT, 'teacher', '2026-11-23', 'open']],
    source: `issue 13 (false 疑似辍学); ${SEED.ladder}`,
  },
  {
    情形: '旷课、病假、旷课三天：请假打断，只有一天的步骤',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '假假', '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-20', 'open'],
      [VISIT, 'teacher', '2026-11-23', 'open'],
    ],
    source: SEED.excused,
  },
  {
    情形: '设置请假暂停计算：旷课、病假、旷课三天算连续 2 天，要校领导家访，不是疑似辍学',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '假假', '2026-11-20': '旷旷' },
    处置: [visit('2026-11-18', '上门')],
    今天: '2026-11-20',
    请假: 'pauses',
    待办: [
      [REPORT, 'teacher', '2026-11-18', 'done'],
      [VISIT, 'teacher', '2026-11-19', 'done'],
      [LEADER, 'leader', '2026-11-20', 'open'],
    ],
    source: `${SEED.excused}（设置 → 缺课处置 → 请假半天：暂停计算）`,
  },
  // What closes each step.
  {
    情形: '微信联系了家长：报告并联系家长一步完成',
    记录: { '2026-11-20': '旷未' },
    处置: [visit('2026-11-20', '微信')],
    今天: '2026-11-20',
    待办: [[REPORT, 'teacher', '2026-11-20', 'done']],
    source: `${SEED.contact}; 000 四（七）2："我们坚持开展电话、微信家访活动"`,
  },
  {
    情形: '只打了电话：家访一步仍未完成（须上门）',
    记录: { '2026-11-20': '旷旷' },
    处置: [visit('2026-11-20', '电话')],
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-20', 'done'],
      [VISIT, 'teacher', '2026-11-23', 'open'],
    ],
    source: SEED.ladder,
  },
  {
    情形: '班主任上门家访：联系家长和家访两步都完成',
    记录: { '2026-11-20': '旷旷' },
    处置: [visit('2026-11-20', '上门')],
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-20', 'done'],
      [VISIT, 'teacher', '2026-11-23', 'done'],
    ],
    source: SEED.ladder,
  },
  {
    情形: '第二天只有班主任上门：迟到的联系也算完成，校领导亲自家访仍未完成',
    记录: { '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    处置: [visit('2026-11-20', '上门')],
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-19', 'done'],
      [VISIT, 'teacher', '2026-11-20', 'done'],
      [LEADER, 'leader', '2026-11-20', 'open'],
    ],
    source: SEED.ladder,
  },
  {
    情形: '校领导上门家访：校领导一步完成',
    记录: { '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    处置: [visit('2026-11-19', '上门'), visit('2026-11-20', '上门', 'leader')],
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-19', 'done'],
      [VISIT, 'teacher', '2026-11-20', 'done'],
      [LEADER, 'leader', '2026-11-20', 'done'],
    ],
    source: SEED.ladder,
  },
  {
    情形: '这次缺课之前的家访不算：步骤仍未完成',
    记录: { '2026-11-20': '旷旷' },
    处置: [visit('2026-11-16', '上门')],
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-20', 'open'],
      [VISIT, 'teacher', '2026-11-23', 'open'],
    ],
    source: `${SEED.ladder}（每次缺课各自处置）`,
  },
  {
    情形: '打印了辍学学生情况报告表：疑似辍学一步完成',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    处置: [
      visit('2026-11-18', '电话'),
      visit('2026-11-19', '上门'),
      visit('2026-11-19', '上门', 'leader'),
      report('2026-11-20'),
    ],
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-18', 'done'],
      [VISIT, 'teacher', '2026-11-19', 'done'],
      [LEADER, 'leader', '2026-11-19', 'done'],
      [DROPOUT, 'leader', '2026-11-20', 'done'],
    ],
    source: SEED.threshold,
  },
  // Overdue steps escalate.
  {
    情形: '昨天半天旷课没人联系家长，今天又旷课：联系家长一步逾期（升级）',
    记录: { '2026-11-19': '到旷', '2026-11-20': '旷未' },
    今天: '2026-11-20',
    待办: [
      [REPORT, 'teacher', '2026-11-19', 'escalated'],
      [VISIT, 'teacher', '2026-11-23', 'open'],
    ],
    source: SEED.ladder,
  },
  {
    情形: '周四周五旷课、周一还没记：周五到期的家访逾期，疑似辍学一步提前以（升级）开始',
    记录: { '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    处置: [visit('2026-11-19', '电话')],
    今天: '2026-11-23',
    待办: [
      [REPORT, 'teacher', '2026-11-19', 'done'],
      [VISIT, 'teacher', '2026-11-20', 'escalated'],
      [LEADER, 'leader', '2026-11-20', 'escalated'],
      [`（升级）${DROPOUT}`, 'leader', '2026-11-23', 'open'],
    ],
    source: `${SEED.ladder}; lib/risk/ladder.ts "An overdue step escalates: the next step's task opens at once"`,
  },
  {
    情形: '县里定 5 天为疑似辍学、前面都按时做了：连续 3 天不开报告表',
    记录: { '2026-11-18': '旷旷', '2026-11-19': '旷旷', '2026-11-20': '旷旷' },
    处置: [visit('2026-11-18', '上门'), visit('2026-11-19', '上门', 'leader')],
    今天: '2026-11-20',
    设置: { 'dropout-report': { atDays: 5 } },
    待办: [
      [REPORT, 'teacher', '2026-11-18', 'done'],
      [VISIT, 'teacher', '2026-11-19', 'done'],
      [LEADER, 'leader', '2026-11-19', 'done'],
    ],
    source: `${SEED.threshold}（设置 → 缺课处置 → 疑似辍学 5 天）`,
  },
  {
    情形: '设置家访须当天完成：家访到期日为缺课当天',
    记录: { '2026-11-20': '旷旷' },
    今天: '2026-11-20',
    设置: { 'teacher-visit': { dueWorkingDays: 0 } },
    待办: [
      [REPORT, 'teacher', '2026-11-20', 'open'],
      [VISIT, 'teacher', '2026-11-20', 'open'],
    ],
    source: `${SEED.ladder}（"当天或第二天"，设置可改为当天）`,
  },
];

describe('casebook: the ladder of steps for a run of absence', () => {
  it.each(ladderCases.map((c) => [c.情形, c] as const))('%s', (_, c) => {
    const streak = currentStreak(dayStates(marksOf(c.记录)).get('s1'), c.今天, cal, {
      excused: c.请假 ?? 'ends',
    });
    const ladder = c.设置 ? applyLadder(c.设置) : DEFAULT_LADDER;
    const tasks = ladderTasks(student, streak, c.处置 ?? [], ladder, c.今天, cal, 1);
    expect(tasks.map(row)).toEqual(c.待办);
  });
});

describe('casebook: not arrived within a week of term start', () => {
  const term = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-07', '2026-09-08'];
  const fullDays = (record: Record<string, string>) =>
    new Set(
      [...(dayStates(marksOf(record)).get('s1') ?? [])]
        .filter(([, d]) => d.am === 'unexcused' && d.pm === 'unexcused')
        .map(([day]) => day),
    );
  const week = Object.fromEntries(term.slice(0, 5).map((d) => [d, '旷旷']));

  it('开学第一周五个教学日都没到校：家访动员，联系街道/村委会', () => {
    // source: SEED.notArrived
    expect(mobiliseTask(student, fullDays(week), term, [], '2026-09-08', 1)).toMatchObject({
      kind: 'ladder-mobilise',
      ownerRole: 'teacher',
      due: '2026-09-07',
      state: 'open',
    });
  });
  it('第一周来过一天：不算一周未到校', () => {
    // source: SEED.notArrived
    expect(
      mobiliseTask(student, fullDays({ ...week, '2026-09-03': '到到' }), term, [], '2026-09-08', 1),
    ).toBeUndefined();
  });
  it('第一周每天上午都没来、下午来了：到过校，不算一周未到校', () => {
    // source: SEED.notArrived; SEED.run
    const mornings = Object.fromEntries(term.slice(0, 5).map((d) => [d, '旷到']));
    expect(mobiliseTask(student, fullDays(mornings), term, [], '2026-09-08', 1)).toBeUndefined();
  });
});

// 劝返 cases, built from their records as the dashboard writes them.
const step = (day: string, s: string, extra: Record<string, string> = {}): BaoxueEvent =>
  BaoxueEvent.parse({
    id: `p-${++n}`,
    kind: 'persuasionAttempt',
    studentId: 's1',
    caseId: 'case1',
    author: '张校长',
    at: beijing(day),
    recordedAt: 0,
    data: { step: s, method: '', outcome: '', deadline: '', date: '', ...extra },
  });
const caseOf = (events: BaoxueEvent[]) => persuasionCases(events)[0]!;
const withNotice = (deadline: string) => [
  step('2026-11-09', 'open'),
  step('2026-11-10', 'notice', { deadline }),
];

describe('casebook: the 返校通知书 deadline passes with the child not back', () => {
  const cases: {
    情形: string;
    记录: BaoxueEvent[];
    今天: string;
    待办?: (string | undefined)[];
    source: string;
  }[] = [
    {
      情形: '期限 11月18日已过、未返校：校领导下一个教学日前报告乡镇政府',
      记录: withNotice('2026-11-18'),
      今天: '2026-11-19',
      待办: ['返校通知书期限（2026-11-18）已过未返校：报告乡镇政府', 'leader', '2026-11-19', 'open'],
      source: SEED.notice,
    },
    {
      情形: '期限就是今天：还没过，没有待办',
      记录: withNotice('2026-11-19'),
      今天: '2026-11-19',
      source: SEED.notice,
    },
    {
      情形: '期限过后报告了乡镇政府：完成',
      记录: [...withNotice('2026-11-18'), step('2026-11-19', 'report')],
      今天: '2026-11-20',
      待办: ['返校通知书期限（2026-11-18）已过未返校：报告乡镇政府', 'leader', '2026-11-19', 'done'],
      source: SEED.notice,
    },
    {
      情形: '只在期限之前报告过（不听劝阻时）：期限过后仍须报告',
      记录: [...withNotice('2026-11-18'), step('2026-11-12', 'report')],
      今天: '2026-11-19',
      待办: ['返校通知书期限（2026-11-18）已过未返校：报告乡镇政府', 'leader', '2026-11-19', 'open'],
      source: `${SEED.notice}; ${SEED.township}`,
    },
    {
      情形: '期限过了两个教学日还没报告：逾期（升级）',
      记录: withNotice('2026-11-18'),
      今天: '2026-11-23',
      待办: ['返校通知书期限（2026-11-18）已过未返校：报告乡镇政府', 'leader', '2026-11-19', 'escalated'],
      source: SEED.notice,
    },
    {
      情形: '期限在周五、过后第一个教学日是下周一',
      记录: withNotice('2026-11-20'),
      今天: '2026-11-21',
      待办: ['返校通知书期限（2026-11-20）已过未返校：报告乡镇政府', 'leader', '2026-11-23', 'open'],
      source: SEED.notice,
    },
    {
      情形: '11月19日才录入、确认时填的报告日期是 11月12日（期限之前）：期限过后仍须报告',
      记录: [...withNotice('2026-11-18'), step('2026-11-19', 'report', { date: '2026-11-12' })],
      今天: '2026-11-23',
      待办: ['返校通知书期限（2026-11-18）已过未返校：报告乡镇政府', 'leader', '2026-11-19', 'escalated'],
      source: `${SEED.notice}; ${SEED.township}; the day is the one given in the 已报告乡镇政府 confirmation (lib/records.ts: "the day reported, on \`report\`")`,
    },
    {
      情形: '11月23日才录入、报告日期填 11月19日（期限之后）：完成',
      记录: [...withNotice('2026-11-18'), step('2026-11-23', 'report', { date: '2026-11-19' })],
      今天: '2026-11-23',
      待办: ['返校通知书期限（2026-11-18）已过未返校：报告乡镇政府', 'leader', '2026-11-19', 'done'],
      source: `${SEED.notice}; the day given in the 已报告乡镇政府 confirmation`,
    },
    {
      情形: '期限前已返校（销号）：没有待办',
      记录: [...withNotice('2026-11-18'), step('2026-11-17', 'returned', { date: '2026-11-17' })],
      今天: '2026-11-19',
      source: `${SEED.notice}; domain.md §5 "Closed by 返校 (动态销号) with the date"`,
    },
  ];
  it.each(cases.map((c) => [c.情形, c] as const))('%s', (_, c) => {
    const task = townshipReportTask(student, caseOf(c.记录), c.今天, cal, 1);
    expect(task && row(task)).toEqual(c.待办);
  });

  it('风险名单写明：返校期限已过未返校，须报告乡镇政府', () => {
    // source: SEED.notice
    const r = riskTier({
      streak: { days: 0, reached: [] },
      term: { unexcused: 0, schoolDays: 60, rate: 0 },
      escalatedTasks: 0,
      persuasionOpen: true,
      noticeOverdue: { deadline: '2026-11-18', reported: false },
      keyStudent: false,
    });
    expect(r.tier).toBe('urgent');
    expect(zh(r.reasons[0]!)).toBe('返校通知书期限（2026-11-18）已过未返校：须报告乡镇政府');
  });
});

describe('casebook: a dropout followed up twice a semester', () => {
  const reported = (day: string) => [step('2026-09-08', 'open'), step(day, 'report')];
  it('秋季学期分两半：9月1日—11月16日、11月17日—1月31日', () => {
    // source: SEED.followUp（读法：每半学期一次）
    expect(semesterHalves('2026-11-20')).toEqual([
      { from: '2026-09-01', to: '2026-11-16' },
      { from: '2026-11-17', to: '2027-01-31' },
    ]);
  });
  it('9月报告为辍学、上半学期没有跟踪：第 1 次逾期，第 2 次待办到 1月31日', () => {
    // source: SEED.followUp
    const tasks = dropoutFollowUpTasks(student, caseOf(reported('2026-09-10')), [], '2026-11-20', 1);
    expect(tasks.map((t) => [t.ownerRole, t.due, t.state])).toEqual([
      ['teacher', '2026-11-16', 'escalated'],
      ['teacher', '2027-01-31', 'open'],
    ]);
    expect(zh(tasks[0]!.title)).toBe(
      '辍学学生跟踪调查（本学期第 1 次，2026-09-01～2026-11-16）：甲（七年级1班）',
    );
  });
  it('10月上门家访过一次：上半学期的跟踪完成', () => {
    // source: SEED.followUp
    const tasks = dropoutFollowUpTasks(
      student,
      caseOf(reported('2026-09-10')),
      [visit('2026-10-15', '上门')],
      '2026-11-20',
      1,
    );
    expect(tasks.map((t) => t.state)).toEqual(['done', 'open']);
  });
  it('下半学期记了一次劝返：下半学期的跟踪完成', () => {
    // source: SEED.followUp
    const c = caseOf([...reported('2026-09-10'), step('2026-11-18', 'attempt', { outcome: '家长仍不同意' })]);
    expect(dropoutFollowUpTasks(student, c, [], '2026-11-20', 1).map((t) => t.state)).toEqual([
      'escalated',
      'done',
    ]);
  });
  it('11月20日才报告为辍学：只有下半学期一次', () => {
    // source: SEED.followUp
    expect(dropoutFollowUpTasks(student, caseOf(reported('2026-11-20')), [], '2026-11-20', 1)).toHaveLength(
      1,
    );
  });
  it('11月20日才录入、确认时填的报告日期是 9月10日：从 9月10日算，两次都在本学期', () => {
    // source: SEED.followUp; the day given in the 已报告乡镇政府 confirmation (lib/records.ts PersuasionData.date)
    const c = caseOf([step('2026-09-08', 'open'), step('2026-11-20', 'report', { date: '2026-09-10' })]);
    expect(dropoutFollowUpTasks(student, c, [], '2026-11-20', 1).map((t) => [t.due, t.state])).toEqual([
      ['2026-11-16', 'escalated'],
      ['2027-01-31', 'open'],
    ]);
  });
  it('还没报告乡镇政府/县（未确认辍学）：没有跟踪调查待办', () => {
    // source: SEED.followUp; lib/reports/ledgers.ts isDropout (a case reported is a dropout)
    expect(dropoutFollowUpTasks(student, caseOf([step('2026-09-08', 'open')]), [], '2026-11-20', 1)).toEqual(
      [],
    );
  });
});

describe('casebook: a leader checks each 重点生 file monthly', () => {
  const named: BaoxueEvent = {
    id: 'key',
    kind: 'riskNote',
    studentId: 's1',
    author: '王老师',
    at: beijing('2026-10-15'),
    recordedAt: 0,
    data: { type: 'key-student', reason: '厌学', partner: '李老师' },
  };
  const check = (day: string): BaoxueEvent => ({
    id: `check-${day}`,
    kind: 'riskNote',
    studentId: 's1',
    author: '张主任',
    at: beijing(day),
    recordedAt: 0,
    data: { type: 'key-check' },
  });
  const tasksOn = (today: string, records: BaoxueEvent[]) =>
    keyCheckTasks(student, keyStudents([named, ...records], today).get('s1')!, records, today, 1).map(row);

  it('10月15日定为重点生，10月没检查：10月的检查逾期，11月的到 11月30日', () => {
    // source: SEED.followUp
    expect(tasksOn('2026-11-20', [])).toEqual([
      ['检查重点生帮扶记录（2026-10）', 'leader', '2026-10-31', 'escalated'],
      ['检查重点生帮扶记录（2026-11）', 'leader', '2026-11-30', 'open'],
    ]);
  });
  it('11月检查过：11月的完成；10月的检查不算 11月', () => {
    // source: SEED.followUp
    expect(tasksOn('2026-11-20', [check('2026-10-20'), check('2026-11-05')]).map((r) => r[3])).toEqual([
      'done',
      'done',
    ]);
    expect(tasksOn('2026-11-20', [check('2026-10-20')]).map((r) => r[3])).toEqual(['done', 'open']);
  });
});

describe('casebook: the whole list, from the marks a teacher makes in 考勤', () => {
  const sixDays = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23'];
  const half = (
    studentId: string,
    date: string,
    h: 'am' | 'pm' | 'day',
    mark: Mark,
    i: number,
  ): BaoxueEvent => ({
    id: `${studentId}${date}${h}${i}`,
    kind: 'absence',
    studentId,
    author: '王老师',
    at: beijing(date, h === 'pm' ? '14:00:00' : '08:30:00') + i,
    recordedAt: 0,
    data: { date, half: h, mark, reason: '' },
  });
  const a = makeStudent({ id: 'A', xjh: 'A', name: '甲' });
  const b = makeStudent({ id: 'B', xjh: 'B', name: '乙' });
  const events = [
    // 甲: away every morning, in class every afternoon (the teacher marks 上午 旷课 and 下午 到校).
    ...sixDays.flatMap((d, i) => [
      half('A', d, 'am', 'unexcused', 2 * i),
      half('A', d, 'pm', 'present', 2 * i + 1),
    ]),
    // 乙 (control): away three whole days.
    ...sixDays.slice(3).map((d, i) => half('B', d, 'day', 'unexcused', i)),
  ];
  const risks = computeRisk([a, b], events, [], '2026-11-23', 1);
  const of = (id: string) => risks.find((r) => r.student.id === id)!;

  it('每天上午旷课、下午到校的甲：不是紧急，没有辍学学生情况报告表待办', () => {
    // source: issue 13; SEED.run
    expect(of('A').tier).not.toBe('urgent');
    expect(of('A').reasons.map(zh).join('；')).not.toContain('疑似辍学');
    expect(of('A').tasks.some((t) => t.kind === 'ladder-dropout-report')).toBe(false);
  });
  it('连续三天全天旷课的乙：紧急，疑似辍学，辍学学生情况报告表待办', () => {
    // source: SEED.threshold
    expect(of('B').tier).toBe('urgent');
    expect(zh(of('B').reasons[0]!)).toBe('疑似辍学：连续缺课 3 天');
    expect(of('B').tasks.some((t) => t.kind === 'ladder-dropout-report')).toBe(true);
  });
  it('返校期限过了的劝返：名单写明，待办里有报告乡镇政府', () => {
    // source: SEED.notice
    const c = makeStudent({ id: 'C', xjh: 'C', name: '丙' });
    const steps = withNotice('2026-11-18').map((e) => ({ ...e, studentId: 'C' }));
    const [r] = computeRisk([c], steps, [], '2026-11-19', 1);
    expect(r!.reasons.map(zh)).toContain('返校通知书期限（2026-11-18）已过未返校：须报告乡镇政府');
    expect(r!.tasks.find((t) => t.kind === 'followup-township-report')).toMatchObject({
      ownerRole: 'leader',
      due: '2026-11-19',
      state: 'open',
    });
  });
});
