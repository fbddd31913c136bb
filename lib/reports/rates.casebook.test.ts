/**
 * 月报口径 casebook: 年辍学率, 劝返复学率, 巩固率 and the 控辍月, case by case, each with the definition or
 * seed sentence it follows. A case describes a small school (how many children, who left, who was reported
 * as 辍学 and when) and the figure a registrar would work out by hand.
 *
 * Seeds: 000 = 《博山区博山镇中心学校控辍保学工作实施方案》(博镇教本部发〔2025〕9号); 002 = 《最新控辍保学工作方案
 * 及措施文件(实用5篇)》, 篇一…篇五.
 */
import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { say } from '../../tests/fixtures/say';
import { BaoxueEvent, type ChangeEvent, type StatusChangeCase, type Student } from '../records';
import { beijingInstant } from '../time/day';
import { type Figures, type MonthlyReport, monthlyReport, percent, type ReportOptions } from './monthly';
import { monthlyNotes } from './xlsx';

const MOE =
  '教育部教育统计指标解释: 辍学率 = 学年内辍学学生数 ÷ 学年初在校学生数 × 100%（"指学年内辍学学生总数与学年初在校学生总数之比"）';
const DOMAIN_RATE =
  'domain.md §5: "年辍学率 = children who dropped out during the school year ÷ enrolment at the start of that school year (a child who left the roll as 辍学 stays in the base)"';
const LINE = '002 篇五: "小学在校生辍学率控制在2%以内，初中在校生辍学率控制在3%以内"';
const RETURN_SEED = '000 二、工作目标 2: "对疑似辍学学生做到早发现、早干预、早劝返，劝返复学率达到100%"';
const RETURN_DOMAIN = 'domain.md §5: "劝返复学率 = children back in school ÷ children reported as dropouts"';
const RETENTION =
  'domain.md §5: "巩固率 (义务教育巩固率) = this cohort\'s enrolment now ÷ its enrolment at entry, counting transfers"; 教育部: 九年义务教育巩固率 = 毕业人数 ÷ 入学人数（含正常流动生）';
const CAMPAIGN =
  '002 篇四 依法控辍 3: "每年3月和9月要有组织有计划地开展“控辍月”活动"; 000 四（一）: "控辍保学宣传月(每年的3月和9月)"';
const LEDGER = 'domain.md §5 Ledgers: "updated continuously and closed case by case (动态销号)"';

// — a small school, described as a registrar would —
interface Kid {
  id: string;
  年级?: string;
  班级?: string;
  /** 是否在校 as the roll shows now (default 是). */
  在校?: boolean;
  入学年月?: string;
  /** The last time the record was written (for a child off the roll with nothing else to date it). */
  记录日期?: string;
}
interface Leave {
  id: string;
  异动类别: string;
  异动日期: string;
}
interface Persuasion {
  id: string;
  立案: string;
  /** The date given in the dated confirmation 已报告乡镇政府 (the day of the report). */
  报告乡镇?: string;
  /** The day the report was typed into Baoxue, when later than the date given (default: that date). */
  报告录入?: string;
  返校?: string;
}
interface Case {
  情形: string;
  月份: string;
  /** Children on the roll besides the named ones: [count, grade]. */
  另有?: [number, string][];
  学生?: Kid[];
  异动?: Leave[];
  /** 变动记录 "student-gone": the day Baoxue read the roll without the child. */
  不再出现?: [string, string][];
  劝返?: Persuasion[];
  设置?: ReportOptions;
  单位?: string; // 小学 / 初中 / 全校 / a class name (default 全校)
  期望: Partial<{
    在校生数: number;
    学年初在校生数: number;
    学年内辍学: number;
    辍学: number;
    年辍学率: string;
    在控制线内: boolean;
    劝返复学率: string;
    巩固率: string;
  }>;
  source: string;
  读法?: string;
}

const day = (d: string) => beijingInstant(d, '10:00:00');
let seq = 0;
function school(c: Case): {
  students: Student[];
  events: BaoxueEvent[];
  cases: StatusChangeCase[];
  changes: ChangeEvent[];
} {
  const students: Student[] = [];
  for (const [n, grade] of c.另有 ?? [])
    for (let i = 0; i < n; i++)
      students.push(
        makeStudent({
          id: `${grade}-${i}`,
          xjh: `${grade}-${i}`,
          grade,
          className: `${grade}1班`,
          onRoll: true,
        }),
      );
  for (const k of c.学生 ?? []) {
    const grade = k.年级 ?? '三年级';
    students.push(
      makeStudent({
        id: k.id,
        xjh: k.id,
        grade,
        className: k.班级 ?? `${grade}1班`,
        onRoll: k.在校 ?? true,
        ...(k.入学年月 ? { enrolled: k.入学年月 } : {}),
        updatedAt: day(k.记录日期 ?? '2026-11-20'),
      }),
    );
  }
  const events: BaoxueEvent[] = [];
  const step = (studentId: string, caseId: string, s: string, d: string, data: Record<string, string> = {}) =>
    events.push(
      BaoxueEvent.parse({
        id: `e${seq++}`,
        kind: 'persuasionAttempt',
        studentId,
        caseId,
        author: '王老师',
        at: day(d),
        recordedAt: day(d),
        data: { step: s, ...data },
      }),
    );
  for (const p of c.劝返 ?? []) {
    const caseId = `case-${p.id}-${p.立案}`;
    step(p.id, caseId, 'open', p.立案);
    if (p.报告乡镇)
      step(p.id, caseId, 'report', p.报告录入 ?? p.报告乡镇, p.报告录入 ? { date: p.报告乡镇 } : {});
    if (p.返校) step(p.id, caseId, 'returned', p.返校, { date: p.返校 });
  }
  const cases = (c.异动 ?? []).map(
    (l): StatusChangeCase => ({
      id: `${l.id}-${l.异动类别}`,
      xjh: l.id,
      name: '',
      grade: '',
      className: '',
      changeType: l.异动类别,
      reason: '',
      changeDate: l.异动日期,
      appliedDate: l.异动日期,
      reviewStatus: '审核通过',
      currentUnit: '',
      toSchool: '',
      fromSchool: '',
      flags: [],
      source: { host: 'h', pageKind: 'status-change', seenAt: 0 },
      updatedAt: 0,
    }),
  );
  const changes = (c.不再出现 ?? []).map(
    ([id, d]): ChangeEvent => ({
      id: `gone-${id}`,
      kind: 'student-gone',
      recordId: id,
      summary: '',
      at: day(d),
      source: { host: 'h', pageKind: 'student-list', seenAt: day(d) },
    }),
  );
  return { students, events, cases, changes };
}

function unit(r: MonthlyReport, name = '全校'): Figures {
  if (name === '全校') return r.total;
  const stage = r.stages.find((s) => s.stage === name);
  if (stage) return stage.figures;
  const cls = r.classes.find((c) => c.className === name);
  if (!cls) throw new Error(`no unit ${name}`);
  return cls.figures;
}

const hundred: [number, string][] = [[99, '三年级']];

const REPORT_DATE =
  '002 篇一 §五.7 / 篇二 §二.7: 劝返无效的报告乡镇政府 (domain.md §5 "report to 乡镇政府 … Closed by 返校 (动态销号) with the date"); issue 15: "Confirmation for acts that are hard to undo and go on record (已返校（销号）, 已报告乡镇政府), with the date asked, not assumed"';

const cases: Case[] = [
  {
    情形: '10月30日报告乡镇政府、11月2日才录入：按确认时填的报告日期计入10月的辍学',
    月份: '2026-10',
    另有: hundred,
    学生: [{ id: 'A' }],
    劝返: [{ id: 'A', 立案: '2026-10-20', 报告乡镇: '2026-10-30', 报告录入: '2026-11-02' }],
    期望: { 辍学: 1, 学年内辍学: 1, 年辍学率: '1.00%' },
    source: REPORT_DATE,
    读法: '学校10月30日已报告乡镇政府；录入晚了三天不改变报告日期。',
  },
  {
    情形: '9月28日报告、10月8日录入（国庆假期后）：9月的月报计入，学年内辍学仍是本学年',
    月份: '2026-09',
    另有: hundred,
    学生: [{ id: 'A' }],
    劝返: [{ id: 'A', 立案: '2026-09-20', 报告乡镇: '2026-09-28', 报告录入: '2026-10-08' }],
    期望: { 辍学: 1, 学年内辍学: 1 },
    source: REPORT_DATE,
  },
  {
    情形: '辍学后已不在校（名册上不再出现）的学生仍计入分子和分母',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A', 在校: false }],
    不再出现: [['A', '2026-10-20']],
    劝返: [{ id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15' }],
    期望: { 学年初在校生数: 100, 学年内辍学: 1, 年辍学率: '1.00%', 在校生数: 99 },
    source: `${DOMAIN_RATE}; ${MOE}; issue 13: "辍学率 shows 0 %"`,
  },
  {
    情形: '学籍系统办了辍学异动（审核通过）、已不在校：同样计入',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A', 在校: false }],
    异动: [{ id: 'A', 异动类别: '辍学', 异动日期: '2026-10-20' }],
    劝返: [{ id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15' }],
    期望: { 学年初在校生数: 100, 学年内辍学: 1, 年辍学率: '1.00%' },
    source: DOMAIN_RATE,
  },
  {
    情形: '辍学学生学籍仍在（名册显示在校）：计入，年辍学率 1%',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A' }],
    劝返: [{ id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15' }],
    期望: { 学年初在校生数: 100, 学年内辍学: 1, 年辍学率: '1.00%', 在校生数: 100 },
    source: MOE,
  },
  {
    情形: '离校日期只能从记录写入日推断（无异动、无变动记录）：十月离校，仍在学年初名册内',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A', 在校: false, 记录日期: '2026-10-25' }],
    劝返: [{ id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15' }],
    期望: { 学年初在校生数: 100, 学年内辍学: 1, 年辍学率: '1.00%' },
    source: DOMAIN_RATE,
    读法: '离校日期依次取：离校异动的异动日期 → 保学助手读到名册不再有该生之日 → 记录最后写入之日',
  },
  {
    情形: '上学年（2026 年 6 月）报告、至今未返校的辍学学生不计入本学年辍学',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A' }],
    劝返: [{ id: 'A', 立案: '2026-06-01', 报告乡镇: '2026-06-10' }],
    期望: { 学年内辍学: 0, 年辍学率: '0.00%', 辍学: 1 },
    source: `${MOE}（"学年内"）`,
    读法: '辍学列仍计月末未返校的全部辍学学生（台账口径）；年辍学率只计本学年内报告的',
  },
  {
    情形: '十月报告、十一月返校：十一月月报不再计（动态销号）',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A' }],
    劝返: [{ id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15', 返校: '2026-11-05' }],
    期望: { 学年内辍学: 0, 年辍学率: '0.00%', 劝返复学率: '100.00%' },
    source: LEDGER,
    读法: '返校即销号：年辍学率的分子是月末仍未返校的本学年辍学学生',
  },
  {
    情形: '同一学生在十月月报中计为辍学',
    月份: '2026-10',
    另有: hundred,
    学生: [{ id: 'A' }],
    劝返: [{ id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15', 返校: '2026-11-05' }],
    期望: { 学年内辍学: 1, 年辍学率: '1.00%', 劝返复学率: '0.00%' },
    source: LEDGER,
  },
  {
    情形: '学年初以后转入的学生不在学年初在校生数内',
    月份: '2026-11',
    另有: hundred.map(([n, g]) => [n + 1, g]),
    学生: [{ id: 'T', 入学年月: '2021-09' }],
    异动: [{ id: 'T', 异动类别: '转学（转入）', 异动日期: '2026-10-10' }],
    期望: { 学年初在校生数: 100, 在校生数: 101 },
    source: MOE,
  },
  {
    情形: '九月入学的新生（入学年月 2026-09）计入学年初在校生',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'N', 年级: '一年级', 入学年月: '2026-09' }],
    期望: { 学年初在校生数: 100 },
    source: MOE,
    读法: '入学年月只有年月：按该月 1 日入学计',
  },
  {
    情形: '十月才入学（入学年月 2026-10）的学生不在学年初在校生内',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'N', 入学年月: '2026-10' }],
    期望: { 学年初在校生数: 99, 在校生数: 100 },
    source: MOE,
  },
  {
    情形: '暑假转出（7 月）的学生不在学年初在校生内',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'O', 在校: false }],
    异动: [{ id: 'O', 异动类别: '转出', 异动日期: '2026-07-01' }],
    期望: { 学年初在校生数: 99, 在校生数: 99 },
    source: MOE,
  },
  {
    情形: '十月转出的学生在学年初在校生内，但不是辍学',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'O', 在校: false }],
    异动: [{ id: 'O', 异动类别: '转学(转出)', 异动日期: '2026-10-01' }],
    期望: { 学年初在校生数: 100, 在校生数: 99, 学年内辍学: 0, 年辍学率: '0.00%' },
    source: `${MOE}（辍学不含转学）`,
  },
  {
    情形: '六月毕业离校的九年级学生不在学年初在校生内',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'G', 年级: '九年级', 在校: false }],
    不再出现: [['G', '2026-07-05']],
    期望: { 学年初在校生数: 99 },
    source: MOE,
  },
  {
    情形: '暑假办理休学（8 月）的学生不在学年初在校生内',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'S', 在校: false }],
    异动: [{ id: 'S', 异动类别: '休学', 异动日期: '2026-08-20' }],
    期望: { 学年初在校生数: 99 },
    source: '教育统计口径: 因各种原因暂时休学离校的学生不计入在校生，待复学后再计入',
  },
  {
    情形: '学校把学年初设为 8 月 25 日：8 月 28 日转入的学生不在基数内',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'T', 入学年月: '2021-09' }],
    异动: [{ id: 'T', 异动类别: '转入', 异动日期: '2026-08-28' }],
    设置: { schoolYearStart: '08-25' },
    期望: { 学年初在校生数: 99 },
    source: MOE,
    读法: '学年初默认 9 月 1 日；设置 → 学年初 可改',
  },
  {
    情形: '默认学年初 9 月 1 日：8 月 28 日转入的学生在基数内',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'T', 入学年月: '2021-09' }],
    异动: [{ id: 'T', 异动类别: '转入', 异动日期: '2026-08-28' }],
    期望: { 学年初在校生数: 100 },
    source: MOE,
  },
  {
    情形: '次年 2 月的月报仍以 2026 年 9 月 1 日为学年初，计入 12 月的辍学',
    月份: '2027-02',
    另有: hundred,
    学生: [{ id: 'A', 在校: false }],
    不再出现: [['A', '2027-01-10']],
    劝返: [{ id: 'A', 立案: '2026-12-01', 报告乡镇: '2026-12-10' }],
    期望: { 学年初在校生数: 100, 学年内辍学: 1, 年辍学率: '1.00%' },
    source: MOE,
  },
  {
    情形: '8 月 30 日（上学年暑假）报告的辍学不计入九月开始的新学年',
    月份: '2026-09',
    另有: hundred,
    学生: [{ id: 'A' }],
    劝返: [{ id: 'A', 立案: '2026-08-20', 报告乡镇: '2026-08-30' }],
    期望: { 学年内辍学: 0 },
    source: MOE,
  },
  {
    情形: '小学 100 人辍学 2 人：2.00%，在控制线内',
    月份: '2026-11',
    单位: '小学',
    另有: [[98, '三年级']],
    学生: [{ id: 'A' }, { id: 'B' }],
    劝返: [
      { id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15' },
      { id: 'B', 立案: '2026-10-08', 报告乡镇: '2026-10-15' },
    ],
    期望: { 年辍学率: '2.00%', 在控制线内: true },
    source: LINE,
  },
  {
    情形: '小学 100 人辍学 3 人：3.00%，超出控制线',
    月份: '2026-11',
    单位: '小学',
    另有: [[97, '三年级']],
    学生: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
    劝返: ['A', 'B', 'C'].map((id) => ({ id, 立案: '2026-10-08', 报告乡镇: '2026-10-15' })),
    期望: { 年辍学率: '3.00%', 在控制线内: false },
    source: LINE,
  },
  {
    情形: '初中 100 人辍学 3 人：3.00%，在控制线内',
    月份: '2026-11',
    单位: '初中',
    另有: [[97, '八年级']],
    学生: ['A', 'B', 'C'].map((id) => ({ id, 年级: '八年级' })),
    劝返: ['A', 'B', 'C'].map((id) => ({ id, 立案: '2026-10-08', 报告乡镇: '2026-10-15' })),
    期望: { 年辍学率: '3.00%', 在控制线内: true },
    source: LINE,
  },
  {
    情形: '年级写作"初三"：计入初中',
    月份: '2026-11',
    单位: '初中',
    另有: [[99, '初三']],
    学生: [{ id: 'A', 年级: '初三', 在校: false }],
    不再出现: [['A', '2026-10-20']],
    劝返: [{ id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15' }],
    期望: { 学年初在校生数: 100, 年辍学率: '1.00%' },
    source: `${LINE}; lib/grades.ts`,
  },
  {
    情形: '五四制学校：六年级的辍学计入初中',
    月份: '2026-11',
    单位: '初中',
    另有: [[99, '六年级']],
    学生: [{ id: 'A', 年级: '六年级' }],
    劝返: [{ id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15' }],
    设置: { gradeSystem: '五四制' },
    期望: { 学年初在校生数: 100, 年辍学率: '1.00%' },
    source: `${LINE}; 学制 五四制: 六年级为初一`,
    读法: '设置 → 学制',
  },
  {
    情形: '劝返复学率：本学年报告辍学 2 人，1 人已返校，50%',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A' }, { id: 'B' }],
    劝返: [
      { id: 'A', 立案: '2026-09-20', 报告乡镇: '2026-09-28', 返校: '2026-10-20' },
      { id: 'B', 立案: '2026-10-08', 报告乡镇: '2026-10-15' },
    ],
    期望: { 劝返复学率: '50.00%' },
    source: RETURN_DOMAIN,
  },
  {
    情形: '只是疑似辍学（未报告乡镇）不进劝返复学率的基数：无基数显示"—"',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A' }],
    劝返: [{ id: 'A', 立案: '2026-10-08', 返校: '2026-10-12' }],
    期望: { 劝返复学率: '—' },
    source: RETURN_DOMAIN,
    读法: '默认以报告乡镇政府的辍学学生为基数（domain.md）；种子 000 以疑似辍学学生为对象，设置 → 劝返复学率的基数 可改',
  },
  {
    情形: '学校选择以疑似辍学学生为基数：立案 1 人、已返校，100%',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A' }],
    劝返: [{ id: 'A', 立案: '2026-10-08', 返校: '2026-10-12' }],
    设置: { returnRateBase: 'suspected' },
    期望: { 劝返复学率: '100.00%' },
    source: RETURN_SEED,
  },
  {
    情形: '巩固率：无人辍学，100%',
    月份: '2026-11',
    另有: [[100, '三年级']],
    期望: { 巩固率: '100.00%' },
    source: RETENTION,
  },
  {
    情形: '巩固率：一人辍学、已离校，99%',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A', 在校: false }],
    不再出现: [['A', '2026-10-20']],
    劝返: [{ id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15' }],
    期望: { 巩固率: '99.00%' },
    source: RETENTION,
  },
  {
    情形: '巩固率：辍学学生学籍仍在，也不算巩固，99%',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A' }],
    劝返: [{ id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15' }],
    期望: { 巩固率: '99.00%' },
    source: RETENTION,
  },
  {
    情形: '巩固率：转出（正常流动）不算流失，100%',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'O', 在校: false }],
    异动: [{ id: 'O', 异动类别: '转出', 异动日期: '2026-10-01' }],
    期望: { 巩固率: '100.00%' },
    source: `${RETENTION}（"counting transfers"）`,
  },
  {
    情形: '巩固率：2024 年九年级辍学、本届早已毕业：不计入当前各届',
    月份: '2026-11',
    另有: hundred,
    学生: [{ id: 'A', 年级: '九年级', 在校: false }],
    不再出现: [['A', '2024-10-20']],
    劝返: [{ id: 'A', 立案: '2024-10-08', 报告乡镇: '2024-10-15' }],
    期望: { 巩固率: '100.00%', 辍学: 1 },
    source: RETENTION,
    读法: '巩固率只算仍在本校就读年限内的届次；该生仍列在辍学台账，直到返校销号',
  },
  {
    情形: '班级：辍学学生所在班显示学年内辍学 1 人',
    月份: '2026-11',
    单位: '三年级2班',
    另有: hundred,
    学生: [{ id: 'A', 班级: '三年级2班', 在校: false }],
    不再出现: [['A', '2026-10-20']],
    劝返: [{ id: 'A', 立案: '2026-10-08', 报告乡镇: '2026-10-15' }],
    期望: { 学年初在校生数: 1, 学年内辍学: 1, 年辍学率: '100.00%', 在校生数: 0 },
    source: '002 篇二 8: "定期开展评选“无辍学学生班级”活动"',
  },
];

describe('月报口径 casebook', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases.map((c) => [c.情形, c] as const))('%s', (_, c) => {
    const r = monthlyReport(school(c), c.月份, c.设置);
    const f = unit(r, c.单位);
    const got: Case['期望'] = {
      在校生数: f.enrolled,
      学年初在校生数: f.counts.yearStart,
      学年内辍学: f.counts.yearDropouts,
      辍学: f.dropouts,
      年辍学率: percent(f.dropoutRate),
      在控制线内: r.stages.find((s) => s.stage === c.单位)?.withinLine,
      劝返复学率: percent(f.returnRate),
      巩固率: percent(f.retentionRate),
    };
    const picked = Object.fromEntries(Object.keys(c.期望).map((k) => [k, got[k as keyof Case['期望']]]));
    expect(picked).toEqual(c.期望);
  });
});

describe('控辍月 and the definitions beside the figures', () => {
  const base: Case = { 情形: '', 月份: '', 另有: hundred, 期望: {}, source: CAMPAIGN };
  const notes = (month: string, opts?: ReportOptions) =>
    monthlyNotes(monthlyReport(school(base), month, opts), say);

  it('marks September as 控辍月 with what the seeds ask for, registration included', () => {
    const r = monthlyReport(school(base), '2026-09');
    expect(r.campaign).toEqual({
      month: 9,
      asks: ['campaign_publicise', 'campaign_not_arrived', 'campaign_key_visits', 'campaign_register'],
    });
    expect(notes('2026-09')[0]).toBe('本月为控辍月（9月，控辍保学宣传月）。方案要求：');
    expect(notes('2026-09').join('\n')).toContain('录入电子学籍系统');
  });

  it('marks March as 控辍月 (宣传, 开学初 follow-up, 重点生 visits) and no other month', () => {
    expect(monthlyReport(school(base), '2027-03').campaign?.asks).toEqual([
      'campaign_publicise',
      'campaign_not_arrived',
      'campaign_key_visits',
    ]);
    expect(monthlyReport(school(base), '2026-11').campaign).toBeUndefined();
    expect(notes('2026-11')[0]).toBe('口径与来源');
  });

  it('states each rate’s definition and source, with the school year’s first day', () => {
    const text = notes('2026-11').join('\n');
    expect(text).toContain('¹ 年辍学率 = 学年内辍学学生数 ÷ 学年初（2026-09-01）在校学生数');
    expect(text).toContain('已离校（不再在校）的辍学学生仍计入分子和分母');
    expect(text).toContain('《控辍保学工作方案及措施文件》篇五');
    expect(text).toContain('² 劝返复学率 = 本学年（自 2026-09-01 起）报告的辍学学生中已返校复学的人数');
    expect(text).toContain('³ 巩固率');
    expect(text).toContain('学制：六三制；学年初：2026-09-01');
    expect(notes('2026-11', { returnRateBase: 'suspected' }).join('\n')).toContain(
      '立案劝返的疑似辍学学生中已返校的人数',
    );
  });
});
