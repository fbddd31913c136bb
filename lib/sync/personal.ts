/**
 * Which fields of a replicated record are a person's (PIPL: children under 14 are sensitive), in one
 * place: these leave the device only encrypted (lib/sync/sealed.ts). The lists are typed by the zod
 * records, so a renamed field fails the typecheck here. What stays clear is what the server needs to
 * route, validate and filter: kind, class, grade, dates, author, status codes, timestamps.
 *
 * Deny by default inside an event's `data`: every field is sealed except the codes listed in
 * `CLEAR_EVENT_DATA` (free text a teacher types — 家访 notes, reasons, outcomes — is always sealed).
 */
import type { ChangeEvent, StatusChangeCase, StoredEvent, Student } from '../records';
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
 * Fields holding another record's id (a student's 全国学籍号, a case id that may be derived from it): on
 * the server they are the same keyed hash as that record's document id, so rules can still match them.
 */
export const ID_REFERENCES = {
  students: [],
  cases: [],
  events: ['studentId', 'caseId', 'supersedes'],
  changes: [],
} as const satisfies Personal;

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
];

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
