/**
 * Casebook: the paperwork rules (学籍异动手续). Each case is a situation a registrar (学籍管理员) knows: the
 * 学籍异动 as the 学籍系统 lists it (and the child's record where it matters), what Baoxue must answer, and
 * the seed sentence or official source it follows. Where a source can be read two ways, `解读` says which
 * reading Baoxue takes and the setting (设置 → 手续规则) that changes it.
 *
 * Seeds: 000 = seeds/000_a110e08b5997083c.txt (博山镇中心学校控辍保学工作实施方案, 2025);
 *        002 = seeds/002_e4ef6fa1a5878abf.txt (控辍保学工作方案及措施文件, 篇一–篇五).
 */

import { describe, expect, it } from 'vitest';
import { say } from '../../tests/fixtures/say';
import { zh } from '../coded.testing';
import type { BaoxueEvent, StatusChangeCase, Student } from '../records';
import { buildLedger } from '../reports/ledgers';
import { monthlyReport } from '../reports/monthly';
import { overdueTransfers } from '../reports/suspected';
import { computeRisk } from '../risk/engine';
import { Settings } from '../settings/settings';
import { checkAll } from './checks';
import { paperworkConsequences } from './consequences';
import type { DestinationKind } from './destination';

// ——— sources, quoted once ———
const SRC = {
  labels:
    'issue 13 "Change types and headers written with full-width punctuation (`转学（转出）`, `出国（境）学习`) are 未知异动类型 … Normalise full-/half-width forms and spaces once, for every label Baoxue matches"; 教育部 2014 学籍异动类型: 转学、出境学习、休学、复学、辍学、死亡',
  transferOut:
    '002 篇一 §五.7 "学生提出书面申请，班主任签署意见，接收学校签署意见，最后分管校长审批。否则，作为辍学生处理"',
  transferOverdue:
    '002 篇一 §五.7 "…最后分管校长审批。否则，作为辍学生处理。对转学的学生没有及时办理转出手续的，班主任应及时催促办理"; domain.md 转学 "A transfer-out still incomplete after its deadline is treated as a suspected dropout (疑似辍学) and its class teacher is reminded to urge the family"',
  complete: '000 §四(三) "做到转入、转出、休学、复学相关证明材料齐全，手续完备"',
  suspensionEnd:
    'domain.md §4 "A 休学 past its end date without 复学 or 续休 needs attention"; 《中小学生学籍管理办法》(教基一〔2013〕7号) 休学、复学条款：休学期满复学，不能复学的办理续休',
  suspensionTerm:
    'domain.md §4 休学 "Normally at most one year (some provinces: two years in a row at most)"',
  blockers:
    'domain.md §4 转学 "Not allowed during 休学, under discipline, or (usually) in the graduating grade; grade does not change"',
  central: '002 篇五 §7 "转学必须经中心学校审批备案，无客观合理的理由，不能让学生轻易转学"',
  destination: '000 §四(三) "班主任每学期如实记录学生入学、家庭住址、家长姓名、联系方式、学生流出去向等情况"',
  ledger: '000 §四(三) "实行学生辍学台账制度"; domain.md §5 Ledgers (MOE 2024)',
};

const TODAY = '2026-11-30';
const source = { host: '127.0.0.1', pageKind: 'status-change-apply', seenAt: 1 };

let n = 0;
/** A 学籍异动 as the host lists it; unless said otherwise a 转出 filed last week, still 待审核. */
function 异动(over: Partial<StatusChangeCase> = {}): StatusChangeCase {
  n++;
  return {
    id: `case-${n}`,
    xjh: 'G370304201403150012',
    name: '李小明',
    grade: '七年级',
    className: '七年级1班',
    changeType: '转出',
    reason: '随父母工作调动',
    changeDate: '2026-11-23',
    appliedDate: '2026-11-23',
    reviewStatus: '待审核',
    currentUnit: '本校',
    toSchool: '东城中学',
    fromSchool: '示范县实验学校',
    flags: [],
    source,
    updatedAt: 1,
    ...over,
  };
}

/** The child as the roll (学生花名册) or the 学籍卡 shows them. */
function 学生(over: Partial<Student> = {}): Student {
  return {
    id: 'G370304201403150012',
    xjh: 'G370304201403150012',
    name: '李小明',
    sex: '男',
    birthDate: '2014-03-15',
    idType: '1',
    idNumber: '370304201403150012',
    grade: '七年级',
    className: '七年级1班',
    onRoll: true,
    flags: [],
    source: { ...source, pageKind: 'student-card' },
    updatedAt: 1,
    ...over,
  };
}

/** What the registrar recorded on the checklist: documents received, or where the child went. */
interface 登记 {
  doc: string;
  state?: 'received' | 'withdrawn';
  去向?: { kind: DestinationKind; place: string };
  at?: number;
}

interface 案例 {
  情形: string;
  source: string;
  /** Where the source can be read two ways: the reading Baoxue takes and the setting that changes it. */
  解读?: string;
  设置?: Record<string, unknown>;
  today?: string;
  /** The first is the case the answer is about; the others are the same child's other cases. */
  异动: StatusChangeCase[];
  学生?: Student[];
  登记?: 登记[];
  应: {
    /** The rule the label is read as; null: 未知异动类型. */
    异动类别?: string | null;
    缺?: string[];
    有?: string[];
    无?: string[];
    休学至?: string;
    去向?: string | null;
    台账?: Record<string, string>;
    /**
     * 疑似辍学 on every screen (lib/reports/suspected.ts): the 月报's count for the month, the 疑似辍学学生台账's
     * row (疑似辍学日期, 原因) and the 风险名单's reason; false: in none of them.
     */
    疑似辍学?: { 自: string; 原因: string } | false;
  };
}

const events = (caseId: string, records: 登记[] = []): BaoxueEvent[] =>
  records.map((r, i) => ({
    id: `e${i}`,
    kind: 'documentReceived',
    studentId: '',
    caseId,
    author: '王老师',
    at: r.at ?? 1000 + i,
    recordedAt: r.at ?? 1000 + i,
    data: {
      doc: r.doc,
      state: r.state ?? 'received',
      note: '',
      ...(r.去向 ? { destKind: r.去向.kind, dest: r.去向.place } : {}),
    },
  }));

const ALL_OUT = ['监护人书面申请', '班主任签署意见', '接收学校签署意见/接收证明', '分管校长审批'];
const ALL_IN = ['监护人书面申请', '转学证明/转学联系表', '户籍或居住证明', '纸质学籍档案已接收'];
const OUT_DOCS = ['application', 'teacher-opinion', 'receiving-acceptance', 'leader-approval'];

const 休学 = (over: Partial<StatusChangeCase> = {}) =>
  异动({
    changeType: '休学',
    reason: '因病（医院证明）',
    reviewStatus: '审核通过',
    toSchool: '',
    fromSchool: '',
    ...over,
  });

// ——— 1. labels: one normal form for every change-type label ———
const 标签: 案例[] = [
  {
    情形: '异动类别写成全角括号的“转学（转出）”，按转出核对材料，不是未知异动类型',
    source: SRC.labels,
    异动: [异动({ changeType: '转学（转出）' })],
    应: { 异动类别: '转出', 缺: ALL_OUT, 无: ['unknown-change-type'] },
  },
  {
    情形: '异动类别写成半角括号的“转学(转出)”，同样按转出核对',
    source: SRC.labels,
    异动: [异动({ changeType: '转学(转出)' })],
    应: { 异动类别: '转出', 缺: ALL_OUT },
  },
  {
    情形: '“出国（境）学习”按出境学习核对',
    source: SRC.labels,
    异动: [异动({ changeType: '出国（境）学习', toSchool: '' })],
    应: { 异动类别: '出境学习', 缺: ['监护人书面申请', '出境证明（护照、签证或录取材料）'] },
  },
  {
    情形: '“休　学”中间夹着全角空格，按休学核对',
    source: SRC.labels,
    异动: [休学({ changeType: '休　学', reviewStatus: '待审核' })],
    应: { 异动类别: '休学' },
  },
  {
    情形: '“休\u200b学”中间夹着从网页复制来的零宽空格，按休学核对',
    source: SRC.labels,
    异动: [休学({ changeType: '休\u200b学', reviewStatus: '待审核' })],
    应: { 异动类别: '休学' },
  },
  {
    情形: '“跨省转学（转出）”按跨省转出核对',
    source: SRC.labels,
    异动: [异动({ changeType: '跨省转学（转出）', toSchool: '江南省滨海市第二中学' })],
    应: { 异动类别: '跨省转出', 缺: ALL_OUT },
  },
  {
    情形: '“转学（转入）”按转入核对',
    source: SRC.labels,
    异动: [异动({ changeType: '转学（转入）', toSchool: '示范县实验学校', fromSchool: '东城中学' })],
    应: { 异动类别: '转入', 缺: ALL_IN },
  },
  {
    情形: '跨省转学查询页没有异动类别一栏（整页都是转学），转出学校是本校：按跨省转出核对',
    source: `${SRC.labels}；domain.md §2 菜单 "学籍管理 → 跨省转学 → 申请 / 核办 / 查询"`,
    解读: '方向看 设置 → 学校名称 与转出学校、转入学校是否一致',
    设置: { schoolName: '示范县实验学校' },
    异动: [
      异动({
        changeType: '转学',
        source: { ...source, pageKind: 'cross-province' },
        toSchool: '江南省滨海市第二中学',
      }),
    ],
    应: { 异动类别: '跨省转出', 缺: ALL_OUT },
  },
  {
    情形: '跨省转学查询页的“转学”，转入学校是本校：按跨省转入核对',
    source: `${SRC.labels}；domain.md §2`,
    设置: { schoolName: '示范县 实验学校' },
    异动: [
      异动({
        changeType: '转学',
        source: { ...source, pageKind: 'cross-province' },
        toSchool: '示范县实验学校',
        fromSchool: '江南省滨海市第二中学',
      }),
    ],
    应: { 异动类别: '跨省转入', 缺: ALL_IN },
  },
  {
    情形: '只写“转学”、待审核、没设学校名称，学生在本校花名册上：是本校学生转出',
    source: `${SRC.labels}；domain.md §4 转学流程（转出学校核办）`,
    解读: '办理中、仍在本校花名册上的孩子是要走的孩子（办结后转入的孩子也在花名册上，就不再据此判断）；设了学校名称就按学校名称判断',
    异动: [异动({ changeType: '转学' })],
    学生: [学生()],
    应: { 异动类别: '转出' },
  },
  {
    情形: '只写“转学”、已审核通过、没设学校名称：花名册说明不了方向，未知异动类型',
    source: `${SRC.labels}；lib/records.ts "异动类别, raw label: never guessed"`,
    异动: [异动({ changeType: '转学', reviewStatus: '审核通过' })],
    学生: [学生()],
    应: { 异动类别: null },
  },
  {
    情形: '只写“转学”、没设学校名称、花名册上也没有这个学生：未知异动类型，不猜方向',
    source: `${SRC.labels}；lib/records.ts "异动类别, raw label: never guessed"`,
    异动: [异动({ changeType: '转学' })],
    应: { 异动类别: null, 有: ['unknown-change-type'] },
  },
  {
    情形: '规则表里没有的“其他异动”仍是未知异动类型，不猜',
    source: `${SRC.labels}；lib/records.ts "异动类别, raw label: never guessed"`,
    异动: [异动({ changeType: '其他异动' })],
    应: { 异动类别: null, 有: ['unknown-change-type'] },
  },
  {
    情形: '审核状态写成“审核 通过”的转出已办结，材料缺了也不算逾期',
    source: `${SRC.labels}；${SRC.transferOut}`,
    异动: [异动({ changeType: '转学（转出）', appliedDate: '2026-09-01', reviewStatus: '审核 通过' })],
    应: { 异动类别: '转出', 有: ['paperwork-missing'], 无: ['paperwork-overdue'] },
  },
  {
    情形: '年级写成“九 年级”的转出，仍认作毕业年级',
    source: `${SRC.blockers}；${SRC.labels}`,
    解读: '毕业年级默认六年级、九年级；设置 → 毕业年级 可改（初三、五四制由年级解析统一，见 lib/grades.ts）',
    异动: [异动({ grade: '九 年级' })],
    学生: [学生({ grade: '九 年级' })],
    应: { 有: ['transfer-not-allowed-graduating'] },
  },
  {
    情形: '学籍异动台账里“转学（转出）”一行写缺哪几项，不写未知异动类型',
    source: `${SRC.ledger}；${SRC.labels}`,
    异动: [异动({ changeType: '转学（转出）' })],
    应: { 台账: { paperwork: `缺 4 项：${ALL_OUT.join('、')}` } },
  },
];

// ——— 2. 休学: its end read from the host, the limit in a row, and past the end ———
const 休学期: 案例[] = [
  {
    情形: '休学半年，学籍系统写明休学结束日期已过、没有复学或续休：需处理',
    source: SRC.suspensionEnd,
    异动: [
      休学({ changeDate: '2026-03-02', appliedDate: '2026-02-25', suspension: { until: '2026-08-31' } }),
    ],
    应: { 休学至: '2026-08-31', 有: ['suspension-expired'] },
  },
  {
    情形: '休学一年半（医院证明病程长），结束日期未到：不算期满',
    source: SRC.suspensionEnd,
    解读: '一年是学籍系统不写结束日期时的默认；写了就以学籍系统为准',
    异动: [休学({ changeDate: '2025-09-01', suspension: { until: '2027-02-28' } })],
    应: { 休学至: '2027-02-28', 无: ['suspension-expired', 'suspension-over-limit'] },
  },
  {
    情形: '只写休学期限“6个月”，从休学开始日期起算，已过期',
    source: SRC.suspensionEnd,
    异动: [休学({ changeDate: '2026-03-01', suspension: { from: '2026-03-01', term: '6个月' } })],
    应: { 休学至: '2026-09-01', 有: ['suspension-expired'] },
  },
  {
    情形: '休学期限写成“2026.03.01至2026.07.15”，以写明的结束日期为准',
    source: SRC.suspensionEnd,
    异动: [休学({ changeDate: '2026-02-20', suspension: { term: '2026.03.01至2026.07.15' } })],
    应: { 休学至: '2026-07-15', 有: ['suspension-expired'] },
  },
  {
    情形: '休学期限写“半年”（汉字），按六个月计',
    source: SRC.suspensionEnd,
    异动: [休学({ changeDate: '2026-01-10', suspension: { term: '半年' } })],
    应: { 休学至: '2026-07-10', 有: ['suspension-expired'] },
  },
  {
    情形: '异动列表没写结束日期，学籍卡上写着休学结束日期：按学籍卡',
    source: `${SRC.suspensionEnd}；lib/capture/pages/student-card.ts（学籍卡按标签读取）`,
    异动: [休学({ changeDate: '2026-02-01' })],
    学生: [学生({ onRoll: false, suspension: { from: '2026-02-01', until: '2026-07-31' } })],
    应: { 休学至: '2026-07-31', 有: ['suspension-expired'] },
  },
  {
    情形: '学籍系统哪里都没写结束日期：按一年计，过期需处理',
    source: `${SRC.suspensionEnd}；${SRC.suspensionTerm}`,
    解读: '默认一年（规则表 休学 suspensionMonths 12）',
    异动: [休学({ changeDate: '2025-09-15' })],
    应: { 休学至: '2026-09-15', 有: ['suspension-expired'] },
  },
  {
    情形: '休学期满，已申请复学：不再提示',
    source: SRC.suspensionEnd,
    异动: [
      休学({ changeDate: '2026-03-02', suspension: { until: '2026-08-31' } }),
      异动({ changeType: '复学', changeDate: '2026-09-01', reviewStatus: '待审核', toSchool: '' }),
    ],
    应: { 无: ['suspension-expired'] },
  },
  {
    情形: '休学期满，已办理续休：休学本身不再提示',
    source: SRC.suspensionEnd,
    异动: [
      休学({ changeDate: '2026-03-02', suspension: { until: '2026-08-31' } }),
      休学({ changeType: '续休', changeDate: '2026-08-25', suspension: { until: '2027-02-28' } }),
    ],
    应: { 无: ['suspension-expired'] },
  },
  {
    情形: '续休也到期了，既没复学也没再续休：续休需处理',
    source: SRC.suspensionEnd,
    异动: [
      休学({ changeType: '续休', changeDate: '2026-03-01', suspension: { until: '2026-08-31' } }),
      休学({ changeDate: '2025-09-01', suspension: { until: '2026-02-28' } }),
    ],
    应: { 休学至: '2026-08-31', 有: ['suspension-expired'] },
  },
  {
    情形: '休学一年、续休一年、又续休半年，连续休学超过两年',
    source: SRC.suspensionTerm,
    解读: '“一般不超过一年”读作每次休学或续休的默认期限，“最长连续两年”读作连续休学（含续休）的上限：设置 → 连续休学最长月数（默认 24）',
    异动: [
      休学({ changeType: '续休', changeDate: '2026-09-01', suspension: { until: '2027-02-28' } }),
      休学({ changeDate: '2024-09-01', suspension: { until: '2025-08-31' } }),
      休学({ changeType: '续休', changeDate: '2025-09-01', suspension: { until: '2026-08-31' } }),
    ],
    应: { 有: ['suspension-over-limit'] },
  },
  {
    情形: '休学一年再续休一年，正好两年：不超限',
    source: SRC.suspensionTerm,
    异动: [
      休学({ changeType: '续休', changeDate: '2026-03-01', suspension: { until: '2027-02-28' } }),
      休学({ changeDate: '2025-03-01', suspension: { until: '2026-02-28' } }),
    ],
    应: { 无: ['suspension-over-limit', 'suspension-expired'] },
  },
  {
    情形: '本省规定连续休学最长一年：休学一年再续休半年即超限',
    source: SRC.suspensionTerm,
    解读: '设置 → 连续休学最长月数 = 12',
    设置: { suspensionLimitMonths: 12 },
    异动: [
      休学({ changeType: '续休', changeDate: '2026-03-01', suspension: { until: '2026-12-31' } }),
      休学({ changeDate: '2025-03-01', suspension: { until: '2026-02-28' } }),
    ],
    应: { 有: ['suspension-over-limit'] },
  },
  {
    情形: '中间复学过：复学之后的休学重新计算连续时间',
    source: SRC.suspensionTerm,
    异动: [
      休学({ changeType: '续休', changeDate: '2026-09-01', suspension: { until: '2027-02-28' } }),
      休学({ changeDate: '2023-09-01', suspension: { until: '2024-08-31' } }),
      异动({ changeType: '复学', changeDate: '2024-09-01', reviewStatus: '审核通过', toSchool: '' }),
      休学({ changeDate: '2025-09-01', suspension: { until: '2026-08-31' } }),
    ],
    应: { 无: ['suspension-over-limit'] },
  },
  {
    情形: '一次休学期限就写了“三年”：超过连续两年的上限',
    source: SRC.suspensionTerm,
    异动: [休学({ changeDate: '2026-09-01', suspension: { term: '三年' } })],
    应: { 休学至: '2029-09-01', 有: ['suspension-over-limit'], 无: ['suspension-expired'] },
  },
];

// ——— 3. transfers: 处分, a change of grade, the graduating grade, 休学 ———
const 转学限制: 案例[] = [
  {
    情形: '异动列表显示学生正受警告处分，仍申请转出：不得转学',
    source: SRC.blockers,
    异动: [异动({ discipline: '警告处分（2026-10）' })],
    应: { 有: ['transfer-not-allowed-discipline'] },
  },
  {
    情形: '学籍卡上写着“记过”，转出申请标出受处分',
    source: SRC.blockers,
    异动: [异动()],
    学生: [学生({ discipline: '记过' })],
    应: { 有: ['transfer-not-allowed-discipline'] },
  },
  {
    情形: '处分情况为“无”：不标',
    source: SRC.blockers,
    异动: [异动({ discipline: '无' })],
    学生: [学生({ discipline: '无' })],
    应: { 无: ['transfer-not-allowed-discipline'] },
  },
  {
    情形: '处分已解除：不再拦转学',
    source: SRC.blockers,
    解读: '写明“已解除/已撤销/已期满”的处分不算在处分期内',
    异动: [异动({ discipline: '警告（已解除）' })],
    应: { 无: ['transfer-not-allowed-discipline'] },
  },
  {
    情形: '转出申请写七年级，花名册上学生已是八年级：转学不变更年级',
    source: SRC.blockers,
    异动: [异动({ grade: '七年级' })],
    学生: [学生({ grade: '八年级', className: '八年级2班' })],
    应: { 有: ['transfer-grade-change'] },
  },
  {
    情形: '转入申请的转入年级与原年级不同：转学不变更年级',
    source: SRC.blockers,
    异动: [异动({ changeType: '转入', grade: '五年级', toGrade: '六年级', toSchool: '示范县实验学校' })],
    应: { 有: ['transfer-grade-change'] },
  },
  {
    情形: '年级写法只差一个空格（“七 年级”）：同一年级，不标',
    source: `${SRC.blockers}；${SRC.labels}`,
    异动: [异动({ grade: '七 年级', toGrade: '七年级' })],
    学生: [学生({ grade: '七年级' })],
    应: { 无: ['transfer-grade-change'] },
  },
  {
    情形: '转出申请写“初一”，花名册写“七年级”：同一年级，不标',
    source: `${SRC.blockers}；lib/grades.ts（一个年级解析：初一 = 七年级，六三制）`,
    解读: '学制按 设置 → 学制（默认六三制）；五四制下初一 = 六年级',
    异动: [异动({ grade: '初一' })],
    学生: [学生({ grade: '七年级' })],
    应: { 无: ['transfer-grade-change'] },
  },
  {
    情形: '九年级学生申请转出：毕业年级一般不得转学',
    source: SRC.blockers,
    异动: [异动({ grade: '九年级' })],
    应: { 有: ['transfer-not-allowed-graduating'] },
  },
  {
    情形: '休学期间（已批准，尚未复学）申请转出：不得转学',
    source: SRC.blockers,
    异动: [异动(), 休学({ changeDate: '2026-09-01', suspension: { until: '2027-08-31' } })],
    应: { 有: ['transfer-not-allowed-suspended'] },
  },
  {
    情形: '续休期间申请转出（原来的休学在启用保学助手之前，只读到续休）：同样不得转学',
    source: SRC.blockers,
    异动: [
      异动(),
      休学({ changeType: '续休', changeDate: '2026-09-01', suspension: { until: '2027-08-31' } }),
    ],
    应: { 有: ['transfer-not-allowed-suspended'] },
  },
  {
    情形: '受处分的转出已被审核不通过：案子已关，不再提示',
    source: SRC.blockers,
    异动: [异动({ discipline: '严重警告', reviewStatus: '审核不通过' })],
    应: { 无: ['transfer-not-allowed-discipline', 'paperwork-missing'] },
  },
];

// ——— 4. 中心学校审批备案: a step a school switches on ———
const 中心学校: 案例[] = [
  {
    情形: '默认不设中心学校审批备案：转出清单没有这一项',
    source: SRC.central,
    解读: '不是每所学校上面都有中心学校：默认关闭，设置 → 转学须经中心学校审批备案 打开',
    异动: [异动()],
    应: { 缺: ALL_OUT },
  },
  {
    情形: '学校打开中心学校审批备案：转出清单多一项“中心学校审批备案”',
    source: SRC.central,
    设置: { centralApproval: true },
    异动: [异动()],
    应: { 缺: [...ALL_OUT, '中心学校审批备案'] },
  },
  {
    情形: '打开后转入也要中心学校审批备案（篇五说“转学”，不分转入转出）',
    source: SRC.central,
    设置: { centralApproval: true },
    异动: [异动({ changeType: '转入', toSchool: '示范县实验学校', fromSchool: '东城中学' })],
    应: { 缺: [...ALL_IN, '中心学校审批备案'] },
  },
  {
    情形: '打开后休学清单不变：篇五只说转学',
    source: SRC.central,
    设置: { centralApproval: true },
    异动: [休学({ reviewStatus: '待审核' })],
    应: {
      缺: [
        '监护人书面申请',
        '县级以上或指定医院证明（病休三个月以上）或其他有效证明',
        '学校审批',
        '教育局备案',
        '休学证书',
      ],
    },
  },
  {
    情形: '中心学校已审批备案并登记收到：转出材料齐全',
    source: SRC.central,
    设置: { centralApproval: true },
    异动: [异动()],
    登记: [...OUT_DOCS, 'central-approval'].map((doc) => ({ doc })),
    应: { 缺: [], 无: ['paperwork-missing'] },
  },
];

// ——— 5. 学生流出去向: for every child who leaves ———
const 流出去向: 案例[] = [
  {
    情形: '转出申请没有填转入学校，学籍管理员也没登记去向：标出“未登记学生流出去向”',
    source: SRC.destination,
    异动: [异动({ toSchool: '' })],
    应: { 有: ['destination-missing'], 去向: null, 台账: { destination: '未登记' } },
  },
  {
    情形: '转出申请写着转入学校：去向就是该校',
    source: SRC.destination,
    异动: [异动({ toSchool: '东城中学' })],
    应: {
      无: ['destination-missing'],
      去向: '转入学校：东城中学',
      台账: { destination: '转入学校：东城中学' },
    },
  },
  {
    情形: '跨省转出：去向记为转入外省学校',
    source: SRC.destination,
    异动: [异动({ changeType: '跨省转出', toSchool: '江南省滨海市第二中学' })],
    应: { 去向: '转入外省：江南省滨海市第二中学' },
  },
  {
    情形: '出境学习还没登记去哪个国家（地区）：标出未登记',
    source: SRC.destination,
    异动: [异动({ changeType: '出境学习', toSchool: '' })],
    应: { 有: ['destination-missing'], 去向: null },
  },
  {
    情形: '出境学习登记为“出境：新加坡”：去向已登记',
    source: SRC.destination,
    异动: [异动({ changeType: '出境学习', toSchool: '' })],
    登记: [{ doc: 'destination', 去向: { kind: 'abroad', place: '新加坡' } }],
    应: { 无: ['destination-missing'], 去向: '出境：新加坡', 台账: { destination: '出境：新加坡' } },
  },
  {
    情形: '辍学学生去向未登记：标出',
    source: `${SRC.destination}；002 篇二 §二.3 "建立规范的休退学、转出、转入学生档案、辍学档案"`,
    异动: [异动({ changeType: '辍学', toSchool: '' })],
    应: { 有: ['destination-missing'] },
  },
  {
    情形: '辍学学生登记为外出务工：去向已登记',
    source: SRC.destination,
    异动: [异动({ changeType: '辍学', toSchool: '' })],
    登记: [{ doc: 'destination', 去向: { kind: 'work', place: '广东东莞' } }],
    应: { 无: ['destination-missing', 'destination-unknown'], 去向: '务工：广东东莞' },
  },
  {
    情形: '登记为“去向不明”：算已登记，但要提示去向不明',
    source: SRC.destination,
    解读: '去向不明的孩子正是控辍要找的孩子：已登记但单独提示',
    异动: [异动({ changeType: '辍学', toSchool: '' })],
    登记: [{ doc: 'destination', 去向: { kind: 'unknown', place: '' } }],
    应: { 无: ['destination-missing'], 有: ['destination-unknown'], 去向: '去向不明' },
  },
  {
    情形: '登记的去向后来撤回：又算未登记',
    source: SRC.destination,
    异动: [异动({ changeType: '辍学', toSchool: '' })],
    登记: [
      { doc: 'destination', 去向: { kind: 'home', place: '' }, at: 1000 },
      { doc: 'destination', state: 'withdrawn', at: 2000 },
    ],
    应: { 有: ['destination-missing'], 去向: null },
  },
  {
    情形: '学籍管理员登记的去向优先于申请上的转入学校（家长改去了别的学校）',
    source: SRC.destination,
    异动: [异动({ toSchool: '东城中学' })],
    登记: [{ doc: 'destination', 去向: { kind: 'school', place: '南湖小学' } }],
    应: { 去向: '转入学校：南湖小学' },
  },
  {
    情形: '学生死亡：去向即死亡，不要求再登记',
    source: SRC.destination,
    异动: [异动({ changeType: '死亡', toSchool: '' })],
    应: { 无: ['destination-missing'], 去向: '死亡' },
  },
  {
    情形: '转入、休学不是流出：台账流出去向一栏空着，不提示',
    source: SRC.destination,
    异动: [异动({ changeType: '转入', toSchool: '示范县实验学校', fromSchool: '' })],
    应: { 无: ['destination-missing'], 去向: null, 台账: { destination: '' } },
  },
  {
    情形: '被驳回的转出不要求登记去向（孩子没走）',
    source: SRC.destination,
    异动: [异动({ toSchool: '', reviewStatus: '审核不通过' })],
    应: { 无: ['destination-missing'] },
  },
];

// ——— 6. an overdue 转出 is 疑似辍学, and the class teacher urges the family ———
const 转出逾期: 案例[] = [
  {
    情形: '11月2日申请的转出，到期限（10个工作日，11月16日）材料仍不齐：11月17日起疑似辍学，计入月报和疑似辍学学生台账，风险名单提示班主任催促办理',
    source: SRC.transferOverdue,
    异动: [异动({ appliedDate: '2026-11-02', changeDate: '2026-11-02' })],
    学生: [学生()],
    登记: [{ doc: 'application' }],
    应: {
      有: ['paperwork-overdue'],
      疑似辍学: { 自: '2026-11-17', 原因: '转出手续逾期（期限 2026-11-16）' },
    },
  },
  {
    情形: '学生花名册还没读到这个孩子（只读了学籍异动）：转出逾期仍计入月报（按异动上的班级）和台账，与风险名单一致',
    source: SRC.transferOverdue,
    异动: [异动({ appliedDate: '2026-11-02', changeDate: '2026-11-02' })],
    学生: [],
    应: {
      有: ['paperwork-overdue'],
      疑似辍学: { 自: '2026-11-17', 原因: '转出手续逾期（期限 2026-11-16）' },
    },
  },
  {
    情形: '同一份转出，期限前材料已齐全：不逾期，也不是疑似辍学',
    source: SRC.transferOverdue,
    异动: [异动({ appliedDate: '2026-11-02', changeDate: '2026-11-02' })],
    学生: [学生()],
    登记: OUT_DOCS.map((doc) => ({ doc })),
    应: { 无: ['paperwork-overdue'], 疑似辍学: false },
  },
  {
    情形: '转出还在期限内（11月23日申请），材料不齐：只是缺材料，还不是疑似辍学',
    source: SRC.transferOverdue,
    异动: [异动()],
    学生: [学生()],
    应: { 有: ['paperwork-missing'], 无: ['paperwork-overdue'], 疑似辍学: false },
  },
];

const BOOK: [string, 案例[]][] = [
  ['异动类别的写法', 标签],
  ['休学的期限', 休学期],
  ['转学的限制', 转学限制],
  ['中心学校审批备案', 中心学校],
  ['学生流出去向', 流出去向],
  ['转出逾期即疑似辍学', 转出逾期],
];

function run(k: 案例) {
  const target = k.异动[0]!;
  const settings = Settings.parse(k.设置 ?? {});
  const evs = events(target.id, k.登记);
  const checks = checkAll(k.异动, evs, settings, k.today ?? TODAY, k.学生 ?? []);
  const found = checks.find((x) => x.c.id === target.id)!;
  return { list: found.list, checks, events: evs };
}

describe('paperwork casebook (手续规则案例)', () => {
  it('has at least 35 cases, each with its source', () => {
    const all = BOOK.flatMap(([, cases]) => cases);
    expect(all.length).toBeGreaterThanOrEqual(35);
    for (const k of all) expect(k.source.length, k.情形).toBeGreaterThan(10);
  });

  for (const [family, cases] of BOOK)
    describe(family, () => {
      it.each(cases.map((k) => [k.情形, k] as const))('%s', (_, k) => {
        const { list, checks, events: evs } = run(k);
        const e = k.应;
        if (e.异动类别 !== undefined) expect(list.ruleType ?? null).toBe(e.异动类别);
        if (e.缺) expect(list.missing.map((d) => d.name)).toEqual(e.缺);
        for (const f of e.有 ?? []) expect(list.flags).toContain(f);
        for (const f of e.无 ?? []) expect(list.flags).not.toContain(f);
        if (e.休学至) expect(list.suspensionEnds).toBe(e.休学至);
        if (e.去向 !== undefined) {
          const d = list.destination;
          const text = d ? (d.place ? `${LABEL[d.kind]}：${d.place}` : LABEL[d.kind]) : null;
          expect(text).toBe(e.去向);
        }
        if (e.台账) {
          const ledger = buildLedger(
            'changes',
            { students: k.学生 ?? [], events: evs, checks, today: TODAY },
            say,
          );
          const row = ledger.rows.find((r) => r.name === k.异动[0]!.name && r.type === k.异动[0]!.changeType);
          expect(ledger.columns.map((c) => c.header)).toContain('流出去向');
          for (const [key, value] of Object.entries(e.台账)) expect(row?.[key]).toBe(value);
        }
        if (e.疑似辍学 !== undefined) {
          const target = k.异动[0]!;
          const today = k.today ?? TODAY;
          const month = today.slice(0, 7);
          const students = k.学生 ?? [];
          // As useReportData gives them to the 月报, its print and the figure beside the 风险名单.
          const suspected = { transfers: overdueTransfers(checks) };
          const report = monthlyReport({ students, events: evs, cases: k.异动 }, month, { suspected });
          const ledger = buildLedger('suspected', { students, events: evs, checks, today }, say, {
            from: `${month}-01`,
            to: today,
          });
          const risk = computeRisk(students, evs, paperworkConsequences(checks, 0).atRisk, today, 0).find(
            (r) => r.student.id === target.xjh,
          );
          const reasons = (risk?.reasons ?? []).map(zh).join('；');
          if (e.疑似辍学) {
            expect(report.total.suspected).toBe(1);
            expect(ledger.rows.map((r) => [r.xjh, r.name, r.className, r.since, r.why])).toEqual([
              [target.xjh, target.name, target.className, e.疑似辍学.自, e.疑似辍学.原因],
            ]);
            expect(report.classes.find((c) => c.className === target.className)?.figures.suspected).toBe(1);
            expect(risk?.tier).toBe('urgent');
            expect(reasons).toMatch(
              /疑似辍学：转出手续逾期未办结（期限 \d{4}-\d{2}-\d{2}），请班主任催促办理/,
            );
          } else {
            expect(report.total.suspected).toBe(0);
            expect(ledger.rows).toEqual([]);
            expect(reasons).not.toContain('疑似辍学');
          }
        }
      });
    });
});

/** The registrar's words for each kind of 去向 (as the 台账 prints them). */
const LABEL: Record<DestinationKind, string> = {
  school: '转入学校',
  province: '转入外省',
  abroad: '出境',
  home: '在家',
  work: '务工',
  unknown: '去向不明',
  deceased: '死亡',
};
