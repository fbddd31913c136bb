/**
 * Identity fields (身份信息: 全国学籍号, 学籍辅号, 身份证件号; lib/sync/personal.ts `IDENTITY`) never reach a
 * teacher. A record written by the extension is sealed (`enc`, the identity part in `idn` under the office key,
 * which a teacher's device cannot open); a plain record from before encryption (no `enc`, until 加密旧数据 runs)
 * holds them in clear, so for a limited scope the gateway removes them before answering (changes feed, one
 * document, `_all_docs`). The record's id is not touched (a pre-migration student's id may be its 学籍号; such
 * records are retired by 加密旧数据).
 */
import { IDENTITY } from '../lib/sync/personal';
import type { SyncedCollection } from '../lib/sync/school';

type Doc = Record<string, unknown>;

/** The document without its identity fields when it is plain (no `enc`); a sealed one as it is. */
export function withoutIdentity<T>(collection: SyncedCollection, doc: T): T {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || 'enc' in (doc as Doc)) return doc;
  const fields: readonly string[] = IDENTITY[collection];
  if (!fields.some((f) => f in (doc as Doc))) return doc;
  const out: Doc = { ...(doc as Doc) };
  for (const f of fields) delete out[f];
  return out as T;
}

/** A `_changes` answer's body (JSON) with each row's document so treated. */
export function feedWithoutIdentity(collection: SyncedCollection, body: string): string {
  const feed = JSON.parse(body) as { results?: { doc?: unknown }[] };
  if (!Array.isArray(feed.results)) return body;
  for (const row of feed.results) if (row.doc) row.doc = withoutIdentity(collection, row.doc);
  return JSON.stringify(feed);
}
