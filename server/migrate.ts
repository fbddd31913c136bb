/**
 * The server admin's half of 加密旧数据 (`npm run server:setup -- --finish-migration`): after a registrar's
 * device re-wrote a school's plain records sealed and deleted the plain ones (lib/sync/migrate.ts), what is
 * left of them is removed for good. The admin never holds the school key, so nothing here reads a record; it
 * only removes what the registrar already retired:
 *
 * - Apache CouchDB (`--upstream`): the retired tombstones (their id may be a 学籍号) are purged, then the
 *   database compacted (old revisions gone from the file).
 * - The embedded engine cannot purge, and a tombstone's id stays in its LevelDB files for ever. So a database
 *   holding retired records is rebuilt: its current documents saved first to a file in the data folder (sealed:
 *   nothing readable), the database destroyed (its files go with it) and made again, its sequence carried past
 *   where it was (so every device's checkpoint still reads on: placeholder tombstones with hash-shaped ids,
 *   written in rounds), then the documents written back with their revisions. The saved file is removed only
 *   once all that is done: a run that stops half-way resumes from it. Run with the server stopped.
 *
 * A plain record still live (the registrar has not run the migration yet) is counted, never touched.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SYNCED } from '../lib/sync/school';
import type { Upstream } from './upstream';

export interface FinishReport {
  db: string;
  /** Plain records still live: the registrar's device has not sealed them yet. */
  remaining: number;
  /** Retired plain records removed (purged, or left behind by a rebuild). */
  removed: number;
  rebuilt: boolean;
}

type Doc = Record<string, unknown>;
const SCHOOL_DB = new RegExp(`^baoxue-[a-z0-9][a-z0-9_-]*-(${SYNCED.join('|')})$`);
const ALIAS = /^h-[A-Za-z0-9_-]{32}$/;
const FILLERS = 1000;

const path = (db: string, rest = '') => `/${encodeURIComponent(db)}${rest}`;

async function must<T>(engine: Upstream, method: string, p: string, body?: unknown): Promise<T> {
  const r = await engine.json<T>(method, p, body);
  if (r.status >= 400)
    throw new Error(
      `数据库引擎拒绝了 ${method} ${p.replace(/\?.*$/, '')}: HTTP ${r.status} ${JSON.stringify(r.json)}`,
    );
  return r.json;
}

/** Every document of a database, tombstones included, at its current revision. */
async function everything(engine: Upstream, db: string): Promise<Doc[]> {
  const out: Doc[] = [];
  let since: unknown = 0;
  for (;;) {
    const r = await must<{
      results: { id: string; deleted?: boolean; doc?: Doc; changes: { rev: string }[] }[];
      last_seq: unknown;
    }>(
      engine,
      'GET',
      path(
        db,
        `/_changes?include_docs=true&style=all_docs&limit=2000&since=${encodeURIComponent(String(since))}`,
      ),
    );
    for (const row of r.results)
      out.push(row.doc ?? { _id: row.id, _rev: row.changes[0]?.rev, _deleted: !!row.deleted });
    since = r.last_seq;
    if (r.results.length < 2000) return out;
  }
}

const isPlainLive = (d: Doc) =>
  !d._deleted && typeof d.enc !== 'string' && !String(d._id).startsWith('_design/');
/** A tombstone whose id is not a keyed hash: what the migration retired (or a plain deletion from before). */
const isPlainTombstone = (d: Doc) => !!d._deleted && !ALIAS.test(String(d._id));

export async function finishMigration(
  engine: Upstream,
  o: { dir: string; embedded: boolean; log?: (line: string) => void },
): Promise<FinishReport[]> {
  const log = o.log ?? (() => {});
  const dbs = (await must<string[]>(engine, 'GET', '/_all_dbs')).filter((d) => SCHOOL_DB.test(d));
  const reports: FinishReport[] = [];
  for (const db of dbs) {
    const saved = join(o.dir, `migrate-${db}.json`);
    if (o.embedded && existsSync(saved)) {
      log(`${db}: 上次清理中断，从保存的文件继续 (resuming an interrupted rebuild)`);
      const { docs, security, seq } = JSON.parse(await readFile(saved, 'utf8'));
      await rebuild(engine, db, docs, security, seq);
      await rm(saved);
    }
    const all = await everything(engine, db);
    const remaining = all.filter(isPlainLive).length;
    const retired = all.filter(isPlainTombstone);
    const report: FinishReport = { db, remaining, removed: 0, rebuilt: false };
    if (retired.length && !o.embedded) {
      for (let i = 0; i < retired.length; i += 100) {
        const batch = Object.fromEntries(
          retired.slice(i, i + 100).map((d) => [String(d._id), [String(d._rev)]]),
        );
        await must(engine, 'POST', path(db, '/_purge'), batch);
      }
      report.removed = retired.length;
    } else if (retired.length) {
      const docs = (
        await must<{ rows: { doc?: Doc }[] }>(engine, 'GET', path(db, '/_all_docs?include_docs=true'))
      ).rows.flatMap((r) => (r.doc ? [r.doc] : []));
      const security = (await engine.json(`GET`, path(db, '/_security'))).json ?? {};
      const seq = Number((await must<{ update_seq: unknown }>(engine, 'GET', path(db))).update_seq) || 0;
      // Saved before anything is destroyed (sealed documents: nothing readable), removed once it is all back.
      await writeFile(saved, JSON.stringify({ docs, security, seq }), { mode: 0o600 });
      await rebuild(engine, db, docs, security, seq);
      await rm(saved);
      report.removed = retired.length;
      report.rebuilt = true;
    }
    // Old revisions (a record's plain or older sealed body) out of the file.
    await engine.json('POST', path(db, '/_compact'), {});
    log(
      `${db}: 清除旧记录 ${report.removed} 条${report.rebuilt ? '（已重建）' : ''}；仍未加密 ${remaining} 条 ` +
        `(removed ${report.removed}${report.rebuilt ? ', rebuilt' : ''}; still plain ${remaining})`,
    );
    reports.push(report);
  }
  return reports;
}

async function rebuild(engine: Upstream, db: string, docs: Doc[], security: unknown, seq: number) {
  await engine.json('DELETE', path(db));
  await must(engine, 'PUT', path(db));
  if (security && typeof security === 'object' && Object.keys(security).length)
    await must(engine, 'PUT', path(db, '/_security'), security);
  // The sequence carried past where it was: a device whose checkpoint is `seq` reads every document again
  // instead of waiting for the new sequence to catch up. Placeholders, written in rounds, end as tombstones.
  const n = Math.max(1, Math.min(FILLERS, seq));
  let fillers: Doc[] = Array.from({ length: n }, () => ({
    _id: `h-${randomBytes(24).toString('base64url')}`,
  }));
  for (let written = 0; written < seq; written += n) {
    const res = await must<{ id: string; rev: string }[]>(engine, 'POST', path(db, '/_bulk_docs'), {
      docs: fillers,
    });
    fillers = fillers.map((f, i) => ({ _id: f._id, _rev: res[i]!.rev }));
  }
  await must(engine, 'POST', path(db, '/_bulk_docs'), {
    docs: fillers.map((f) => ({ ...f, _deleted: true })),
  });
  for (let i = 0; i < docs.length; i += 1000)
    await must(engine, 'POST', path(db, '/_bulk_docs'), { docs: docs.slice(i, i + 1000), new_edits: false });
}
