/** Conflicts found while syncing, kept on this device (newest first, at most 200) for a person to review. */
import type { BaoxueDatabase } from '../db/database';
import { z } from '../zod';
import { SyncConflict } from './conflicts';

export const CONFLICTS_ID = 'sync-conflicts';
const List = z.array(SyncConflict);

export function parseConflicts(value: string | undefined): SyncConflict[] {
  if (!value) return [];
  try {
    const parsed = List.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

let queue = Promise.resolve();

export function recordConflicts(db: BaoxueDatabase, found: SyncConflict[]): Promise<void> {
  queue = queue
    .then(async () => {
      const doc = await db.settings.findOne(CONFLICTS_ID).exec();
      const list = [...found, ...parseConflicts(doc?.value)].slice(0, 200);
      await db.settings.upsert({ id: CONFLICTS_ID, value: JSON.stringify(list), updatedAt: Date.now() });
    })
    .catch((e) => console.error('could not record sync conflicts', e));
  return queue;
}

export async function clearConflicts(db: BaoxueDatabase): Promise<void> {
  await (await db.settings.findOne(CONFLICTS_ID).exec())?.remove();
}
