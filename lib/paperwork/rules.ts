import { type Phrase, say } from '../say';
import { labelKey } from '../text';

/**
 * The paperwork rule table: per 学籍异动 type, the documents a school must hold (who provides each, which
 * are mandatory) and the deadline, each citing its source. Defaults from domain.md §4 and the seeds; a
 * school adjusts them in 设置 (lib/paperwork/overrides.ts) without code. Items marked inferred are
 * reasoned, not sourced: keep them easy to change.
 */

export type Provider =
  | 'guardian' // 监护人
  | 'classTeacher' // 班主任
  | 'receivingSchool' // 接收学校
  | 'sendingSchool' // 转出学校
  | 'leader' // 分管校长 / 学校领导
  | 'school' // 本校（学籍管理员）
  | 'hospital' // 医院
  | 'hukou' // 户籍机关
  | 'centralSchool' // 中心学校（乡镇中心校）
  | 'bureau'; // 教育局

export interface DocumentRule {
  code: string;
  name: string;
  provider: Provider;
  mandatory: boolean;
}

export interface ChangeRule {
  type: string; // the 异动类别 as the 学籍系统 labels it
  aliases: string[];
  documents: DocumentRule[];
  /** Working days from 申请日期 for the school's paperwork to be complete. */
  deadlineWorkingDays?: number;
  /**
   * Transfers are not allowed for a student on 休学, under discipline (处分) or in the graduating grade, and
   * a transfer keeps the grade (domain.md §4).
   */
  notAllowedWhen?: ('suspended' | 'graduating' | 'discipline' | 'gradeChange')[];
  /**
   * The child leaves the school with this change: where to (学生流出去向) must be recorded (seed 000 §四(三)).
   * `transfer`: the receiving school the host shows is the answer; `abroad`: 出境; `other`: the registrar
   * says (辍学: 在家、务工、去向不明 …); `death`: nothing to ask.
   */
  leaves?: 'transfer' | 'abroad' | 'other' | 'death';
  /** A transfer: the school's 中心学校审批备案 step applies when the school switches it on (篇五 §7). */
  transfer?: boolean;
  /** Incomplete past the deadline: treated as a suspected dropout (疑似辍学). */
  overdueMeansSuspectedDropout?: boolean;
  /** 休学: how long it lasts when the host system does not say. */
  suspensionMonths?: number;
  source: string;
}

const doc = (code: string, name: string, provider: Provider, mandatory = true): DocumentRule => ({
  code,
  name,
  provider,
  mandatory,
});

const TRANSFER_OUT_DOCS = [
  doc('application', '监护人书面申请', 'guardian'),
  doc('teacher-opinion', '班主任签署意见', 'classTeacher'),
  doc('receiving-acceptance', '接收学校签署意见/接收证明', 'receivingSchool'),
  doc('leader-approval', '分管校长审批', 'leader'),
  doc('residence-proof', '户籍或居住证明/工作调动证明', 'guardian', false),
  doc('archive-handover', '纸质学籍档案转出登记', 'school', false),
];

const TRANSFER_IN_DOCS = [
  doc('application', '监护人书面申请', 'guardian'),
  doc('transfer-certificate', '转学证明/转学联系表', 'sendingSchool'),
  doc('residence-proof', '户籍或居住证明', 'guardian'),
  doc('archive-received', '纸质学籍档案已接收', 'sendingSchool'),
];

/** A 转出 is refused during 休学, under 处分, in the graduating grade, and never changes the grade. */
const TRANSFER_BLOCKERS: ChangeRule['notAllowedWhen'] = [
  'suspended',
  'discipline',
  'graduating',
  'gradeChange',
];

const TRANSFER_SOURCE =
  '篇一 §五.7：学生提出书面申请，班主任签署意见，接收学校签署意见，最后分管校长审批，否则作为辍学生处理；转学各环节 10 个工作日内核办（domain.md §4）';

export const DEFAULT_RULES: ChangeRule[] = [
  {
    type: '转出',
    aliases: ['转学转出', '省内转出', '转学(转出)', '省内转学(转出)', '转学(省内转出)', '省内转学转出'],
    documents: TRANSFER_OUT_DOCS,
    deadlineWorkingDays: 10,
    notAllowedWhen: TRANSFER_BLOCKERS,
    leaves: 'transfer',
    transfer: true,
    overdueMeansSuspectedDropout: true,
    source: TRANSFER_SOURCE,
  },
  {
    type: '跨省转出',
    aliases: ['跨省转学转出', '跨省转学(转出)', '转学(跨省转出)'],
    documents: TRANSFER_OUT_DOCS,
    deadlineWorkingDays: 10,
    notAllowedWhen: TRANSFER_BLOCKERS,
    leaves: 'transfer',
    transfer: true,
    overdueMeansSuspectedDropout: true,
    source: `${TRANSFER_SOURCE}；跨省转学经统一平台核办、调档`,
  },
  {
    type: '转入',
    aliases: ['转学转入', '省内转入', '转学(转入)', '省内转学(转入)', '转学(省内转入)', '省内转学转入'],
    documents: TRANSFER_IN_DOCS,
    deadlineWorkingDays: 10,
    notAllowedWhen: ['graduating', 'gradeChange'],
    transfer: true,
    source:
      'domain.md §4 转入：监护人申请、转出方转学证明/转学联系表、户籍/居住证明、纸质学籍档案接收；10 个工作日',
  },
  {
    type: '跨省转入',
    aliases: ['跨省转学转入', '跨省转学(转入)', '转学(跨省转入)'],
    documents: TRANSFER_IN_DOCS,
    deadlineWorkingDays: 10,
    notAllowedWhen: ['graduating', 'gradeChange'],
    transfer: true,
    source: 'domain.md §4 转入（跨省经统一平台核办、调档）；10 个工作日',
  },
  {
    type: '休学',
    aliases: ['申请休学', '病休', '因病休学'],
    documents: [
      doc('application', '监护人书面申请', 'guardian'),
      doc('medical-certificate', '县级以上或指定医院证明（病休三个月以上）或其他有效证明', 'hospital'),
      doc('school-approval', '学校审批', 'leader'),
      doc('bureau-filing', '教育局备案', 'bureau'),
      doc('suspension-certificate', '休学证书', 'school'),
    ],
    deadlineWorkingDays: 10, // inferred
    suspensionMonths: 12,
    source:
      'domain.md §4 休学：监护人书面申请 + 医院证明或其他有效证明；学校审批；教育局备案；发休学证书；一般不超过一年',
  },
  {
    type: '复学',
    aliases: ['申请复学'],
    documents: [
      doc('suspension-certificate', '休学证书', 'guardian'),
      doc('health-certificate', '健康证明', 'hospital'),
      doc('placement', '编班安排', 'school', false),
    ],
    deadlineWorkingDays: 10, // inferred
    source: 'domain.md §4 复学：持休学证书和健康证明，编入适当班级',
  },
  {
    type: '续休',
    aliases: ['继续休学'],
    documents: [
      doc('application', '监护人书面申请', 'guardian'),
      doc('medical-certificate', '医院证明或其他有效证明', 'hospital'),
      doc('school-approval', '学校审批', 'leader'),
    ],
    deadlineWorkingDays: 10, // inferred
    suspensionMonths: 12,
    source: 'domain.md §4：休学期满仍不能复学的，办理续休（材料同休学，inferred）',
  },
  {
    type: '关键数据变更',
    aliases: ['关键信息变更', '学籍关键数据变更'],
    documents: [
      doc('hukou-proof', '户籍管理部门出具的证明', 'hukou'),
      doc('application', '监护人书面申请', 'guardian', false),
    ],
    deadlineWorkingDays: 10, // inferred
    source: 'domain.md §4 关键数据变更（姓名、身份证件号、性别、出生日期）：户籍管理部门证明',
  },
  {
    type: '出境学习',
    aliases: ['出国(境)学习', '出国学习', '出境', '出国(境)'],
    leaves: 'abroad',
    documents: [
      doc('application', '监护人书面申请', 'guardian'),
      doc('exit-proof', '出境证明（护照、签证或录取材料）', 'guardian'),
    ],
    source: '2014 年全国学籍异动类型：出境学习（材料 inferred）',
  },
  {
    type: '留级',
    aliases: [],
    documents: [
      doc('application', '监护人书面申请', 'guardian'),
      doc('school-approval', '学校审批', 'leader'),
    ],
    source: '2014 年全国学籍异动类型：留级（材料 inferred）',
  },
  {
    type: '跳级',
    aliases: [],
    documents: [
      doc('application', '监护人书面申请', 'guardian'),
      doc('school-approval', '学校审批', 'leader'),
    ],
    source: '2014 年全国学籍异动类型：跳级（材料 inferred）',
  },
  {
    type: '辍学',
    aliases: ['辍学(流失)', '流失'],
    leaves: 'other',
    documents: [
      doc('persuasion-record', '劝返记录（家访、劝返过程）', 'classTeacher'),
      doc('dropout-report', '辍学学生情况报告表', 'school'),
    ],
    source: '篇二 §二.3：休退学、转出、转入、辍学、家访、辍学劝返均建档；domain.md §5',
  },
  {
    type: '死亡',
    aliases: [],
    leaves: 'death',
    documents: [doc('death-certificate', '死亡证明', 'hukou')],
    source: '2014 年全国学籍异动类型：死亡（材料 inferred）',
  },
  { type: '升级', aliases: [], documents: [], source: '正常变动，无需材料' },
  { type: '升学', aliases: [], documents: [], source: '正常变动，无需材料' },
  { type: '毕业', aliases: [], documents: [], source: '正常变动，无需材料' },
];

/**
 * The rule for a host label; undefined when the type is not in the table (never guessed). Both sides go
 * through labelKey, so `转学（转出）`, `转学(转出)` and `休 学` find their rule.
 */
export function ruleFor(label: string, rules: ChangeRule[]): ChangeRule | undefined {
  const l = labelKey(label);
  if (!l) return undefined;
  return rules.find((r) => labelKey(r.type) === l || r.aliases.some((a) => labelKey(a) === l));
}

/**
 * The words Baoxue itself gives a document or a change type are shown in the reader's language: the
 * shipped rules' names (kept as the Chinese words, which stored ticks and a school's overrides refer to)
 * map to message keys here, at display. A document a school added in 设置 is its own words: shown as typed.
 */
const DOCUMENT_KEYS = {
  监护人书面申请: 'doc_guardian_application',
  班主任签署意见: 'doc_teacher_opinion',
  '接收学校签署意见/接收证明': 'doc_receiving_acceptance',
  分管校长审批: 'doc_leader_approval',
  '户籍或居住证明/工作调动证明': 'doc_residence_or_job_proof',
  纸质学籍档案转出登记: 'doc_archive_handover',
  '转学证明/转学联系表': 'doc_transfer_certificate',
  户籍或居住证明: 'doc_residence_proof',
  纸质学籍档案已接收: 'doc_archive_received',
  '县级以上或指定医院证明（病休三个月以上）或其他有效证明': 'doc_medical_certificate_long',
  学校审批: 'doc_school_approval',
  教育局备案: 'doc_bureau_filing',
  休学证书: 'doc_suspension_certificate',
  健康证明: 'doc_health_certificate',
  编班安排: 'doc_placement',
  医院证明或其他有效证明: 'doc_medical_certificate',
  户籍管理部门出具的证明: 'doc_hukou_proof',
  '出境证明（护照、签证或录取材料）': 'doc_exit_proof',
  '劝返记录（家访、劝返过程）': 'doc_persuasion_record',
  辍学学生情况报告表: 'doc_dropout_report',
  死亡证明: 'doc_death_certificate',
  中心学校审批备案: 'doc_central_approval', // lib/paperwork/context.ts, the school's switch
} as const satisfies Record<string, Parameters<typeof say>[0]>;

/** The rule table's 异动类别 (ChangeRule.type), each a message key. */
const CHANGE_TYPE_KEYS = {
  转出: 'change_type_transfer_out',
  跨省转出: 'change_type_transfer_out_interprovincial',
  转入: 'change_type_transfer_in',
  跨省转入: 'change_type_transfer_in_interprovincial',
  休学: 'change_type_suspension',
  复学: 'change_type_resumption',
  续休: 'change_type_suspension_extended',
  关键数据变更: 'change_type_key_data',
  出境学习: 'change_type_abroad',
  留级: 'change_type_repeat',
  跳级: 'change_type_skip',
  辍学: 'change_type_dropout',
  死亡: 'change_type_death',
  升级: 'change_type_promotion',
  升学: 'change_type_progression',
  毕业: 'change_type_graduation',
} as const satisfies Record<string, Parameters<typeof say>[0]>;

/** For the tests: every document name and change type Baoxue ships, with its key. */
export const CODED_NAMES = { documents: DOCUMENT_KEYS, changeTypes: CHANGE_TYPE_KEYS };

const keyed = (table: Record<string, Parameters<typeof say>[0]>, words: string): Phrase | string => {
  const key = Object.hasOwn(table, words) ? table[words] : undefined;
  return key ? say(key) : words;
};

/** A document's name to show: its message key when Baoxue named it, else the school's own words. */
export const documentText = (name: string): Phrase | string => keyed(DOCUMENT_KEYS, name);

/** A rule's 异动类别 to show; a label the table does not know (the host's own) as it is. */
export const changeTypeText = (type: string): Phrase | string => keyed(CHANGE_TYPE_KEYS, type);
