/**
 * 加密旧数据: a school that synced before encryption has plain records on its server — personal fields in
 * clear, a student's document id its 全国学籍号 (for a G-number, the citizen ID). The server cannot seal them:
 * it never holds the school key. A registrar's device can, so it does (设置 → 成员密钥 → 加密旧数据):
 *
 * 1. each plain record is sealed as any record is (lib/sync/sealed.ts) and written under its hashed id, unless a
 *    sealed copy is there already (written since by a device, or by an interrupted run);
 * 2. then the plain record is deleted, marked `retired` (the one deletion the rules let a registrar make of an
 *    event or of another's record: lib/sync/school.ts), so its fields leave the current revision at once;
 * 3. records sealed before identity fields went apart (the 学籍号 inside `enc`, where a teacher's key opens it)
 *    are re-sealed in place.
 *
 * Idempotent and resumable: every step is judged from what the server holds now. What the tombstones still
 * carry (a plain id) and old revisions are the server admin's to remove: `npm run server:setup --
 * --finish-migration` (server/migrate.ts) purges and compacts. Devices that pull a retired record keep it apart
 * (sealed.ts `openRecord`), so the sealed copy, which opens to the same id, is not deleted with it.
 */
import { CodedError, say } from '../say';
import { basicAuth, type SyncAccount } from './account';
import { schoolKeyring } from './keys';
import { databaseName, SYNCED, type SyncedCollection } from './school';
import { identityInSchoolPart, openRecord, sealRecord } from './sealed';

export interface MigrationCount {
  /** Plain records written sealed under their hashed id. */
  sealed: number;
  /** Sealed records whose identity fields moved out of the school part. */
  resealed: number;
  /** Plain records deleted (their sealed copy is on the server). */
  retired: number;
  /** Records the rules did not let this registrar re-write (an event a teacher recorded, sealed the old way). */
  refused: number;
}

type Doc = Record<string, unknown>;
const PAGE = 500;

export async function migrateToSealed(
  a: SyncAccount,
  fetcher: typeof fetch = fetch,
): Promise<Record<SyncedCollection, MigrationCount>> {
  const k = await schoolKeyring(a, fetcher);
  if (!k.office) throw new CodedError(say('err_migrate_no_office'));
  const headers = {
    authorization: basicAuth(a),
    'content-type': 'application/json',
    accept: 'application/json',
  };
  const out = {} as Record<SyncedCollection, MigrationCount>;
  for (const c of SYNCED) {
    const base = `${a.url}${encodeURIComponent(databaseName(a.school, c))}/`;
    const call = async <T>(path: string, body?: unknown): Promise<T> => {
      const r = await fetcher(base + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!r.ok) throw new CodedError(say('err_migrate_read', base + path.replace(/\?.*$/, ''), r.status));
      return (await r.json()) as T;
    };
    const count: MigrationCount = { sealed: 0, resealed: 0, retired: 0, refused: 0 };
    out[c] = count;
    let since: unknown = 0;
    for (;;) {
      const feed = await call<{ results: { doc?: Doc }[]; last_seq: unknown }>(
        `_changes?include_docs=true&limit=${PAGE}&since=${encodeURIComponent(String(since))}`,
      );
      const docs = feed.results.flatMap((r) => (r.doc && !r.doc._deleted ? [r.doc] : []));
      // What to write: [the server's plain document or undefined, the sealed document].
      const plan: { plain?: Doc; sealed: Doc; rev?: string }[] = [];
      for (const d of docs) {
        const id = String(d._id);
        if (id.startsWith('_design/')) continue;
        const { _id, _rev, ...rest } = d;
        if (typeof d.enc !== 'string') {
          const sealed = await sealRecord(k, c, 'id', { ...rest, id: _id, _deleted: false });
          // Marked, so the rules let a registrar write it anew under the author who recorded it.
          plan.push({ plain: d, sealed: { ...sealed, migrated: true } });
        } else if (await identityInSchoolPart(k, c, 'id', { ...rest, id: _id })) {
          const record = await openRecord(k, c, 'id', { ...rest, id: _id });
          plan.push({
            sealed: await sealRecord(k, c, 'id', { ...record, _deleted: false }),
            rev: String(_rev),
          });
        }
      }
      if (plan.length) {
        // Sealed copies already there (a device wrote one since, or a run stopped half-way): not written again.
        const ids = plan.filter((p) => p.plain).map((p) => String(p.sealed.id));
        const there = new Set<string>();
        if (ids.length) {
          const res = await call<{ rows: { key: string; value?: { deleted?: boolean } }[] }>('_all_docs', {
            keys: ids,
          });
          // A sealed copy deleted since (a device removed the record after encryption) counts as there too:
          // the plain record is retired, never written back over that deletion.
          for (const row of res.rows) if (row.value) there.add(row.key);
        }
        const writes = plan.filter((p) => !p.plain || !there.has(String(p.sealed.id)));
        const written = writes.length
          ? await call<{ id: string; ok?: boolean; error?: string }[]>('_bulk_docs', {
              docs: writes.map(({ sealed: { id, ...body }, rev }) => ({
                ...body,
                _id: id,
                ...(rev ? { _rev: rev } : {}),
              })),
            })
          : [];
        written.forEach((w, i) => {
          const p = writes[i]!;
          if (w.ok) {
            if (p.plain) count.sealed++;
            else count.resealed++;
            if (p.plain) there.add(String(p.sealed.id));
          } else if (w.error === 'conflict' && p.plain) there.add(String(p.sealed.id));
          else count.refused++;
        });
        // The plain records whose sealed copy is now on the server: deleted, marked as retired.
        const retire = plan.filter((p) => p.plain && there.has(String(p.sealed.id)));
        if (retire.length) {
          const gone = await call<{ ok?: boolean }[]>('_bulk_docs', {
            docs: retire.map((p) => ({
              _id: p.plain!._id,
              _rev: p.plain!._rev,
              _deleted: true,
              retired: true,
            })),
          });
          count.retired += gone.filter((g) => g.ok).length;
          count.refused += gone.filter((g) => !g.ok).length;
        }
      }
      since = feed.last_seq;
      if (feed.results.length < PAGE) break;
    }
  }
  return out;
}
