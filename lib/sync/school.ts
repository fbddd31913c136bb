/**
 * What a school's sync server holds, shared by the server, its set-up command and the extension: the
 * databases (one per replicated collection: RxDB replicates a collection to a database of its own), the roles, and the rules the server enforces on every write (validate_doc_update).
 */

import { EVENT_KINDS } from '../records';
import { CodedError, say } from '../say';
import { type RefusalCode, refusalReason } from './refusals';

export const ROLES = ['registrar', 'teacher', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The collections a school shares (tasks and risk summaries are derived on each device). */
export const SYNCED = ['students', 'cases', 'events', 'changes'] as const;
export type SyncedCollection = (typeof SYNCED)[number];

/** A school code as the server's names take it: lower-case letters, digits, '-' and '_'. */
export function schoolCode(school: string): string {
  const code = school.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]{0,40}$/.test(code))
    throw new CodedError(say('err_school_code', school), `school code: a-z, 0-9, -, _: ${school}`);
  return code;
}

export const databaseName = (school: string, collection: SyncedCollection) =>
  `baoxue-${schoolCode(school)}-${collection}`;

/** The role every member of a school has on its databases. */
export const memberRole = (school: string) => `baoxue-${schoolCode(school)}`;

/** A user's staff roles (registrar, teacher …) without the school-membership ones, for showing. */
export const staffRoles = (roles: string[]) => roles.filter((r) => !r.startsWith('baoxue-'));

/** A refusal's reason as a string literal inside the rules CouchDB runs (lib/sync/refusals.ts). */
const R = (code: RefusalCode) => JSON.stringify(refusalReason(code));

/**
 * The server-side rules, as CouchDB runs them (ES5, no closures over outer variables). Anyone on staff
 * records events as themselves; nobody edits or deletes another person's record; only a registrar or a
 * leader verifies paperwork (documentReceived) or writes what is captured from the 学籍系统.
 */
export function validateDocUpdate(collection: SyncedCollection): string {
  return `function (newDoc, oldDoc, userCtx) {
  var roles = userCtx.roles || [];
  function has(r) { return roles.indexOf(r) !== -1; }
  if (has('_admin')) return;
  var collection = ${JSON.stringify(collection)};
  if (!userCtx.name) throw({ unauthorized: '请先登录 (login required)' });
  if (!(has('registrar') || has('teacher') || has('leader') || has('admin')))
    throw({ forbidden: ${R('staff-only')} });
  var office = has('registrar') || has('leader') || has('admin');
  if (oldDoc && newDoc._deleted === true && newDoc.retired === true && has('registrar')) return;
  if (oldDoc && typeof oldDoc.idn === 'string' && typeof newDoc.idn !== 'string')
    throw({ forbidden: ${R('loses-identity')} });
  if (collection !== 'events') {
    if (!office) throw({ forbidden: ${R('office-only')} });
    if (!newDoc._deleted && typeof newDoc.updatedAt !== 'number' && typeof newDoc.at !== 'number')
      throw({ forbidden: ${R('malformed-document')} });
    return;
  }
  if (oldDoc && oldDoc.author !== userCtx.name)
    throw({ forbidden: ${R('not-your-record')} });
  if (newDoc._deleted) {
    if (!has('admin')) throw({ forbidden: ${R('append-only')} });
    return;
  }
  var kinds = ${JSON.stringify(EVENT_KINDS)};
  if (kinds.indexOf(newDoc.kind) === -1 || typeof newDoc.at !== 'number' || !isFinite(newDoc.at) ||
      typeof newDoc.data !== 'object' || newDoc.data === null || Array.isArray(newDoc.data))
    throw({ forbidden: ${R('malformed-event')} });
  if (newDoc.author !== userCtx.name &&
      !(!oldDoc && newDoc.migrated === true && typeof newDoc.enc === 'string' && has('registrar')))
    throw({ forbidden: ${R('author-not-you')} });
  if (newDoc.kind === 'documentReceived' && !office)
    throw({ forbidden: ${R('office-verifies')} });
}`;
}

/**
 * The same rules on the device, before pushing: a record this user may not write stays on this device
 * (counted as held back) instead of a write the server would refuse. `school.test.ts` runs the server's function
 * beside this one over every role and kind of record, so the two cannot drift apart unnoticed.
 */
export function mayWrite(
  collection: SyncedCollection,
  doc: Readonly<Record<string, unknown>>,
  user: { name: string; roles: string[] },
): boolean {
  const has = (r: string) => user.roles.includes(r);
  if (has('_admin')) return true;
  const office = has('registrar') || has('leader') || has('admin');
  if (!office && !has('teacher')) return false; // staff only
  if (collection !== 'events') return office;
  if (doc.author !== user.name) return false; // nobody writes or deletes another person's record
  if (doc._deleted) return has('admin'); // and records are append-only
  return doc.kind !== 'documentReceived' || office;
}

/**
 * The rules the gateway runs on every staff write (the same as `validateDocUpdate`, which stays installed
 * on CouchDB as a second line): the reason the write is refused, or undefined when it may go through.
 * `oldDoc` is the server's current document (undefined: a new one).
 */
export function refusal(
  collection: SyncedCollection,
  newDoc: Readonly<Record<string, unknown>>,
  oldDoc: Readonly<Record<string, unknown>> | undefined,
  user: { name: string | null; roles: string[] },
): string | undefined {
  const has = (r: string) => user.roles.includes(r);
  if (has('_admin')) return undefined;
  if (!user.name) return refusalReason('login-required');
  if (!(has('registrar') || has('teacher') || has('leader') || has('admin')))
    return refusalReason('staff-only');
  const office = has('registrar') || has('leader') || has('admin');
  // A record retired by a registrar's migration once its copy is on the server under its new id: a plain one
  // from before encryption, sealed (加密旧数据, lib/sync/migrate.ts), or one under a child's old hash (更换编号密钥,
  // lib/sync/reid.ts): the one deletion of another's record, or of an event, allowed.
  if (oldDoc && newDoc._deleted === true && newDoc.retired === true && has('registrar')) return undefined;
  // A record whose identity fields (sealed with the office key, lib/sync/sealed.ts) a device without that key
  // would write over: refused, never stripped.
  if (oldDoc && typeof oldDoc.idn === 'string' && typeof newDoc.idn !== 'string')
    return refusalReason('loses-identity');
  if (collection !== 'events') {
    if (!office) return refusalReason('office-only');
    if (!newDoc._deleted && typeof newDoc.updatedAt !== 'number' && typeof newDoc.at !== 'number')
      return refusalReason('malformed-document');
    return undefined;
  }
  if (oldDoc && oldDoc.author !== user.name) return refusalReason('not-your-record');
  if (newDoc._deleted) return has('admin') ? undefined : refusalReason('append-only');
  if (
    typeof newDoc.kind !== 'string' ||
    !(EVENT_KINDS as readonly string[]).includes(newDoc.kind) ||
    // A finite time (JSON's 1e999 parses as Infinity and would be stored as null) and a plain object.
    typeof newDoc.at !== 'number' ||
    !Number.isFinite(newDoc.at) ||
    typeof newDoc.data !== 'object' ||
    newDoc.data === null ||
    Array.isArray(newDoc.data)
  )
    return refusalReason('malformed-event');
  // The one exception: a registrar's migration writes a plain record from before encryption again, sealed,
  // as new and marked `migrated` (lib/sync/migrate.ts), keeping the author who recorded it.
  const migrated = !oldDoc && newDoc.migrated === true && typeof newDoc.enc === 'string' && has('registrar');
  if (newDoc.author !== user.name && !migrated) return refusalReason('author-not-you');
  if (newDoc.kind === 'documentReceived' && !office) return refusalReason('office-verifies');
  return undefined;
}
