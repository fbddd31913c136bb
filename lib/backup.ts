/**
 * 数据备份 / 数据恢复: everything in one JSON file, and back. A restore validates the whole file first
 * and writes only when all of it is good, so a bad file changes nothing. Merging never duplicates: records
 * are keyed by id; a mutable record from the file replaces the local one only when it is newer.
 */

import { COLLECTION_NAMES, COLLECTIONS, type CollectionName } from './db/collections';
import type { BaoxueDatabase } from './db/types';
import { CodedError, say } from './say';
import { z } from './zod';

export const BACKUP_FORMAT = 'baoxue-backup';
export const BACKUP_VERSION = 1;

/** Collections a backup carries: the records and tasks, not device-local settings or derived risk summaries. */
export const BACKED_UP = COLLECTION_NAMES.filter((n) => n !== 'settings' && n !== 'risks');

const Header = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().positive(),
  exportedAt: z.string(),
  collections: z.record(z.string(), z.array(z.unknown())),
});

export type Backup = {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: string;
  collections: Partial<Record<CollectionName, Record<string, unknown>[]>>;
};

export type ParseError =
  | { code: 'not-json' }
  | { code: 'not-backup' }
  | { code: 'newer-version'; version: number }
  | { code: 'invalid-record'; where: string; problem: string };

export async function exportBackup(db: BaoxueDatabase, now = new Date()): Promise<Backup> {
  const collections: Backup['collections'] = {};
  for (const name of BACKED_UP) {
    const docs = await db[name].find().exec();
    collections[name] = docs.map((d) => d.toJSON() as Record<string, unknown>);
  }
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now.toISOString(), collections };
}

export function parseBackup(text: string): { ok: true; backup: Backup } | { ok: false; error: ParseError } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'not-json' } };
  }
  const header = Header.safeParse(json);
  if (!header.success) return { ok: false, error: { code: 'not-backup' } };
  if (header.data.version > BACKUP_VERSION)
    return { ok: false, error: { code: 'newer-version', version: header.data.version } };
  const collections: Backup['collections'] = {};
  for (const [name, docs] of Object.entries(header.data.collections)) {
    if (!(BACKED_UP as string[]).includes(name))
      return { ok: false, error: { code: 'invalid-record', where: name, problem: 'unknown collection' } };
    const type = COLLECTIONS[name as CollectionName].type;
    const parsed: Record<string, unknown>[] = [];
    for (const [i, doc] of docs.entries()) {
      const r = type.safeParse(doc);
      if (!r.success) {
        const issue = r.error.issues[0];
        const where = `${name}[${i}]${issue?.path.length ? `.${issue.path.join('.')}` : ''}`;
        return { ok: false, error: { code: 'invalid-record', where, problem: issue?.message ?? 'invalid' } };
      }
      parsed.push(r.data as Record<string, unknown>);
    }
    collections[name as CollectionName] = parsed;
  }
  return { ok: true, backup: { ...header.data, format: BACKUP_FORMAT, collections } };
}

export interface RestoreResult {
  added: number;
  updated: number;
  unchanged: number;
}

const stamp = (d: Record<string, unknown>) => Number(d.updatedAt ?? d.recordedAt ?? d.at ?? 0);

export async function restoreBackup(db: BaoxueDatabase, backup: Backup): Promise<RestoreResult> {
  const result: RestoreResult = { added: 0, updated: 0, unchanged: 0 };
  // Decide every write before making any, so nothing is half-planned.
  const plan: [CollectionName, Record<string, unknown>[]][] = [];
  for (const name of BACKED_UP) {
    const docs = backup.collections[name] ?? [];
    if (!docs.length) continue;
    const existing = await db[name].findByIds(docs.map((d) => String(d.id))).exec();
    const writes: Record<string, unknown>[] = [];
    for (const doc of docs) {
      const local = existing.get(String(doc.id));
      if (!local) {
        writes.push(doc);
        result.added++;
      } else if (stamp(doc) > stamp(local.toJSON() as Record<string, unknown>)) {
        writes.push(doc);
        result.updated++;
      } else result.unchanged++;
    }
    if (writes.length) plan.push([name, writes]);
  }
  for (const [name, writes] of plan) {
    const r = await (db[name] as BaoxueDatabase['students']).bulkUpsert(writes as never[]);
    if (r.error.length) throw new CodedError(say('err_backup_not_written', name, r.error.length));
  }
  return result;
}
