/**
 * Once a school is sealed — it has a keyring (`/_baoxue/keys/<school>/…`, server/auth/keys.ts: the first
 * registrar's device makes it before it sends anything) — the gateway takes no personal data in plain text
 * from anyone: a record carrying a personal field in clear (the lists in lib/sync/personal.ts) would show no
 * child on the registrar's device (it reads the school sealed) and leave the child's data readable on the
 * server. Judged by the same lists and the same judgement of ids as the device's sealing (lib/sync/sealed.ts),
 * deny by default within them: none of the personal or identity fields at a record's top level, whatever their
 * value; nothing in an event's `data` but the listed codes; a student named (a student's id, an event's
 * `studentId`) by keyed hash only; no id or reference holding a 学籍号 or ID number. The one plain id let through
 * is a deletion of a record the server already holds under it (加密旧数据 retires the plain records:
 * lib/sync/migrate.ts), carrying nothing else personal. A school without a keyring (not yet encrypted) is judged
 * as before.
 */
import {
  CASE_CHILD_REF,
  CLEAR_EVENT_DATA,
  ID_IS_IDENTITY,
  ID_REFERENCES,
  IDENTITY,
  IDENTITY_REFERENCES,
  looksLikeIdNumber,
  PERSONAL,
} from '../lib/sync/personal';
import type { SyncedCollection } from '../lib/sync/school';
import { isAlias } from '../lib/sync/sealed';
import { KEYS_PREFIX } from './auth/keys';
import type { GatewayStore } from './contracts';

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
};

/**
 * Why this write is refused for a sealed school, or undefined. `old`: the server's current copy (undefined
 * when there is none, or the write names no revision).
 */
export function plainPersonal(c: SyncedCollection, doc: Doc, old: Doc | undefined): string | undefined {
  const found: string[] = [];
  const deletion = doc._deleted === true;
  for (const f of new Set<string>([...PERSONAL[c], ...IDENTITY[c]])) if (f in doc) found.push(f);
  if (c === 'events' && 'data' in doc) {
    const data = doc.data;
    const ok =
      data === undefined ||
      data === null ||
      (typeof data === 'object' &&
        !Array.isArray(data) &&
        Object.keys(data as Doc).every((k) => CLEAR_EVENT_DATA.includes(k)));
    if (!ok) found.push('data');
  }
  // A reference that always names a student is the keyed hash; any other names nobody by 学籍号 or ID number.
  for (const f of ID_REFERENCES[c]) {
    const v = doc[f];
    if (v === undefined || v === null || v === '' || isAlias(v)) continue;
    if (typeof v !== 'string' || IDENTITY_REFERENCES[c].includes(f) || looksLikeIdNumber(v)) found.push(f);
  }
  // A case's clear reference to its child (lib/sync/sealed.ts) is the child's keyed hash, nothing else.
  if (c === 'cases' && CASE_CHILD_REF in doc && !isAlias(doc[CASE_CHILD_REF])) found.push(CASE_CHILD_REF);
  // The same for the record's own id; a plain one already on the server may be deleted (retired).
  const id = String(doc._id);
  if (!isAlias(id) && (ID_IS_IDENTITY[c] || looksLikeIdNumber(id)) && !(deletion && old)) found.push('id');
  if (!found.length) return undefined;
  const words = [...new Set(found.map((f) => LABEL[f] ?? f))].join('、');
  return (
    `这条记录含有未加密的学生个人信息（${words}）。本校数据已加密，服务器不接收明文，` +
    `请把保学助手更新到最新版本后再同步 (personal data in plain text refused: ${found.join(', ')})`
  );
}

/**
 * Which schools are sealed. A keyring found stays found (this gateway's lifetime); until then the store is
 * asked at each write, so the first keyring counts from the next write on, on every gateway of a county.
 */
export class SealedSchools {
  private readonly known = new Set<string>();
  constructor(private readonly store: GatewayStore | undefined) {}

  async sealed(school: string): Promise<boolean> {
    if (this.known.has(school)) return true;
    if (!this.store) return false;
    const envelopes = await this.store.list(`${KEYS_PREFIX}${school}:`);
    if (envelopes.length) this.known.add(school);
    return envelopes.length > 0;
  }
}
