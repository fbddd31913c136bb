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
  /** A sealed backup and no passphrase given, or a wrong one: nothing is read, nothing changes. */
  | { code: 'passphrase-needed' }
  | { code: 'wrong-passphrase' }
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

/**
 * The backup file as written to disk: the whole backup sealed with a passphrase the user chooses (PBKDF2-
 * SHA-256, 600,000 iterations, random salt → AES-256-GCM, random IV). Without the passphrase the file holds
 * nothing readable but this header. GCM's tag makes a wrong passphrase fail whole, before anything is read.
 */
export const SEALED_FORMAT = 'baoxue-backup-sealed';
const SealedFile = z.object({
  format: z.literal(SEALED_FORMAT),
  version: z.literal(1),
  kdf: z.object({
    name: z.literal('PBKDF2-SHA-256'),
    iterations: z.number().int().min(100_000).max(10_000_000),
    salt: z.string(),
  }),
  iv: z.string(),
  data: z.string(),
});
export const MIN_PASSPHRASE = 8;
const BACKUP_ITERATIONS = 600_000;

const toB64 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const fromB64 = (text: string): Uint8Array<ArrayBuffer> => {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};
async function passphraseKey(passphrase: string, salt: BufferSource, iterations: number) {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The backup as the file's text, sealed with `passphrase`. */
export async function sealBackup(
  backup: Backup,
  passphrase: string,
  iterations = BACKUP_ITERATIONS,
): Promise<string> {
  if (passphrase.length < MIN_PASSPHRASE)
    throw new CodedError(say('err_backup_passphrase_short', MIN_PASSPHRASE));
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await passphraseKey(passphrase, salt, iterations);
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    key,
    new TextEncoder().encode(JSON.stringify(backup)),
  );
  return JSON.stringify({
    format: SEALED_FORMAT,
    version: 1,
    kdf: { name: 'PBKDF2-SHA-256', iterations, salt: toB64(salt) },
    iv: toB64(iv),
    data: toB64(new Uint8Array(data)),
  });
}

/**
 * A backup file's text, opened with the passphrase when it is sealed, then parsed whole (`parseBackup`). A
 * file from before backups were sealed is read as it is.
 */
export async function readBackupFile(
  text: string,
  passphrase: string,
): Promise<{ ok: true; backup: Backup } | { ok: false; error: ParseError }> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: 'not-json' } };
  }
  const sealed = SealedFile.safeParse(json);
  if (!sealed.success) return parseBackup(text);
  if (!passphrase) return { ok: false, error: { code: 'passphrase-needed' } };
  const f = sealed.data;
  let plain: ArrayBuffer;
  try {
    const key = await passphraseKey(passphrase, fromB64(f.kdf.salt), f.kdf.iterations);
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64(f.iv) }, key, fromB64(f.data));
  } catch {
    return { ok: false, error: { code: 'wrong-passphrase' } };
  }
  return parseBackup(new TextDecoder().decode(plain));
}
