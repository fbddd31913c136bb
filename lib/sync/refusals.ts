/**
 * The server's refusals of a write, one list: each with a stable code, whether it is about who may write (a
 * role, whose record, a child of the teacher's classes: 未上传的记录 then explains the school's roles), and its
 * words. The reason a refusal carries is `<code>: <words>`: CouchDB's protocol carries a reason string unchanged
 * (a `_bulk_docs` per-document `{error: 'forbidden', reason}`, a PUT's error, a validate_doc_update throw), so
 * the code reaches the device by every path a refusal takes. The words stay those the server sent before codes,
 * so an older device, which matches their English part, still reads them.
 *
 * Refusal sites: lib/sync/school.ts (`refusal`, `validateDocUpdate`), lib/sync/designation.ts, server/gateway.ts
 * (ids, fields, scope), server/eventRefs.ts, server/sealedOnly.ts. The device reads the code (`readRefusal`,
 * lib/sync/held.ts `heldReason`), never the words.
 */
import { z } from '../zod';

type Words = (...p: string[]) => string;

export const REFUSALS = {
  // lib/sync/school.ts: the write rules (the gateway's `refusal`, CouchDB's validate_doc_update).
  'login-required': { role: false, words: () => '请先登录 (login required)' },
  'staff-only': { role: true, words: () => '只有本校教职工可以写入 (staff only)' },
  'office-only': {
    role: true,
    words: () => '只有学籍管理员或学校领导可以写入学籍数据 (registrar or leader only)',
  },
  'office-verifies': {
    role: true,
    words: () => '只有学籍管理员或学校领导可以核验材料 (registrar or leader only)',
  },
  'not-your-record': { role: true, words: () => '不能修改或删除他人的记录 (not your record)' },
  'author-not-you': {
    role: true,
    words: () => '记录人必须是当前登录用户 (author must be the logged-in user)',
  },
  'append-only': { role: false, words: () => '记录只增不删 (records are append-only)' },
  'malformed-document': { role: false, words: () => '文档格式不对 (malformed document)' },
  'malformed-event': { role: false, words: () => '文档格式不对 (malformed event)' },
  'loses-identity': {
    role: false,
    words: () =>
      '这样写会丢失学生的身份信息：本设备没有身份信息密钥 (the identity fields would be lost: this device lacks the office key)',
  },
  // server/gateway.ts: what a document may be, and a teacher's scope.
  'not-a-document-id': { role: false, words: () => '文档编号不对 (not an ordinary document id)' },
  'field-not-allowed': {
    role: false,
    words: (field: string) => `不允许的字段 (field not allowed): ${field.slice(0, 40)}`,
  },
  'not-in-your-classes': {
    role: true,
    words: () => '这个学生不在你的班级范围内 (this child is not in your classes)',
  },
  'record-gone': {
    role: false,
    words: () =>
      '这条记录已删除或已停用，不能再写入 (this record was deleted or retired; it cannot be written again)',
  },
  // server/eventRefs.ts: what a teacher's event names.
  'correction-elsewhere': {
    role: false,
    words: () =>
      '更正只能针对本班同一个学生已有的记录 (a correction must name an existing record about the same child, in your classes)',
  },
  'case-elsewhere': {
    role: false,
    words: () =>
      '劝返记录只能记在同一个学生的劝返案例上 (a 劝返 step must belong to a case about the same child; only a 劝返 step names a case)',
  },
  // lib/sync/designation.ts: a 重点生 designation.
  'partner-not-staff': {
    role: false,
    words: () =>
      '帮扶老师须是本校教职工的账号，请从教职工名单中选择 (the 帮扶 partner must be a staff account of this school: choose one from the staff list)',
  },
  'partner-taken': {
    role: true,
    words: (partner: string) =>
      `这名学生的帮扶老师是 ${partner}，只有学籍管理员或学校领导可以更改或结束 (the child is paired with ${partner}: only a registrar or a leader changes or ends it)`,
  },
  'designation-future': {
    role: false,
    words: () =>
      '重点生标记的时间晚于现在，请检查本机时间 (a designation dated in the future: check this device’s clock)',
  },
  'partner-office-only': {
    role: true,
    words: () =>
      '只有学籍管理员或学校领导可以指定其他老师为帮扶老师 (only a registrar or a leader names another teacher as partner)',
  },
  // server/sealedOnly.ts: a sealed school takes no personal text in clear (its words are built there).
  'plain-personal': { role: false, words: (text: string) => text },
  /** The same, where a class or grade is among the fields: a class name the server does not read as one. */
  'class-name-unread': { role: false, words: (text: string) => text },
} as const satisfies Record<string, { role: boolean; words: Words }>;

export type RefusalCode = keyof typeof REFUSALS;
export const REFUSAL_CODES = Object.keys(REFUSALS) as RefusalCode[];

/** The reason a refusal carries: `<code>: <words>`. */
export function refusalReason<C extends RefusalCode>(
  code: C,
  ...p: Parameters<(typeof REFUSALS)[C]['words']>
): string {
  return `${code}: ${(REFUSALS[code].words as Words)(...p)}`;
}

/** A code as the server writes it before its words (a newer server's code this device does not know, too). */
const CODED = /^([a-z][a-z0-9-]{1,40}): ([\s\S]*)$/;
const Coded = z.object({ code: z.enum(REFUSAL_CODES as [RefusalCode, ...RefusalCode[]]), words: z.string() });

/**
 * A refusal's reason as the device reads it: its code, when it is one this device knows, and its words (without
 * the code, for showing). An older server's reason has no code: its words are the whole text.
 */
export function readRefusal(reason: string): { code?: RefusalCode; words: string } {
  const m = CODED.exec(reason.trim());
  if (!m) return { words: reason.trim() };
  const known = Coded.safeParse({ code: m[1], words: m[2] });
  return known.success ? known.data : { words: m[2]!.trim() };
}
