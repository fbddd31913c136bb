/**
 * Opens the Baoxue store: RxDB over Dexie (IndexedDB) in the extension's own origin. The service worker
 * and every extension page open the same database (multiInstance), so a page's reactive queries see what
 * the worker writes. Never opened from a content script: that would be the host site's IndexedDB.
 */
import { addRxPlugin, createRxDatabase, type RxStorage } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { COLLECTIONS } from './collections';
import { recordConflicts } from './conflictLog';
import { conflictHandlerFor } from './conflicts';
import type { BaoxueCollections, BaoxueDatabase } from './types';

addRxPlugin(RxDBMigrationSchemaPlugin);
addRxPlugin(RxDBLeaderElectionPlugin);

export const DB_NAME = 'baoxue';

export async function openDatabase(
  opts: { name?: string; storage?: RxStorage<unknown, unknown>; multiInstance?: boolean } = {},
): Promise<BaoxueDatabase> {
  const db = await createRxDatabase<BaoxueCollections>({
    name: opts.name ?? DB_NAME,
    storage: opts.storage ?? getRxStorageDexie(),
    multiInstance: opts.multiInstance ?? true,
    eventReduce: true,
    closeDuplicates: true,
  });
  await db.addCollections(
    Object.fromEntries(
      Object.entries(COLLECTIONS).map(([name, c]) => [
        name,
        {
          schema: c.schema,
          migrationStrategies: c.migrationStrategies,
          // Never RxDB's default (the server's copy wins, the local edit is dropped): lib/db/conflicts.
          ...(c.replicated
            ? { conflictHandler: conflictHandlerFor(name, (found) => void recordConflicts(db, found)) }
            : {}),
        },
      ]),
    ),
  );
  return db;
}

let shared: Promise<BaoxueDatabase> | undefined;
/** One database per JS realm (worker or page). */
export function getDatabase(): Promise<BaoxueDatabase> {
  shared ??= openDatabase();
  return shared;
}
