/**
 * Which fields of a replicated record are a person's (PIPL: children under 14 are sensitive), in one
 * place: these leave the device only encrypted (lib/sync/sealed.ts). The lists are typed by the zod
 * records, so a renamed field fails the typecheck here. What stays clear is what the server needs to
 * route, validate and filter: kind, class, grade, dates, author, status codes, timestamps.
 *
 * Deny by default inside an event's `data`: every field is sealed except the codes listed in
 * `CLEAR_EVENT_DATA` (free text a teacher types — 家访 notes, reasons, outcomes — is always sealed).
 */
import {
  BaoxueEvent,
  type ChangeEvent,
  type StatusChangeCase,
  type StoredEvent,
  type Student,
} from '../records';
import type { SyncedCollection } from './school';

type Personal = {
  students: readonly (keyof Student)[];
  cases: readonly (keyof StatusChangeCase)[];
  events: readonly (keyof StoredEvent)[];
  changes: readonly (keyof ChangeEvent)[];
};

/** Top-level personal fields per collection (sealed whole). */
export const PERSONAL = {
  students: [
    'xjh', // 全国学籍号: for a G-number, the citizen ID
    'xjfh',
    'name',
    'sex',
    'birthDate',
    'idNumber',
    'specialGroups', // 留守 / 孤儿 / 残疾 …
    'phone',
    'address',
    'suspension',
    'discipline',
  ],
  cases: ['xjh', 'name', 'reason', 'suspension', 'discipline', 'toSchool', 'fromSchool', 'currentUnit'],
  events: [],
  changes: ['recordId', 'summary'],
} as const satisfies Personal;

/**
 * Fields that name no one but that the server has no use for (review 16): where a record was read (the host's
 * name, the page), its problem codes, the 身份证件类型, a case's 异动类别 and 审核状态 as the host labels them.
 * Deny by default: sealed with the personal fields (`sealRecord` hides both), so the gateway takes none of them
 * in clear (server/sealedShape.ts) and a crafted write cannot carry a name in them. Not personal data of the
 * audit's categories (`DATA_CATEGORIES`): only kept from the server.
 */
export const SERVER_HAS_NO_USE = {
  students: ['idType', 'flags', 'source'],
  cases: ['changeType', 'reviewStatus', 'flags', 'source'],
  events: [],
  changes: ['source'],
} as const satisfies Personal;

/**
 * Identity fields (身份信息, issue 16: "a teacher's device never holds a citizen ID number"): sealed apart from
 * the other personal fields, in `idn`, with the school's office key, which only registrars and leaders hold
 * (lib/sync/keys.ts). A teacher's keyring has no office key, so even a raw copy of the server's database (a
 * bypassed gateway, a leaked backup, a teacher's own crafted request) does not open them on their device.
 *
 * What a teacher keeps (a judgement, said here so it can be argued with): name, sex, class, grade, 出生日期
 * (age rules for 适龄 and the 风险名单 read it; the ID number holds it anyway for the office), special groups,
 * phone and 家庭住址 (家访 and 劝返 need them: a 班主任 already keeps them in the class contact list). What they
 * do not: the 全国学籍号 (for a G-number it *is* the citizen ID), the 学籍辅号 (provinces use the ID number for
 * it), the 身份证件号, and a 学籍 change's record id (a 学籍号).
 */
export const IDENTITY = {
  students: ['xjh', 'xjfh', 'idNumber'],
  cases: ['xjh'],
  events: [],
  changes: ['recordId'],
} as const satisfies Personal;

/**
 * What a device without the office key holds in place of an identity field the record's type requires: an
 * empty string (shown as blank, never as a number).
 */
export const IDENTITY_PLACEHOLDER: Readonly<Record<SyncedCollection, Readonly<Record<string, string>>>> = {
  students: { xjh: '', idNumber: '' },
  cases: { xjh: '' },
  events: {},
  changes: { recordId: '' },
};

/**
 * Whether a collection's own id always names a person: a student's id is their 全国学籍号. Other ids are
 * judged by their value (`looksLikeIdNumber`): an event's id is `<kind>:<time>:<nonce>`, a case's the host's
 * business id or one built from the 学籍号.
 */
export const ID_IS_IDENTITY: Readonly<Record<SyncedCollection, boolean>> = {
  students: true,
  cases: false,
  events: false,
  changes: false,
};

/**
 * References that always name a student (a student's id is their 学籍号). On the server such a reference is the
 * child's keyed hash and nothing more: the office's device maps it back to the 学籍号 from the students it holds
 * (lib/sync/aliases.ts), so it needs no identity part (lib/sync/sealed.ts).
 */
export const IDENTITY_REFERENCES: Readonly<Record<SyncedCollection, readonly string[]>> = {
  students: [],
  cases: [],
  events: ['studentId'],
  changes: [],
};

/**
 * A value holding something shaped like a citizen ID number (15 or 18 characters, GB 11643) or a 全国学籍号
 * (a letter and 18): fifteen digits in a row. Judged by the value alone, so an id and every reference to it
 * land on the same side. Timestamps (13 digits) and dates do not match.
 */
export const looksLikeIdNumber = (v: string) => /\d{15}/.test(v);

/**
 * Fields holding another record's id (a student's 全国学籍号, a case id that may be derived from it): on
 * the server they are the same keyed hash as that record's document id, so rules can still match them.
 */
export const ID_REFERENCES = {
  students: [],
  cases: [],
  events: ['studentId', 'caseId', 'supersedes'],
  changes: [],
} as const satisfies Personal;

/**
 * A case's child, in clear on the server only (never on a device): the field `sealRecord` adds to a sealed case,
 * the same keyed hash as the child's student id there, so the gateway can give the case to the child's 帮扶
 * partner teacher (server/scope.ts). The case itself names its child only by 学籍号 (`xjh`, sealed with the office
 * key); `openRecord` removes this field again. A case sealed before it carries none: it stays its class's and the
 * office's only.
 */
export const CASE_CHILD_REF = 'studentRef';

/** Codes inside an event's `data` the server may see (everything else in `data` is sealed). */
export const CLEAR_EVENT_DATA: readonly string[] = [
  'date',
  'half',
  'mark',
  'method',
  'visitorRole',
  'step',
  'deadline',
  'doc',
  'state',
  'destKind',
  'type',
  'className',
  // A 重点生's 帮扶 partner teacher: a colleague's name (their account name), not the child's. The gateway
  // lets that account read this child (server/scope.ts), so it must see it.
  'partner',
];

type DataSchema =
  | { shape: Record<string, unknown> }
  | { options: readonly { shape: Record<string, unknown> }[] };
const literal = (v: unknown) => (v as { value?: unknown } | undefined)?.value;
/**
 * The clear codes of each kind of event's `data` (for a note, of each `type`): the keys its type in
 * lib/records.ts (`BaoxueEvent`) gives it, among `CLEAR_EVENT_DATA`. Derived, never listed by hand: a code of
 * one kind in another kind's data (a `partner` on a 家访) is sealed by the device and refused by the server.
 */
export const CLEAR_DATA_OF: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> =
  Object.fromEntries(
    BaoxueEvent.options.map((o) => {
      const data = o.shape.data as unknown as DataSchema;
      const clear = (shape: Record<string, unknown>) =>
        Object.keys(shape).filter((k) => CLEAR_EVENT_DATA.includes(k));
      const byType =
        'options' in data
          ? Object.fromEntries(data.options.map((t) => [String(literal(t.shape.type)), clear(t.shape)]))
          : { '': clear(data.shape) };
      return [o.shape.kind.value, byType];
    }),
  );

/**
 * The codes an event of this kind (a note: of this `type`) keeps in clear; none for a kind or a type unknown
 * here. A note names its type in `data.type`; other kinds have one set of codes.
 */
export function clearDataOf(kind: unknown, data: unknown): readonly string[] {
  if (typeof kind !== 'string' || !Object.hasOwn(CLEAR_DATA_OF, kind)) return [];
  const byType = CLEAR_DATA_OF[kind]!;
  if (Object.hasOwn(byType, '')) return byType['']!;
  const type = data && typeof data === 'object' ? (data as Record<string, unknown>).type : undefined;
  return typeof type === 'string' && Object.hasOwn(byType, type) ? byType[type]! : [];
}

/**
 * Collections whose document id may name a person: hashed on the server. A student's id is the 全国学籍号; a
 * case's may be built from it; an event's from its student (`absence:<学籍号>:<day>…`, lib/commands); a
 * change's from the record it is about. All of them, then.
 */
export const HASHED_IDS: Readonly<Record<SyncedCollection, boolean>> = {
  students: true,
  cases: true,
  events: true,
  changes: true,
};

/** The categories of personal data held, for the yearly audit (lib/audit). */
export const DATA_CATEGORIES = Object.fromEntries(
  Object.entries(PERSONAL).map(([c, fields]) => [c, [...fields]]),
) as Record<SyncedCollection, string[]>;
