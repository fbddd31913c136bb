/**
 * What a person needs to know about sync, kept as a device-local setting so every page (and the dot in
 * the host page's status strip) shows the same: when it last completed, how many local changes the server
 * has not confirmed, and what is wrong in plain words.
 */
import type { RxCollection } from 'rxdb';
import { changedSince } from '../db/bulk';
import { parseSettingValue, writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import { z } from '../zod';
import { SYNCED } from './school';

export const STATUS_ID = 'sync-status';

export const SyncStatus = z.object({
  state: z.enum(['off', 'syncing', 'ok', 'error']),
  lastSyncedAt: z.number().optional(),
  /** Local changes written since the last completed sync. */
  pending: z.number(),
  /** Records this user may not write (by the school's rules), kept on this device only. */
  heldBack: z.number().optional(),
  /** Which records are held back (collection and id), so a person can see them and what to do. */
  held: z
    .array(
      z.object({
        collection: z.string().max(32),
        id: z.string().max(256),
        /**
         * Why, when this device knows better than "not yours": `left-class`, a record about a child of a class
         * this teacher no longer teaches (written offline before the change; the child is no longer on this
         * device, so its name and class are kept here while the record waits).
         */
        why: z.enum(['left-class']).optional(),
        /** The server's own words for refusing this record (validate_doc_update, a sealed school's checks). */
        refused: z.string().max(1000).optional(),
        name: z.string().max(100).optional(),
        className: z.string().max(64).optional(),
      }),
    )
    .max(500)
    .optional(),
  /**
   * The server gives this member none of the school's children yet: a teacher whose account has no classes
   * assigned (server/scope.ts). Shown, so an empty school is not taken for an empty sync.
   */
  noClasses: z.boolean().optional(),
  problem: z
    .enum([
      'unreachable',
      'wrong-password',
      'throttled',
      'no-permission',
      'database-missing',
      'not-server',
      'refused',
    ])
    .optional(),
  detail: z.string().optional(),
  at: z.number(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const OFF: SyncStatus = { state: 'off', pending: 0, at: 0 };

export const parseStatus = (value: string | undefined): SyncStatus =>
  parseSettingValue(SyncStatus, value) ?? OFF;

export async function readStatus(db: BaoxueDatabase): Promise<SyncStatus> {
  return parseStatus((await db.settings.findOne(STATUS_ID).exec())?.value);
}

export async function writeStatus(db: BaoxueDatabase, patch: Partial<SyncStatus>): Promise<SyncStatus> {
  const next = { ...(await readStatus(db)), ...patch, at: Date.now() };
  if (next.state !== 'error') {
    delete next.problem;
    delete next.detail;
  }
  await writeSetting(db, STATUS_ID, next);
  return next;
}

/** Documents of the shared collections written on this device since `since` (ms). */
export async function countPending(db: BaoxueDatabase, since: number): Promise<number> {
  let n = 0;
  for (const c of SYNCED)
    n += (await changedSince(db[c] as RxCollection<unknown>, { id: '', lwt: since })).docs.length;
  return n;
}
