/**
 * 未上传的记录 (held back: records the school's rules do not let this user upload, lib/sync/replicate.ts): the
 * list a person reads is kept true — an entry goes when the server later takes the record, when the device
 * no longer holds it in any form, or when its user discards this device's copy (lib/commands/discard.ts).
 * Nothing here sends anything: a discarded record is removed on this device only, and its removal is never
 * offered to the server (the push asks `isDiscarded`).
 */
import type { RxCollection } from 'rxdb';
import { readSetting, writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import { z } from '../zod';
import { REFUSALS, readRefusal } from './refusals';
import { SYNCED } from './school';
import type { SyncStatus } from './status';

export type HeldEntry = NonNullable<SyncStatus['held']>[number];

const keyOf = (h: { collection: string; id: string }) => `${h.collection}/${h.id}`;

/**
 * The held list after a sync pass: what was held before and what this pass held (each once, the first entry
 * kept: it may carry the reason and the child's name), less what the server took in this pass and what the
 * device no longer holds. Also how many entries went (the count shown beside the list goes down with it).
 */
export function mergeHeld(
  before: readonly HeldEntry[],
  added: readonly HeldEntry[],
  o: { accepted: ReadonlySet<string>; onDevice: ReadonlySet<string> },
): { held: HeldEntry[]; cleared: number } {
  const seen = new Set<string>();
  const all: HeldEntry[] = [];
  for (const h of [...before, ...added]) {
    const k = keyOf(h);
    if (seen.has(k)) {
      // A later entry may add what the first lacked (the purge names a child a refusal did not).
      const i = all.findIndex((x) => keyOf(x) === k);
      if (i >= 0 && !all[i]!.why && h.why) all[i] = { ...all[i]!, ...h };
      // The server's latest reason is the one that holds (a newer version of the device may meet another).
      if (i >= 0 && h.refused && h.refused !== all[i]!.refused) all[i] = { ...all[i]!, refused: h.refused };
      continue;
    }
    seen.add(k);
    all.push(h);
  }
  const kept = all.filter((h) => !o.accepted.has(keyOf(h)) && o.onDevice.has(keyOf(h)));
  const cleared = before.filter((h) => !kept.some((k) => keyOf(k) === keyOf(h))).length;
  return { held: kept.slice(-500), cleared };
}

/**
 * An older server's refusals (before refusal codes, lib/sync/refusals.ts) that are about who may write (a role,
 * whose record, a member of the school), by the English part of their words: kept for a server not yet updated.
 */
const ROLE_REFUSALS = [
  'staff only',
  'registrar or leader only',
  'not your record',
  'author must be the logged-in user',
  'not a member of this school',
  'only a registrar or a leader',
  'registrars only',
  'office only',
  'this child is not in your classes',
];

/**
 * Why a held entry waits, as 未上传的记录 tells it. `role`: the school's rules do not let this user upload it
 * (held by this device's own check, or a server refusal about role or scope): the registrar, a leader or the
 * recorder uploads it. `refused`: the server's words as they came, without its code (e.g. a class name the server cannot read:
 * check it in the 学籍系统), where telling the registrar "tell the registrar" would help nobody.
 */
export function heldReason(h: Pick<HeldEntry, 'refused'>): { role: boolean; refused?: string } {
  const r = h.refused?.trim();
  if (!r || r === 'forbidden') return { role: true };
  // Decided by the server's refusal code; without a code this device knows (an older server), by its words.
  const { code, words } = readRefusal(r);
  const role = code ? REFUSALS[code].role : ROLE_REFUSALS.some((w) => words.includes(w));
  return { role, ...(words ? { refused: words } : {}) };
}

/** Which of these records this device still holds, live or as a deletion not yet purged (`collection/id`). */
export async function onDevice(db: BaoxueDatabase, held: readonly HeldEntry[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const c of SYNCED) {
    const ids = held.filter((h) => h.collection === c).map((h) => h.id);
    if (!ids.length) continue;
    const docs = await (db[c] as RxCollection<unknown>).storageInstance.findDocumentsById(ids, true);
    for (const d of docs) out.add(`${c}/${String((d as Record<string, unknown>).id)}`);
  }
  return out;
}

const DISCARDED_ID = 'sync-discarded';
const Discarded = z.array(z.string().max(300)).max(500);

/** Records whose held-back copy this device's user discarded (`collection/id`): their removal is never sent. */
export async function discardedKeys(db: BaoxueDatabase): Promise<Set<string>> {
  return new Set((await readSetting(db, DISCARDED_ID, Discarded)) ?? []);
}

export async function rememberDiscarded(db: BaoxueDatabase, collection: string, id: string): Promise<void> {
  const list = [...(await discardedKeys(db))].filter((k) => k !== `${collection}/${id}`);
  await writeSetting(db, DISCARDED_ID, [...list, `${collection}/${id}`].slice(-500));
}

export const isDiscarded = async (db: BaoxueDatabase, collection: string, id: string) =>
  (await discardedKeys(db)).has(`${collection}/${id}`);
