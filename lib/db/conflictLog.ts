/** Conflicts found while syncing, kept on this device (newest first, at most 200) for a person to review. */

import { CodedError, say } from '../say';
import { z } from '../zod';
import { SyncConflict } from './conflicts';
import { parseSettingValue, readSetting, removeSetting, writeSetting } from './settingValue';
import type { BaoxueDatabase } from './types';

export const CONFLICTS_ID = 'sync-conflicts';
const List = z.array(SyncConflict);

export const parseConflicts = (value: string | undefined): SyncConflict[] =>
  parseSettingValue(List, value) ?? [];

let queue = Promise.resolve();

export function recordConflicts(db: BaoxueDatabase, found: SyncConflict[]): Promise<void> {
  queue = queue
    .then(async () => {
      const list = [...found, ...((await readSetting(db, CONFLICTS_ID, List)) ?? [])].slice(0, 200);
      await writeSetting(db, CONFLICTS_ID, list);
    })
    .catch((e) => console.error('could not record sync conflicts', e));
  return queue;
}

/**
 * A person chose the value that was not kept: it is written as an ordinary edit (so it replicates and every
 * device ends with it), and the conflict leaves the list. Events are append-only, so theirs are reviewed,
 * not restored: a correction is a new event.
 */
export async function restoreConflict(db: BaoxueDatabase, conflict: SyncConflict): Promise<void> {
  if (!(RESTORABLE as readonly string[]).includes(conflict.collection))
    throw new CodedError(say('err_conflict_not_edited', conflict.collection));
  const collection = db[conflict.collection as (typeof RESTORABLE)[number]];
  const doc = await collection.findOne(conflict.docId).exec();
  if (!doc) throw new CodedError(say('err_conflict_not_here', conflict.docId));
  await doc.incrementalPatch({ [conflict.field]: conflict.dropped, updatedAt: Date.now() } as never);
  await dropConflict(db, conflict);
}

export const RESTORABLE = ['students', 'cases'] as const;

export async function dropConflict(db: BaoxueDatabase, conflict: SyncConflict): Promise<void> {
  queue = queue.then(async () => {
    const same = (c: SyncConflict) =>
      c.at === conflict.at && c.docId === conflict.docId && c.field === conflict.field;
    const list = ((await readSetting(db, CONFLICTS_ID, List)) ?? []).filter((c) => !same(c));
    await writeSetting(db, CONFLICTS_ID, list);
  });
  const done = queue;
  queue = queue.catch((e) => console.error('could not update sync conflicts', e));
  return done;
}

export async function clearConflicts(db: BaoxueDatabase): Promise<void> {
  await removeSetting(db, CONFLICTS_ID);
}
