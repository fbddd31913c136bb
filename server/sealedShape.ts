/**
 * What a sealed school's server may hold in clear, per collection: an allow-list (issue 16, review finding 5).
 * A record `sealRecord` (lib/sync/sealed.ts) writes carries in clear only the fields of its zod record that the
 * lists in lib/sync/personal.ts leave out of `PERSONAL` and `IDENTITY`, its references (keyed hashes), the codes
 * of an event's `data` (`CLEAR_EVENT_DATA`), a case's `CASE_CHILD_REF`, and `enc`/`idn`. Every other field is
 * refused, whatever its name or value: the gateway cannot tell a child's name from a class name unless it knows
 * which shape each field may take, so each allowed field is checked by its shape too (an enum, a date, a class
 * name, a bounded account name, a keyed hash). An event's `data` may hold only the codes of its own kind (a note:
 * of its type), each checked by its type in lib/records.ts too. What the server has no use for (where a record was
 * read, its problem codes, 身份证件类型, 异动类别, 审核状态: `SERVER_HAS_NO_USE`) the device seals, and it is refused
 * here in clear (review 16). Derived from the same constants and records the sealer reads, and
 * a test seals sample records with a real keyring and passes every field through here (sealedShape.test.ts),
 * so the two cannot drift apart.
 */
import { CENTRAL_APPROVAL } from '../lib/paperwork/context';
import { DESTINATION_CODE, DESTINATION_KINDS } from '../lib/paperwork/destination';
import { DEFAULT_RULES } from '../lib/paperwork/rules';
import {
  BaoxueEvent,
  ChangeEvent,
  ChangeKind,
  EVENT_KINDS,
  HALVES,
  MARKS,
  PERSUASION_STEPS,
  PersuasionMethod,
  RiskNoteData,
  StatusChangeCase,
  StoredEvent,
  Student,
  VISITOR_ROLES,
  VisitMethod,
} from '../lib/records';
import {
  CASE_CHILD_REF,
  clearDataOf,
  HASHED_IDS,
  ID_REFERENCES,
  IDENTITY,
  PERSONAL,
  SERVER_HAS_NO_USE,
} from '../lib/sync/personal';
import type { SyncedCollection } from '../lib/sync/school';
import { isAlias } from '../lib/sync/sealed';

/** `doc`: the whole record, for a field whose shape depends on another (an event's `data` on its `kind`). */
type Check = (v: unknown, doc?: Doc) => boolean;
type Doc = Record<string, unknown>;

const str = (v: unknown): v is string => typeof v === 'string';
/** No run of digits long enough to be a phone number, a 学籍号 or an ID number (a year is 4). */
const noLongDigits = (s: string) => !/\d{5}/.test(s.normalize('NFKC'));
const oneOf =
  (values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v);
const timestamp: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e13;
const bool: Check = (v) => typeof v === 'boolean';
/** YYYY-MM-DD, or blank. A date the host showed unreadably stays sealed-out: it is refused in clear. */
const isoDay: Check = (v) => v === '' || (str(v) && /^\d{4}-\d{2}-\d{2}$/.test(v));
const yearMonth: Check = (v) => v === '' || (str(v) && /^\d{4}-\d{2}$/.test(v));
/** A keyed hash (`h-` and 32 characters), the only way a sealed record names a record that may name a child. */
const hash: Check = (v) => isAlias(v);
const hashOrBlank: Check = (v) => v === '' || isAlias(v);

/**
 * A document of a case's checklist (`documentReceived`'s `doc`): a code of the shipped rules (lib/paperwork/rules),
 * the 中心学校 step, the 去向 entry, or one a school added in 设置 (`custom-` and the time it was added, base 36:
 * components/options/PaperworkSection.tsx), which must read as a time since 2024 — never a number or a word.
 */
const DOCUMENT_CODES: ReadonlySet<string> = new Set([
  ...DEFAULT_RULES.flatMap((r) => r.documents.map((d) => d.code)),
  CENTRAL_APPROVAL.code,
  DESTINATION_CODE,
]);
const ADDED_SINCE = Date.UTC(2024, 0, 1);
const ADDED_UNTIL = Date.UTC(2100, 0, 1);
export const documentCode: Check = (v) => {
  if (!str(v)) return false;
  if (DOCUMENT_CODES.has(v)) return true;
  const m = /^custom-([0-9a-z]{8,9})$/.exec(v);
  const t = m ? Number.parseInt(m[1]!, 36) : Number.NaN;
  return t >= ADDED_SINCE && t < ADDED_UNTIL;
};

/**
 * A grade or class label as hosts and schools write them (lib/grades.ts reads their start): 七年级, 七年级1班,
 * 初三(2)班, 七（1）班, 2020级3班, 一年级实验班, 701班, 0701, 1班, （3）班, 三班, 初中一年级 — a grade, a class number,
 * a kind of class (实验班, 重点班 …), 班, each optional but in that order, and after 班 one kind in brackets
 * (一年级1班（双语）, 一年级1班(双语)); spaces inside (一年级 1 班) are dropped first, as the page readers drop them
 * (lib/capture/normalize.ts). The words before 班 and in the brackets are a closed list:
 * free Han text there (七年级钱小满班) could carry a child's name, so a class named otherwise is refused in clear
 * (the device's held-back list says 班级). Blank allowed (a record without one).
 */
const GRADE =
  '(?:[一二三四五六七八九1-9]年级|[一二三四五六七八九]|(?:初|高)中?[一二三1-3]年级|初中?[一二三四1-4]|小学?[一二三四五六1-6]年级|高中?[一二三1-3]|预备|预初|(?:19|20)\\d{2}级)';
/** A class's number: 1–4 digits (701, 0701), a Chinese numeral (三, 十二) or one letter (A班), maybe in brackets. */
const NUMBER = '(?:[(]?(?:[0-9]{1,4}|[一二三四五六七八九十]{1,3}|[A-Za-z])[)]?)';
/** Kinds of class schools name (实验班, 重点班, 毕业班 …): words, never a person. */
const KIND =
  '(?:实验|重点|火箭|普通|平行|英才|创新|特长|艺术|体育|音乐|美术|宏志|国际|尖子|强化|奥赛|竞赛|培优|民族|双语|励志|精英|提高|复读|毕业|特色|科技|素质|书法|理科|文科|直升|少儿)';
/** After 班, one kind in brackets (一年级1班（双语）: full-width brackets are half-width after NFKC), or nothing. */
const BRACKETED = `(?:[(]${KIND}[)])?`;
const CLASS = new RegExp(
  `^(?:${GRADE}\\s?(?:${NUMBER}\\s?)?(?:${KIND})?(?:班${BRACKETED})?|(?:${NUMBER}\\s?)?(?:${KIND})?班${BRACKETED}|${NUMBER})$`,
  'u',
);
export const classLabel: Check = (v) =>
  v === '' || (str(v) && v.length <= 24 && CLASS.test(v.normalize('NFKC').replace(/\s+/gu, '')));
/** An account name (an event's author, a 帮扶 partner): bounded, no run of digits a phone would need. */
const account: Check = (v) => str(v) && v.length >= 1 && v.length <= 64 && noLongDigits(v);

/**
 * A sealed part: `<key id>.<iv>.<ciphertext>` (lib/sync/sealed.ts `seal`). The key id is the keyring's form
 * (`newKeyId`: 8 characters of base64url; an office key `o` and 8 — lib/sync/envelope.ts), at most that long
 * so no phone number or 学籍号 rides in it; the IV at most 12 bytes in base64; the rest base64.
 */
const sealedPart =
  (keyId: string): Check =>
  (v) =>
    str(v) && new RegExp(`^${keyId}\\.[A-Za-z0-9+/]{1,16}={0,2}\\.[A-Za-z0-9+/]*={0,2}$`).test(v);

/**
 * The shape of each code an event's `data` keeps in clear: one for every entry of `CLEAR_EVENT_DATA`. Which codes
 * an event may hold is its kind's (`clearDataOf`), and each must also pass its kind's own type (`FIELD`).
 */
export const EVENT_DATA_SHAPE: Readonly<Record<string, Check>> = {
  date: isoDay,
  half: oneOf(HALVES),
  mark: oneOf(MARKS),
  // Today's codes, or the words older versions stored (上门, 电话 …), which the records still read as those codes.
  method: (v) => VisitMethod.safeParse(v).success || PersuasionMethod.safeParse(v).success,
  visitorRole: oneOf(VISITOR_ROLES),
  step: oneOf(PERSUASION_STEPS),
  deadline: isoDay,
  doc: documentCode,
  state: oneOf(['received', 'withdrawn']),
  destKind: (v) => v === '' || oneOf(DESTINATION_KINDS)(v),
  type: oneOf(RiskNoteData.options.map((o) => o.shape.type.value)),
  className: classLabel,
  partner: (v) => v === '' || account(v),
};

type Parser = { safeParse(v: unknown): { success: boolean } };
type DataSchema =
  | { shape: Record<string, Parser> }
  | { options: readonly { shape: Record<string, Parser> }[] };
/** Each kind's (a note: each type's) zod type of each `data` field, from lib/records.ts `BaoxueEvent`. */
const FIELD: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, Parser>>>>>> =
  Object.fromEntries(
    BaoxueEvent.options.map((o) => {
      const data = o.shape.data as unknown as DataSchema;
      const byType =
        'options' in data
          ? Object.fromEntries(
              data.options.map((t) => [
                String((t.shape.type as unknown as { value: unknown }).value),
                t.shape,
              ]),
            )
          : { '': data.shape };
      return [o.shape.kind.value, byType];
    }),
  );
const fieldType = (kind: string, data: Doc, key: string): Parser | undefined => {
  const byType = FIELD[kind];
  const shape = byType?.[''] ?? byType?.[String(data.type)];
  return shape && Object.hasOwn(shape, key) ? shape[key] : undefined;
};

/** An event's clear `data`: only its kind's codes, each of its code's shape and of its kind's type. */
const eventData: Check = (v, doc) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const data = v as Doc;
  const kind = doc?.kind;
  const allowed = clearDataOf(kind, data);
  return Object.entries(data).every(
    ([k, w]) =>
      allowed.includes(k) &&
      Object.hasOwn(EVENT_DATA_SHAPE, k) &&
      EVENT_DATA_SHAPE[k]!(w, doc) &&
      fieldType(String(kind), data, k)?.safeParse(w).success === true,
  );
};

/**
 * The shape of every field of a record that the sealer leaves in clear, by collection. Which fields those are is
 * not written here but derived (`CLEAR_FIELDS`); a field the records gain shows up there without a shape, and the
 * test says so.
 */
const SHAPES: Readonly<Record<SyncedCollection, Readonly<Record<string, Check>>>> = {
  students: {
    grade: classLabel,
    className: classLabel,
    enrolled: yearMonth,
    boarding: bool,
    onRoll: bool,
    updatedAt: timestamp,
  },
  cases: {
    grade: classLabel,
    className: classLabel,
    toGrade: classLabel,
    changeDate: isoDay,
    appliedDate: isoDay,
    updatedAt: timestamp,
    [CASE_CHILD_REF]: hash,
  },
  events: {
    kind: oneOf(EVENT_KINDS),
    studentId: hashOrBlank,
    caseId: hashOrBlank,
    supersedes: hashOrBlank,
    author: account,
    at: timestamp,
    recordedAt: timestamp,
    data: eventData,
  },
  changes: {
    kind: oneOf(ChangeKind.options),
    at: timestamp,
  },
};

const RECORDS = { students: Student, cases: StatusChangeCase, events: StoredEvent, changes: ChangeEvent };

/**
 * The fields `sealRecord` leaves in clear, derived as it decides: a record's fields but its id, its personal and
 * identity ones and those the server has no use for (sealed); its references (in clear as hashes); a case's
 * child reference.
 */
export const CLEAR_FIELDS: Readonly<Record<SyncedCollection, readonly string[]>> = Object.fromEntries(
  (Object.keys(RECORDS) as SyncedCollection[]).map((c) => {
    const hidden = new Set<string>(['id', ...PERSONAL[c], ...IDENTITY[c], ...SERVER_HAS_NO_USE[c]]);
    const fields = Object.keys(RECORDS[c].shape).filter((f) => !hidden.has(f));
    for (const f of ID_REFERENCES[c]) if (!fields.includes(f)) fields.push(f);
    if (c === 'cases') fields.push(CASE_CHILD_REF);
    return [c, fields];
  }),
) as Record<SyncedCollection, string[]>;

/** The CouchDB and sealing fields every sealed record may carry (the gateway checks `_rev`, `_deleted` itself). */
const ENVELOPE: Readonly<Record<string, Check>> = {
  _id: () => true,
  _rev: () => true,
  _deleted: bool,
  enc: sealedPart('[A-Za-z0-9_-]{1,8}'),
  idn: sealedPart('o[A-Za-z0-9_-]{1,8}'),
  // The server's marks: a record the migration or the re-id wrote, one it retired (lib/sync/migrate.ts, reid.ts).
  migrated: (v) => v === true,
  retired: (v) => v === true,
  // A retired child's new id, on its tombstone (更换编号密钥, server/reidMoved.ts): a keyed hash only.
  movedTo: isAlias,
};

/**
 * What of a write to a sealed school is not the shape the sealer writes: the fields refused (empty: none).
 * `old`: the server's current copy; a deletion of a plain record held there (加密旧数据 retiring it) may name
 * it by its plain id, carrying nothing else.
 */
export function unsealedFields(c: SyncedCollection, doc: Doc, old: Doc | undefined): string[] {
  const bad: string[] = [];
  const allowed = new Set(CLEAR_FIELDS[c]);
  for (const [f, v] of Object.entries(doc)) {
    const check = Object.hasOwn(ENVELOPE, f) ? ENVELOPE[f] : allowed.has(f) ? SHAPES[c][f] : undefined;
    if (!check?.(v, doc)) bad.push(f);
  }
  const id = doc._id;
  const retiring =
    doc._deleted === true && old !== undefined && Object.keys(doc).every((f) => Object.hasOwn(ENVELOPE, f));
  if (HASHED_IDS[c] && !isAlias(id) && !retiring) bad.push('_id');
  return [...new Set(bad)];
}

/** The shape of a clear field, for the drift test: undefined when the allow-list has none for it. */
export const shapeOf = (c: SyncedCollection, f: string): Check | undefined =>
  Object.hasOwn(ENVELOPE, f) ? ENVELOPE[f] : SHAPES[c][f];
