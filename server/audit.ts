/**
 * The audit log (minors' data law asks who changed a child's record, when, and what): one JSON line per
 * accepted write, appended to `audit.jsonl` in the gateway's data folder (owner-only). It names the
 * fields that changed, never their values, so children's data stays out of it. Clients cannot read it;
 * the server admin exports it with `GET /_baoxue/audit[?since=<ms>]`.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AuditEntry {
  at: string;
  who: string;
  db: string;
  id: string;
  rev?: string;
  /** Field names that changed (`data.method` for one level inside an object); values never. */
  fields?: string[];
  deleted?: boolean;
  /** A server admin's request, recorded as asked (they are not bound to the document path). */
  method?: string;
  path?: string;
}

export class AuditLog {
  private out: WriteStream;
  readonly file: string;

  private constructor(file: string) {
    this.file = file;
    this.out = createWriteStream(file, { flags: 'a', mode: 0o600 });
    this.out.on('error', (e) => console.error(`审计日志写入失败 (audit log write failed): ${e.message}`));
  }

  static async open(dir: string): Promise<AuditLog> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, 'audit.jsonl');
    const log = new AuditLog(file);
    await new Promise<void>((ok) => log.out.once('open', () => ok()));
    await chmod(file, 0o600);
    return log;
  }

  append(entries: AuditEntry[]): void {
    if (entries.length) this.out.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  }

  /** The log's lines written at or after `since` (ms), after what is still being written. */
  async export(since = 0): Promise<string> {
    await new Promise<void>((ok) => (this.out.writableNeedDrain ? this.out.once('drain', ok) : ok()));
    const text = await readFile(this.file, 'utf8').catch(() => '');
    if (!since) return text;
    return text
      .split('\n')
      .filter((line) => {
        try {
          return Date.parse((JSON.parse(line) as AuditEntry).at) >= since;
        } catch {
          return false;
        }
      })
      .map((l) => `${l}\n`)
      .join('');
  }

  close(): Promise<void> {
    return new Promise((ok) => this.out.end(ok));
  }
}

/** The names of the fields a write changed (one level into objects such as an event's `data`). */
export function changedFields(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): string[] {
  // A new record: every field it has (the common case, in batches of thousands: no comparing).
  if (!before)
    return Object.keys(after)
      .filter((k) => k !== '_id' && k !== '_rev')
      .sort();
  const out: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const k of keys) {
    if (k === '_rev' || k === '_id' || k === '_revisions') continue;
    const a = before[k];
    const b = after[k];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (isObject(a) || isObject(b)) {
      const inner = new Set([...Object.keys(isObject(a) ? a : {}), ...Object.keys(isObject(b) ? b : {})]);
      const changed = [...inner].filter(
        (i) =>
          JSON.stringify(isObject(a) ? a[i] : undefined) !== JSON.stringify(isObject(b) ? b[i] : undefined),
      );
      if (changed.length && isObject(a) && isObject(b)) out.push(...changed.map((i) => `${k}.${i}`));
      else out.push(k);
    } else out.push(k);
  }
  return out.sort();
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
