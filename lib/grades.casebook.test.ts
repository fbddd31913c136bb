/**
 * 年级 casebook: how Baoxue reads a grade label — which 学段 (小学/初中) it counts in for the monthly report,
 * and whether it is the graduating grade (毕业年级) where a transfer is usually not allowed. One parser
 * (lib/grades.ts) for both; the school's 学制 (设置 → 学制: 六三制 or 五四制) decides what a number means.
 */
import { describe, expect, it } from 'vitest';
import { type GradeSystem, isGraduatingGrade, sameGrade, stageOfGrade } from './grades';

const TRANSFER =
  'domain.md §4 转学: "Not allowed during 休学, under discipline, or (usually) in the graduating grade"';
const ISSUE =
  'issue 13: "the graduating grade is matched only as 六年级/九年级 (初三, 毕业班 and the 五四 system are missed, while the monthly report already reads 初三 as 初中)"';
const STAGES =
  '控辍保学工作方案及措施文件（实用5篇）篇五: "小学在校生辍学率控制在2%以内，初中在校生辍学率控制在3%以内"';
const SYSTEMS =
  '学制: 六三制 = 小学六年、初中三年; 五四制 = 小学五年、初中四年（六年级属初中，上海称预备年级）';

interface Case {
  情形: string;
  年级: string;
  学制?: GradeSystem;
  学段: '小学' | '初中' | '其他';
  毕业年级: boolean;
  source: string;
  读法?: string;
  /** The school's own extra names for the graduating grade (设置 → 毕业年级). */
  其他毕业年级?: string[];
}

const cases: Case[] = [
  {
    情形: '六年级（六三制）是小学毕业年级',
    年级: '六年级',
    学段: '小学',
    毕业年级: true,
    source: `${TRANSFER}; ${SYSTEMS}`,
  },
  { 情形: '九年级是初中毕业年级', 年级: '九年级', 学段: '初中', 毕业年级: true, source: TRANSFER },
  { 情形: '初三 即九年级，毕业年级', 年级: '初三', 学段: '初中', 毕业年级: true, source: ISSUE },
  {
    情形: '初三（2）班（全角括号）读作初三',
    年级: '初三（2）班',
    学段: '初中',
    毕业年级: true,
    source: `${ISSUE}; lib/text.ts labelKey`,
  },
  { 情形: '"初 三"中间有空格', 年级: '初 三', 学段: '初中', 毕业年级: true, source: ISSUE },
  { 情形: '全角数字 ９年级', 年级: '９年级', 学段: '初中', 毕业年级: true, source: ISSUE },
  { 情形: '初中三年级', 年级: '初中三年级', 学段: '初中', 毕业年级: true, source: ISSUE },
  {
    情形: '毕业班（未写学段）',
    年级: '毕业班',
    学段: '其他',
    毕业年级: true,
    source: ISSUE,
    读法: '只写毕业班时学段不明，月报计入"其他"，转学仍按毕业年级提示',
  },
  { 情形: '九年级毕业班', 年级: '九年级毕业班', 学段: '初中', 毕业年级: true, source: ISSUE },
  { 情形: '小学毕业班', 年级: '小学毕业班', 学段: '小学', 毕业年级: true, source: ISSUE },
  { 情形: '八年级、初二不是毕业年级', 年级: '初二', 学段: '初中', 毕业年级: false, source: TRANSFER },
  { 情形: '七年级3班（班级名）读作七年级', 年级: '七年级3班', 学段: '初中', 毕业年级: false, source: STAGES },
  { 情形: '五年级（六三制）不是毕业年级', 年级: '五年级', 学段: '小学', 毕业年级: false, source: SYSTEMS },
  {
    情形: '五四制：小学五年级是毕业年级',
    年级: '小学五年级',
    学制: '五四制',
    学段: '小学',
    毕业年级: true,
    source: `${ISSUE}; ${SYSTEMS}`,
  },
  {
    情形: '五四制：五年级是毕业年级',
    年级: '五年级',
    学制: '五四制',
    学段: '小学',
    毕业年级: true,
    source: SYSTEMS,
  },
  {
    情形: '五四制：六年级是初一，属初中、不毕业',
    年级: '六年级',
    学制: '五四制',
    学段: '初中',
    毕业年级: false,
    source: SYSTEMS,
    读法: '学制设为五四制时六年级计入初中；学校可在设置 → 学制改为六三制',
  },
  {
    情形: '五四制：初四是毕业年级',
    年级: '初四',
    学制: '五四制',
    学段: '初中',
    毕业年级: true,
    source: `${ISSUE}; ${SYSTEMS}`,
  },
  {
    情形: '五四制：初三不是毕业年级',
    年级: '初三',
    学制: '五四制',
    学段: '初中',
    毕业年级: false,
    source: SYSTEMS,
  },
  {
    情形: '五四制：九年级即初四，毕业年级',
    年级: '九年级',
    学制: '五四制',
    学段: '初中',
    毕业年级: true,
    source: SYSTEMS,
  },
  {
    情形: '预备年级（上海五四制六年级）属初中',
    年级: '预备年级',
    学段: '初中',
    毕业年级: false,
    source: SYSTEMS,
  },
  { 情形: '小六', 年级: '小六', 学段: '小学', 毕业年级: true, source: ISSUE },
  { 情形: '高一不属义务教育，不计小学/初中', 年级: '高一', 学段: '其他', 毕业年级: false, source: STAGES },
  {
    情形: '2020级（入学年份）读不出年级',
    年级: '2020级',
    学段: '其他',
    毕业年级: false,
    source: STAGES,
    读法: '读不出的年级不猜；学校可在设置 → 毕业年级列出自己的叫法',
  },
  {
    情形: '学校自己的叫法"毕业年段"列在设置里',
    年级: '毕业年段',
    学段: '其他',
    毕业年级: true,
    其他毕业年级: ['毕业年段'],
    source: TRANSFER,
    读法: '设置 → 毕业年级只补充解析器不认识的叫法；能读出的年级一律按学制判断',
  },
  {
    情形: '五四制学校沿用旧设置"六年级、九年级"：六年级仍按学制读作初一',
    年级: '六年级',
    学制: '五四制',
    学段: '初中',
    毕业年级: false,
    其他毕业年级: ['六年级', '九年级'],
    source: SYSTEMS,
  },
];

/** Two labels for one grade: a transfer that keeps the grade (domain.md §4 "grade does not change"). */
const SAME: [string, string, GradeSystem, boolean][] = [
  ['七年级', '初一', '六三制', true],
  ['初 三', '九年级', '六三制', true],
  ['六年级', '初一', '五四制', true],
  ['六年级', '初一', '六三制', false],
  ['八年级', '九年级', '六三制', false],
  ['毕业年段', '毕业年段', '六三制', true],
];

describe('年级 casebook', () => {
  it.each(SAME)('%s 与 %s（%s）同一年级：%s', (a, b, system, same) =>
    expect(sameGrade(a, b, system)).toBe(same),
  );

  it('has at least 15 cases', () => expect(cases.length).toBeGreaterThanOrEqual(15));

  it.each(cases.map((c) => [c.情形, c] as const))('%s', (_, c) => {
    const system = c.学制 ?? '六三制';
    expect(stageOfGrade(c.年级, system)).toBe(c.学段);
    expect(
      isGraduatingGrade(c.年级, {
        gradeSystem: system,
        graduatingGrades: c.其他毕业年级 ?? ['六年级', '九年级'],
      }),
    ).toBe(c.毕业年级);
  });
});
