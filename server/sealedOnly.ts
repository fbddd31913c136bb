/**
 * Once a school is sealed — it has a keyring (`/_baoxue/keys/<school>/…`, server/auth/keys.ts: the first
 * registrar's device makes it before it sends anything) — the gateway takes no personal data in plain text
 * from anyone: a record carrying a personal field in clear would show no child on the registrar's device (it
 * reads the school sealed) and leave the child's data readable on the server. An allow-list (server/sealedShape.ts):
 * only the fields the device's sealing leaves in clear (lib/sync/sealed.ts), each of its shape (a code, a date, a
 * class name, a keyed hash for every id and reference); any other field, whatever its name or value, is refused.
 * The one plain id let through is a deletion of a record the server already holds under it (加密旧数据 retires the
 * plain records: lib/sync/migrate.ts), carrying nothing else. A school without a keyring (not yet encrypted) is
 * judged as before.
 *
 * Sealed stays sealed: the first envelope written leaves a mark in the gateway's store that no
 * deletion of envelopes removes (server/sealedMark.ts), so neither a restart nor a registrar deleting every envelope makes the school
 * take plain text again.
 */
import { refusalReason } from '../lib/sync/refusals';
import type { SyncedCollection } from '../lib/sync/school';
import { KEYS_PREFIX } from './auth/keys';
import type { GatewayStore } from './contracts';
import { markSealed, sealedMark } from './sealedMark';
import { unsealedFields } from './sealedShape';

type Doc = Record<string, unknown>;

/** The fields in the words a registrar uses (the device lists the reason among records held back). */
const LABEL: Record<string, string> = {
  xjh: '全国学籍号',
  xjfh: '学籍辅号',
  name: '姓名',
  sex: '性别',
  birthDate: '出生日期',
  idNumber: '身份证件号',
  specialGroups: '特殊群体',
  phone: '联系电话',
  address: '家庭住址',
  suspension: '休学信息',
  discipline: '处分',
  reason: '原因',
  toSchool: '转入学校',
  fromSchool: '原学校',
  currentUnit: '现就读单位',
  recordId: '学籍记录编号',
  summary: '变更内容',
  data: '记录内容（如家访情况）',
  id: '记录编号（学籍号）',
  studentId: '学生编号（学籍号）',
  caseId: '异动编号',
  supersedes: '记录编号',
  studentRef: '异动学生编号（学籍号）',
  // Fields sealed since review 16 (lib/sync/personal.ts SERVER_HAS_NO_USE), sent in clear by an older version.
  idType: '身份证件类型',
  flags: '问题标记',
  source: '来源页面',
  changeType: '异动类别',
  reviewStatus: '审核状态',
  enc: '加密内容',
  idn: '加密的身份信息',
  grade: '年级',
  className: '班级',
  toGrade: '转入年级',
  enrolled: '入学年月',
  changeDate: '异动日期',
  appliedDate: '申请日期',
  author: '记录人',
};

/** A class or grade the server does not read as one (free words before 班): said apart, updating does not help. */
const CLASS_FIELDS = ['grade', 'className', 'toGrade'];
/**
 * One example of each form the server's class check takes (server/sealedShape.ts `classLabel`): grade and
 * number, a number alone before 班 (701班, 三班), a bare number (0701), a grade and a kind of class, and a kind
 * in brackets after 班. Each passes that check (sealedOnly.test.ts), so the hint never offers a refused form.
 */
export const CLASS_EXAMPLES = [
  '七年级1班',
  '初三(2)班',
  '701班',
  '三班',
  '0701',
  '一年级实验班',
  '一年级1班（双语）',
] as const;
const CLASS_HINT =
  '班级或年级的写法服务器不认得：班级名称只能由年级、班号、班级类别（实验班、重点班等）和“班”组成，' +
  `“班”后可用括号注明一种类别。可用的写法如：${CLASS_EXAMPLES.join('、')}。请在学籍系统中核对班级名称。`;

/**
 * Why this write is refused for a sealed school, or undefined. `old`: the server's current copy (undefined
 * when there is none, or the write names no revision).
 */
export function plainPersonal(c: SyncedCollection, doc: Doc, old: Doc | undefined): string | undefined {
  const found = unsealedFields(c, doc, old).map((f) => (f === '_id' ? 'id' : f));
  if (!found.length) return undefined;
  const words = [...new Set(found.map((f) => (Object.hasOwn(LABEL, f) ? LABEL[f] : f)))].join('、');
  const classHint = found.some((f) => CLASS_FIELDS.includes(f)) ? CLASS_HINT : '';
  return refusalReason(
    classHint ? 'class-name-unread' : 'plain-personal',
    `这条记录含有未加密的学生个人信息（${words}）。本校数据已加密，服务器不接收明文，` +
      `请把保学助手更新到最新版本后再同步。${classHint}(personal data in plain text refused: ${found.join(', ')})`,
  );
}

/**
 * Which schools are sealed: the store's mark, or (a school sealed before the mark) a keyring, which then leaves
 * the mark. Found once, remembered for this gateway's lifetime; until then the store is asked at each write, so
 * the first keyring counts from the next write on, on every gateway of a county.
 */
export class SealedSchools {
  private readonly known = new Set<string>();
  constructor(private readonly store: GatewayStore | undefined) {}

  async sealed(school: string): Promise<boolean> {
    if (this.known.has(school)) return true;
    if (!this.store) return false;
    let sealed = (await this.store.get(sealedMark(school))) !== undefined;
    if (!sealed && (await this.store.list(`${KEYS_PREFIX}${school}:`)).length) {
      await markSealed(this.store, school);
      sealed = true;
    }
    if (sealed) this.known.add(school);
    return sealed;
  }
}
