/**
 * The 适龄儿童 list and the daily class reports against the store.
 *
 * Children are personal data from a registrar's own import: kept on this device only, as documents of the
 * device-local settings collection under ids `child:…` (a collection of their own would take two open
 * stores in one realm, as the backup and sync tests open, past RxDB's limit of 13 collections). Each value
 * is parsed with its zod type when read. The daily report is an append-only event, like an absence mark.
 */

import type { BaoxueDatabase } from '../db/types';
import { SchoolAgeChild, type Setting } from '../records';
import { CodedError, say } from '../say';
import type { ImportedChild } from './importChildren';
import type { Whereabouts } from './ledger';
import { type EnrolmentSettings, parseEnrolmentSettings } from './schoolAge';

export const CHILD_PREFIX = 'child:';
export const ENROLMENT_SETTINGS_ID = 'enrolment';
/** Every child document's id lies in this range (':' + 1 is ';'). */
export const CHILD_SELECTOR = { id: { $gt: CHILD_PREFIX, $lt: 'child;' } };

const docId = (childId: string) => `${CHILD_PREFIX}${childId}`;

/** A stored document → the child it holds; anything else (a bad value) → null. */
export function childFromDoc(doc: Pick<Setting, 'id' | 'value'>): SchoolAgeChild | null {
  if (!doc.id.startsWith(CHILD_PREFIX)) return null;
  try {
    const r = SchoolAgeChild.safeParse(JSON.parse(doc.value));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export async function readChildren(db: BaoxueDatabase): Promise<SchoolAgeChild[]> {
  const docs = await db.settings.find({ selector: CHILD_SELECTOR }).exec();
  return docs.map((d) => childFromDoc(d)).filter((c) => c !== null);
}

/**
 * Saves an imported list in one write: a child already stored is updated from the list and keeps the
 * 去向 the registrar recorded. Returns how many were new.
 */
export async function saveChildren(
  db: BaoxueDatabase,
  list: ImportedChild[],
  now = Date.now(),
): Promise<number> {
  const existing = await db.settings.findByIds(list.map((c) => docId(c.id))).exec();
  let added = 0;
  const docs: Setting[] = list.map((c) => {
    const before = existing.get(docId(c.id));
    const old = before ? childFromDoc(before) : null;
    if (!old) added++;
    const child = SchoolAgeChild.parse({
      ...c,
      whereabouts: old?.whereabouts ?? '',
      importedAt: now,
      updatedAt: now,
    });
    return { id: docId(c.id), value: JSON.stringify(child), updatedAt: now };
  });
  const { error } = await db.settings.bulkUpsert(docs);
  if (error.length)
    throw new CodedError(say('err_records_not_saved', error.length, String(error[0]!.status)));
  return added;
}

/** Records (or clears, with '') where a child not on the roll is being schooled instead. */
export async function setWhereabouts(
  db: BaoxueDatabase,
  childId: string,
  whereabouts: Whereabouts | '',
  now = Date.now(),
): Promise<void> {
  const doc = await db.settings.findOne(docId(childId)).exec();
  const child = doc ? childFromDoc(doc) : null;
  if (!child) throw new CodedError(say('err_child_not_found', childId));
  const next = SchoolAgeChild.parse({ ...child, whereabouts, updatedAt: now });
  await db.settings.upsert({ id: docId(childId), value: JSON.stringify(next), updatedAt: now });
}

/** Removes the whole list from this device (a registrar's list is hers to delete: PIPL, least data kept). */
export async function removeChildren(db: BaoxueDatabase): Promise<number> {
  const docs = await db.settings.find({ selector: CHILD_SELECTOR }).exec();
  if (docs.length) await db.settings.bulkRemove(docs.map((d) => d.id));
  return docs.length;
}

export async function readEnrolmentSettings(db: BaoxueDatabase): Promise<EnrolmentSettings> {
  return parseEnrolmentSettings((await db.settings.findOne(ENROLMENT_SETTINGS_ID).exec())?.value);
}

export async function writeEnrolmentSettings(db: BaoxueDatabase, s: EnrolmentSettings): Promise<void> {
  await db.settings.upsert({ id: ENROLMENT_SETTINGS_ID, value: JSON.stringify(s), updatedAt: Date.now() });
}
