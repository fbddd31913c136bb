/**
 * What a sealed school's server may hold in clear, per collection: an allow-list (issue 16, review finding 5).
 * A record `sealRecord` (lib/sync/sealed.ts) writes carries in clear only the fields of its zod record that the
 * lists in lib/sync/personal.ts leave out of `PERSONAL` and `IDENTITY`, its references (keyed hashes), the codes
 * of an event's `data` (`CLEAR_EVENT_DATA`), a case's `CASE_CHILD_REF`, and `enc`/`idn`. Every other field is
 * refused, whatever its name or value: the gateway cannot tell a child's name from a class name unless it knows
 * which shape each field may take, so each allowed field is checked by its shape too (an enum, a date, a class
 * name, a bounded account name, a keyed hash). Derived from the same constants and records the sealer reads, and
 * a test seals sample records with a real keyring and passes every field through here (sealedShape.test.ts),
 * so the two cannot drift apart.
 */
import { DESTINATION_KINDS } from '../lib/paperwork/destination';
import {
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
  CLEAR_EVENT_DATA,
  HASHED_IDS,
  ID_REFERENCES,
  IDENTITY,
  PERSONAL,
} from '../lib/sync/personal';
import type { SyncedCollection } from '../lib/sync/school';
import { isAlias } from '../lib/sync/sealed';

type Check = (v: unknown) => boolean;
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
/** A code: lower-case words and dashes (`id-checksum`, `transfer-form`). */
const code: Check = (v) => str(v) && /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/.test(v);

/**
 * A grade or class label as hosts write them (lib/grades.ts reads their start): 七年级, 七年级1班, 初三(2)班,
 * 七（1）班, 2020级3班, 一年级实验班 — a grade, then at most a class number or up to four characters before 班.
 * Bounded, so a name cannot ride in it whole (`钱小满` alone is refused); blank allowed (a record without one).
 */
const GRADE =
  '(?:[一二三四五六七八九1-9]年级|[一二三四五六七八九]|(?:初|高)中?[一二三1-3]年级|初中?[一二三四1-4]|小学?[一二三四五六1-6]年级|高中?[一二三1-3]|预备|预初|(?:19|20)\\d{2}级)';
/**
 * Schools name classes themselves, and many write no grade: 701班, 0701, 1班, （3）班, 三班. Refusing those would
 * keep a whole school's records off the server, so they pass too (still bounded: no name, no 5-digit run).
 */
const NUMBERED = '(?:[（(]?(?:[0-9]{1,4}|[一二三四五六七八九十]{1,3})[)）]?\\s?班?)';
const CLASS = new RegExp(`^(?:${GRADE}\\s?(?:${NUMBERED}|\\p{Script=Han}{0,4}班)?|${NUMBERED})$`, 'u');
export const classLabel: Check = (v) =>
  v === '' || (str(v) && v.length <= 24 && CLASS.test(v.normalize('NFKC').trim()));
/** A host's status label (异动类别, 审核状态 …): short words, no digits at all. */
const label: Check = (v) =>
  str(v) && v.length <= 16 && /^[\p{Script=Han}A-Za-z（）()·\s/-]*$/u.test(v) && !/\d/.test(v);
/** An account name (an event's author, a 帮扶 partner): bounded, no run of digits a phone would need. */
const account: Check = (v) => str(v) && v.length >= 1 && v.length <= 64 && noLongDigits(v);
const flags: Check = (v) => Array.isArray(v) && v.length <= 64 && v.every(code);
const provenance: Check = (v) => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Doc;
  return (
    Object.keys(o).every((k) => k === 'host' || k === 'pageKind' || k === 'seenAt') &&
    str(o.host) &&
    /^[A-Za-z0-9.-]{0,253}(?::\d{1,5})?$/.test(o.host) &&
    (o.pageKind === '' || code(o.pageKind)) &&
    (o.seenAt === undefined || timestamp(o.seenAt))
  );
};
/** A sealed part: `<key id>.<iv>.<ciphertext>` (lib/sync/sealed.ts `seal`). */
const sealedPart: Check = (v) => str(v) && /^[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]*$/.test(v);

/** The shape of each code an event's `data` keeps in clear: one for every entry of `CLEAR_EVENT_DATA`. */
export const EVENT_DATA_SHAPE: Readonly<Record<string, Check>> = {
  date: isoDay,
  half: oneOf(HALVES),
  mark: oneOf(MARKS),
  // Today's codes, or the words older versions stored (上门, 电话 …), which the records still read as those codes.
  method: (v) => VisitMethod.safeParse(v).success || PersuasionMethod.safeParse(v).success,
  visitorRole: oneOf(VISITOR_ROLES),
  step: oneOf(PERSUASION_STEPS),
  deadline: isoDay,
  doc: code,
  state: oneOf(['received', 'withdrawn']),
  destKind: (v) => v === '' || oneOf(DESTINATION_KINDS)(v),
  type: oneOf(RiskNoteData.options.map((o) => o.shape.type.value)),
  className: classLabel,
  partner: (v) => v === '' || account(v),
};

const eventData: Check = (v) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.entries(v as Doc).every(
    ([k, w]) => CLEAR_EVENT_DATA.includes(k) && Object.hasOwn(EVENT_DATA_SHAPE, k) && EVENT_DATA_SHAPE[k]!(w),
  );
};

/**
 * The shape of every field of a record that the sealer leaves in clear, by collection. Which fields those are is
 * not written here but derived (`CLEAR_FIELDS`); a field the records gain shows up there without a shape, and the
 * test says so.
 */
const SHAPES: Readonly<Record<SyncedCollection, Readonly<Record<string, Check>>>> = {
  students: {
    idType: (v) => str(v) && v.length <= 16 && noLongDigits(v),
    grade: classLabel,
    className: classLabel,
    enrolled: yearMonth,
    boarding: bool,
    onRoll: bool,
    flags,
    source: provenance,
    updatedAt: timestamp,
  },
  cases: {
    grade: classLabel,
    className: classLabel,
    toGrade: classLabel,
    changeType: label,
    changeDate: isoDay,
    appliedDate: isoDay,
    reviewStatus: label,
    flags,
    source: provenance,
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
    source: provenance,
  },
};

const RECORDS = { students: Student, cases: StatusChangeCase, events: StoredEvent, changes: ChangeEvent };

/**
 * The fields `sealRecord` leaves in clear, derived as it decides: a record's fields but its id, its personal and
 * identity ones (sealed); its references (in clear as hashes); a case's child reference.
 */
export const CLEAR_FIELDS: Readonly<Record<SyncedCollection, readonly string[]>> = Object.fromEntries(
  (Object.keys(RECORDS) as SyncedCollection[]).map((c) => {
    const hidden = new Set<string>(['id', ...PERSONAL[c], ...IDENTITY[c]]);
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
  enc: sealedPart,
  idn: sealedPart,
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
    if (!check?.(v)) bad.push(f);
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
