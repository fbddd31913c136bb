/**
 * 放弃本机记录: a record the server holds back (未上传的记录, lib/sync/held.ts) is discarded from this device
 * at its user's word, after a confirmation that says what is lost (components/sync/HeldBack.tsx). Only a
 * record the held list names may go this way (deny by default: no other record is removed by a command), and
 * its removal is this device's alone — never sent to the server (the push asks lib/sync/held.ts), never held
 * back again. The entry leaves the list and the count with it.
 */
import type { RxCollection } from 'rxdb';
import type { BaoxueDatabase } from '../db/types';
import { rememberDiscarded } from '../sync/held';
import { readStatus, writeStatus } from '../sync/status';
import { CommandRefused } from './commands';

export async function discardHeld(
  db: BaoxueDatabase,
  input: { collection: 'students' | 'cases' | 'events' | 'changes'; id: string },
): Promise<{ discarded: number }> {
  const status = await readStatus(db);
  const held = status.held ?? [];
  const entry = held.find((h) => h.collection === input.collection && h.id === input.id);
  if (!entry) throw new CommandRefused('cmd_err_not_held');
  // Remembered first: a push that sees the removal before this write ends must still not send it.
  await rememberDiscarded(db, input.collection, input.id);
  const collection = db[input.collection] as RxCollection<unknown>;
  const doc = await collection.findOne(input.id).exec();
  if (doc) await doc.remove();
  // The tombstone would still hold the record's fields: purged now.
  await collection.storageInstance.cleanup(0);
  await writeStatus(db, {
    held: held.filter((h) => h !== entry),
    heldBack: Math.max(0, (status.heldBack ?? 0) - 1),
  });
  return { discarded: doc ? 1 : 0 };
}
