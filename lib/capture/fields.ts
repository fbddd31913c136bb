import { labelKey } from '../text';

/**
 * The one table a maintainer extends when a host renames a column: header labels (with the synonyms in
 * domain.md §2) and the host's JSON field names, both mapped to Baoxue's field keys.
 */
export const FIELD_LABELS = {
  xjh: ['全国学籍号', '学籍号', '个人标识码'],
  idNumber: ['身份证件号', '身份证号', '证件号码', '身份证件号码'],
  idType: ['身份证件类型', '证件类型'],
  xjfh: ['学籍辅号', '省学籍辅号'],
  name: ['姓名', '学生姓名'],
  sex: ['性别'],
  birthDate: ['出生日期'],
  grade: ['年级'],
  className: ['班级'],
  onRoll: ['是否在校'],
  changeType: ['异动类别', '异动类型', '变动类型', '业务类型'],
  reason: ['异动原因'],
  changeDate: ['异动日期'],
  appliedDate: ['申请日期', '申请时间'],
  reviewStatus: ['审核状态', '办理状态', '状态'],
  currentUnit: ['当前办理单位'],
  toSchool: ['转入学校'],
  fromSchool: ['转出学校'],
  // A 休学's term and a transfer's blockers, where the host shows them (lib/paperwork: domain.md §4).
  suspensionFrom: ['休学开始日期', '休学起始日期'],
  suspensionUntil: ['休学结束日期', '休学截止日期', '休学到期日期'],
  suspensionTerm: ['休学期限', '休学时长'],
  toGrade: ['转入年级', '拟转入年级'],
  discipline: ['处分情况', '受处分情况', '是否受处分', '纪律处分'],
} as const;

export type FieldKey = keyof typeof FIELD_LABELS;

/** Host JSON field names (Loushang rows) → field keys. */
export const JSON_FIELDS: Record<string, FieldKey> = {
  grbsm: 'xjh',
  xjfh: 'xjfh',
  xm: 'name',
  xbm: 'sex',
  csrq: 'birthDate',
  sfzjlxm: 'idType',
  sfzjh: 'idNumber',
  njmc: 'grade',
  bjmc: 'className',
  sfzx: 'onRoll',
  ydlb: 'changeType',
  ydyy: 'reason',
  ydrq: 'changeDate',
  sqrq: 'appliedDate',
  shzt: 'reviewStatus',
  dqbldw: 'currentUnit',
  zrxx: 'toSchool',
  zcxx: 'fromSchool',
  xxksrq: 'suspensionFrom',
  xxjsrq: 'suspensionUntil',
  xxqx: 'suspensionTerm',
};

/**
 * Header text as compared: labelKey (full-/half-width forms and spaces set aside, so `学籍 号` and
 * `转学（转出）` match their table entries), then without required-field stars, colons or sort arrows.
 */
export function normalizeLabel(text: string): string {
  return labelKey(text).replace(/[*:↑↓▲▼]/g, '');
}

type LabelTable = Record<FieldKey, readonly string[]>;
const byLabelOf = (labels: LabelTable) =>
  new Map<string, FieldKey>(
    Object.entries(labels).flatMap(([key, ls]) =>
      ls.map((l) => [normalizeLabel(l), key as FieldKey] as const),
    ),
  );

/**
 * The tables in use: the built-in ones above until a reader definition (definition.ts, from the school's
 * server) replaces them, and the columns a registrar taught for the page in view (识别此页, teach.ts):
 * header → field, or null for a column taught as "ignore".
 */
let labelsInUse: LabelTable = FIELD_LABELS;
let byLabel = byLabelOf(FIELD_LABELS);
let jsonInUse: Record<string, FieldKey> = JSON_FIELDS;
let taught: ReadonlyMap<string, FieldKey | null> | undefined;

/** Reads with these tables from now on (a validated reader definition); none: the built-in ones. */
export function useReaderTables(tables?: { labels: LabelTable; json: Record<string, FieldKey> }): void {
  labelsInUse = tables?.labels ?? FIELD_LABELS;
  byLabel = byLabelOf(labelsInUse);
  jsonInUse = tables?.json ?? JSON_FIELDS;
}

/** The columns taught for the page in view (keys as normalizeLabel gives them); none: nothing taught. */
export function useTaughtColumns(columns?: ReadonlyMap<string, FieldKey | null>): void {
  taught = columns;
}

export function fieldForLabel(text: string): FieldKey | undefined {
  const key = normalizeLabel(text);
  if (taught?.has(key)) return taught.get(key) ?? undefined;
  return byLabel.get(key);
}

/** A column the registrar taught Baoxue to ignore: neither read nor reported as unknown. */
export function isIgnoredLabel(text: string): boolean {
  return taught?.get(normalizeLabel(text)) === null;
}

/** Host JSON field name → field, by the table in use. */
export function fieldForJsonName(name: string): FieldKey | undefined {
  return Object.hasOwn(jsonInUse, name) ? jsonInUse[name] : undefined;
}

/** Every label of a field, for telling a user what was not found ("全国学籍号/学籍号/个人标识码"). */
export function labelsOf(key: FieldKey): string {
  return labelsInUse[key].join('/');
}

/** Labels only the 学籍卡 (student card) shows, beside the grid fields above. */
export const CARD_LABELS = {
  enrolled: ['入学年月'],
  boarding: ['就读方式'],
  leftBehind: ['是否留守儿童', '留守儿童'],
  migrant: ['是否进城务工人员随迁子女', '随迁子女'],
  orphan: ['是否孤儿', '孤儿'],
  health: ['健康状况'],
  disability: ['残疾人类型', '残疾类型'],
  phone: ['联系电话', '家庭电话'],
  address: ['现住址', '家庭住址'],
} as const;

export type CardKey = keyof typeof CARD_LABELS;

const CARD_BY_LABEL = new Map<string, CardKey>(
  Object.entries(CARD_LABELS).flatMap(([key, labels]) =>
    labels.map((l) => [normalizeLabel(l), key as CardKey] as const),
  ),
);

export function cardFieldForLabel(text: string): CardKey | undefined {
  return CARD_BY_LABEL.get(normalizeLabel(text));
}
