/**
 * The server admin's half of 加密旧数据 (`npm run server:setup -- --finish-migration`): after a registrar's
 * device re-wrote a school's plain records sealed and deleted the plain ones (lib/sync/migrate.ts), what is
 * left of them is removed for good. The admin never holds the school key, so nothing here reads a record; it
 * only removes what the registrar already retired:
 *
 * - Apache CouchDB (`--upstream`): each retired record is purged with every leaf revision it has (read with
 *   `open_revs=all`: a conflict's losing revision may hold the plain record too), then the database compacted
 *   (old revisions gone from the file).
 * - The embedded engine cannot purge (express-pouchdb has no `_purge`), and a tombstone's id stays in its
 *   LevelDB files for ever. So a database holding retired records is rebuilt: every leaf revision of every
 *   other document — live ones, their conflicts (kept as conflicts: nothing is lost on a conflict) and the
 *   tombstones of sealed records (a device that has not synced since still learns of the deletion) — saved
 *   first to a file in the data folder with its revision history (sealed: nothing readable), the database
 *   destroyed (its files go with it) and made again, its sequence carried past where it was (so every
 *   device's checkpoint still reads on: placeholder tombstones with hash-shaped ids, written in rounds), then
 *   the revisions written back as they were. The saved file is removed only once all that is done and the
 *   database holds every saved revision again: a run that stops half-way resumes from it. Run with the server
 *   stopped. If the server ran in between (writes since: `writtenSince`), resuming never throws them away: a run
 *   that stopped before the database was touched sets the file aside and goes on from the database; one that
 *   stopped mid-rebuild stops in words, changing nothing (server/migrate-resume.test.ts).
 *
 * A plain record still live (the registrar has not run the migration yet) is counted, never touched.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
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

/** Every document of a database, tombstones included: its current revision, and every leaf revision's id. */
interface Row {
  doc: Doc;
  /** The leaf revisions (the current one and any conflicts, deleted or not), from `style=all_docs`. */
  leaves: string[];
}

async function everything(engine: Upstream, db: string): Promise<Row[]> {
  const out: Row[] = [];
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
      out.push({
        doc: row.doc ?? { _id: row.id, _rev: row.changes[0]?.rev, _deleted: !!row.deleted },
        leaves: row.changes.map((c) => c.rev),
      });
    since = r.last_seq;
    if (r.results.length < 2000) return out;
  }
}

const isPlainLive = (d: Doc) =>
  !d._deleted && typeof d.enc !== 'string' && !String(d._id).startsWith('_design/');
/** A tombstone whose id is not a keyed hash: what the migration retired (or a plain deletion from before). */
const isPlainTombstone = (d: Doc) => !!d._deleted && !ALIAS.test(String(d._id));

/** Every leaf revision of one document as the engine holds it now (`open_revs=all`), with the ids the feed named. */
async function leafRevs(engine: Upstream, db: string, row: Row): Promise<string[]> {
  const r = await must<{ ok?: Doc; missing?: string }[]>(
    engine,
    'GET',
    path(db, `/${encodeURIComponent(String(row.doc._id))}?revs=true&open_revs=all`),
  );
  const revs = new Set(row.leaves);
  for (const x of Array.isArray(r) ? r : []) if (x.ok && typeof x.ok._rev === 'string') revs.add(x.ok._rev);
  return [...revs];
}

/** CouchDB: each retired document purged with all its leaves; an answer that misses one stops the run. */
async function purgeAll(engine: Upstream, db: string, retired: Row[]): Promise<number> {
  let revisions = 0;
  for (let i = 0; i < retired.length; i += 100) {
    const batch: Record<string, string[]> = {};
    for (const row of retired.slice(i, i + 100)) batch[String(row.doc._id)] = await leafRevs(engine, db, row);
    const answer = await must<{ purged?: Record<string, string[]> }>(
      engine,
      'POST',
      path(db, '/_purge'),
      batch,
    );
    for (const [id, revs] of Object.entries(batch)) {
      const done = new Set(answer.purged?.[id] ?? []);
      if (!revs.every((r) => done.has(r)))
        throw new Error(
          `数据库引擎没有清除全部版本 (the engine did not purge every revision) in ${db}: ${revs.length - done.size} left`,
        );
      revisions += revs.length;
    }
  }
  return revisions;
}

/**
 * The embedded engine: every leaf revision of the documents kept, with its history (`_revisions`), read in
 * batches with `_bulk_get`. Anything the engine cannot give stops the run before a database is destroyed.
 */
async function keptRevisions(engine: Upstream, db: string, kept: Row[]): Promise<Doc[]> {
  const wanted = kept.flatMap((row) => row.leaves.map((rev) => ({ id: String(row.doc._id), rev })));
  const out: Doc[] = [];
  for (let i = 0; i < wanted.length; i += 500) {
    const r = await must<{ results: { id: string; docs: { ok?: Doc; error?: unknown }[] }[] }>(
      engine,
      'POST',
      path(db, '/_bulk_get?revs=true'),
      { docs: wanted.slice(i, i + 500) },
    );
    for (const res of r.results) for (const d of res.docs) if (d.ok) out.push(d.ok);
  }
  if (out.length !== wanted.length)
    throw new Error(
      `读不全 ${db} 的版本 (could not read every revision: ${out.length} of ${wanted.length})，数据库未改动`,
    );
  return out;
}

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
      const { docs, security, seq } = JSON.parse(await readFile(saved, 'utf8'));
      const since = await writtenSince(engine, db, docs);
      if (!since.written) {
        log(`${db}: 上次清理中断，从保存的文件继续 (resuming an interrupted rebuild)`);
        await rebuild(engine, db, docs, security, seq);
        await rm(saved);
      } else if (!since.missing) {
        // Stopped before the database was touched, and the server ran since: the database holds all the file
        // does and more, so the file is set aside (kept, never deleted) and the run goes on from the database.
        const aside = `${saved}.${Date.now()}.old`;
        await rename(saved, aside);
        log(
          `${db}: 上次清理中断后服务器运行过；数据库完整，保存的文件已移到 ${aside}，按数据库现状继续 ` +
            `(the server ran since an interrupted run; the database holds everything, the saved file was set aside)`,
        );
      } else
        throw new Error(
          `${db}: 上次清理在重建中途中断，之后服务器又运行过，写入了 ${since.written} 处新内容；` +
            `保存的文件 ${saved} 里还有 ${since.missing} 个版本不在数据库中。从文件继续会丢掉新写入，按数据库继续会丢掉文件里的版本，` +
            `所以本次没有改动 ${db}。请停止服务器，备份整个数据目录（含这个文件，它是加密的），再联系保学助手的维护人员合并两边 ` +
            `(the server ran after a rebuild stopped half-way: ${since.written} writes since, ${since.missing} saved revisions ` +
            `not in the database; nothing was changed. Stop the server, back up the data folder with this file, and ask ` +
            `Baoxue's maintainers to merge them)`,
        );
    }
    const all = await everything(engine, db);
    const remaining = all.filter((r) => isPlainLive(r.doc)).length;
    const retired = all.filter((r) => isPlainTombstone(r.doc));
    const report: FinishReport = { db, remaining, removed: 0, rebuilt: false };
    let kept = '';
    if (retired.length && !o.embedded) {
      const revisions = await purgeAll(engine, db, retired);
      report.removed = retired.length;
      kept = `，清除版本 ${revisions} 个 (${revisions} revisions purged)`;
    } else if (retired.length) {
      const keep = all.filter((r) => !isPlainTombstone(r.doc));
      const docs = await keptRevisions(engine, db, keep);
      const security = (await engine.json(`GET`, path(db, '/_security'))).json ?? {};
      const seq = Number((await must<{ update_seq: unknown }>(engine, 'GET', path(db))).update_seq) || 0;
      // Saved before anything is destroyed (sealed documents: nothing readable), removed once it is all back.
      await writeFile(saved, JSON.stringify({ docs, security, seq }), { mode: 0o600 });
      await rebuild(engine, db, docs, security, seq);
      await rm(saved);
      report.removed = retired.length;
      report.rebuilt = true;
      const deletions = keep.filter((r) => r.doc._deleted).length;
      const conflicts = keep.reduce((n, r) => n + r.leaves.length - 1, 0);
      kept = `，保留删除记录 ${deletions} 条、冲突版本 ${conflicts} 个 (kept ${deletions} deletions, ${conflicts} conflicting revisions)`;
    }
    // Old revisions (a record's plain or older sealed body) out of the file.
    await engine.json('POST', path(db, '/_compact'), {});
    log(
      `${db}: 清除旧记录 ${report.removed} 条${report.rebuilt ? '（已重建）' : ''}；仍未加密 ${remaining} 条${kept} ` +
        `(removed ${report.removed}${report.rebuilt ? ', rebuilt' : ''}; still plain ${remaining})`,
    );
    reports.push(report);
  }
  return reports;
}

/**
 * Before a rebuild resumes from its saved file: what was written to the database since the run stopped (a
 * server started in between), and how many saved revisions the database lacks. Written since: any leaf that
 * is neither a saved revision, nor a retired plain tombstone (the rebuild drops those), nor one of the
 * rebuild's own placeholders (a hash-shaped id and nothing else). `_local` documents are not compared, and a
 * rebuild does not carry them: they are replication checkpoints (a county's server-to-server copy; the
 * embedded engine keeps `_security` apart, carried by `rebuild`), and losing one only makes that replication
 * compare from the start again (`_revs_diff`: nothing already there is sent twice).
 */
async function writtenSince(
  engine: Upstream,
  db: string,
  docs: Doc[],
): Promise<{ written: number; missing: number }> {
  if ((await engine.json('GET', path(db))).status === 404) return { written: 0, missing: docs.length };
  const saved = new Set(docs.map((d) => `${d._id} ${d._rev}`));
  const savedIds = new Set(docs.map((d) => String(d._id)));
  // A saved record deleted since is a write (its id is a saved one); a placeholder's id never is.
  const placeholder = (d: Doc) =>
    !savedIds.has(String(d._id)) &&
    ALIAS.test(String(d._id)) &&
    Object.keys(d).every((k) => k === '_id' || k === '_rev' || k === '_deleted');
  let written = 0;
  for (const row of await everything(engine, db))
    for (const rev of row.leaves)
      if (!saved.has(`${row.doc._id} ${rev}`) && !isPlainTombstone(row.doc) && !placeholder(row.doc))
        written++;
  if (!written) return { written, missing: 0 };
  // Which saved revisions the database lacks, as leaves or as ancestors of a newer revision.
  let missing = 0;
  for (let i = 0; i < docs.length; i += 500) {
    const ask: Record<string, string[]> = {};
    for (const d of docs.slice(i, i + 500))
      ask[String(d._id)] = [...(ask[String(d._id)] ?? []), String(d._rev)];
    const r = await must<Record<string, { missing?: string[] }>>(
      engine,
      'POST',
      path(db, '/_revs_diff'),
      ask,
    );
    for (const v of Object.values(r)) missing += v.missing?.length ?? 0;
  }
  return { written, missing };
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
  // Each revision as it was (`new_edits: false`, with its history): a document's conflicts are leaves again.
  for (let i = 0; i < docs.length; i += 1000)
    await must(engine, 'POST', path(db, '/_bulk_docs'), { docs: docs.slice(i, i + 1000), new_edits: false });
  // Every saved revision is there again before the saved file may go.
  const back = new Set(
    (await everything(engine, db)).flatMap((r) => r.leaves.map((v) => `${r.doc._id} ${v}`)),
  );
  const lost = docs.filter((d) => !back.has(`${d._id} ${d._rev}`)).length;
  if (lost) throw new Error(`重建 ${db} 后少了 ${lost} 个版本 (${lost} revisions missing after the rebuild)`);
}
