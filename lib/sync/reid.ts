/**
 * 更换编号密钥 (issue 16): a school whose keyring hashed children's ids with a key every member holds
 * (lib/sync/sealed.ts, before `ids: 'office'`). A teacher held that key, so for a G-number 学籍号 (G and the
 * citizen ID) they could hash candidates offline — birth date and sex they read, an area code, a few thousand
 * tries — until one matched a child's `h-…`. A registrar's device (设置 → 成员密钥 → 更换编号密钥):
 *
 * 1. makes a new keyring (new office-only id key for children, new school id key, new AES keys) and hands it to
 *    every member, teachers without the office part (lib/sync/keys.ts `reIdentifyKeys`);
 * 2. re-writes every record of the school under its new id — students, cases, events (their `studentId`,
 *    `caseId`, `supersedes`), changes — resolving a child a teacher's device named by its old hash back to the
 *    学籍号 first, so nothing keeps the old hash; a record written already is not written again;
 * 3. retires the record under its old id (deleted, marked `retired`: the rules let a registrar do so,
 *    lib/sync/school.ts). A teacher's device fetches the new keys when it meets a record sealed with them, drops
 *    the children and events the server no longer has for it (lib/sync/scope.ts asks `_all_docs`), and pulls
 *    them again under the new ids.
 *
 * Idempotent and resumable, as 加密旧数据 (lib/sync/migrate.ts): every step is judged from what the server
 * holds now, and the new keyring is made once. Plain records from before encryption are sealed on the way.
 */
import { CodedError, say } from '../say';
import type { SyncAccount } from './account';
import { basicAuth } from './account';
import { reIdentifyKeys, schoolKeyring } from './keys';
import { ID_REFERENCES } from './personal';
import { databaseName, SYNCED, type SyncedCollection } from './school';
import { hashId, isAlias, type Keyring, oldHashId, openRecord, sealRecord } from './sealed';

export interface ReIdCount {
  /** Records written under their new id. */
  moved: number;
  /** Records deleted under their old id (their copy is under the new one). */
  retired: number;
  /** Events naming a child by a hash no student of the school has (a child deleted since): left as they are. */
  unresolved: number;
  /** Writes the server refused. */
  refused: number;
}

type Doc = Record<string, unknown>;
const PAGE = 500;
const ALIAS_IN = /h-[A-Za-z0-9_-]{32}/g;

export async function reIdentify(
  a: SyncAccount,
  fetcher: typeof fetch = fetch,
  /** Records looked at so far (of the whole school), for a progress line. */
  onProgress?: (seen: number) => void,
): Promise<Record<SyncedCollection, ReIdCount>> {
  if (!(await schoolKeyring(a, fetcher)).office) throw new CodedError(say('err_reid_no_office'));
  const k = await reIdentifyKeys(a, fetcher);
  if (!k.office || !k.person) throw new CodedError(say('err_reid_no_office'));
  const headers = {
    authorization: basicAuth(a),
    'content-type': 'application/json',
    accept: 'application/json',
  };
  const api = (c: SyncedCollection) => {
    const base = `${a.url}${encodeURIComponent(databaseName(a.school, c))}/`;
    return async <T>(path: string, body?: unknown): Promise<T> => {
      const r = await fetcher(base + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!r.ok) throw new CodedError(say('err_migrate_read', base + path.replace(/\?.*$/, ''), r.status));
      return (await r.json()) as T;
    };
  };
  /** Every live document of a collection, a page at a time. */
  async function* pages(c: SyncedCollection) {
    const call = api(c);
    let since: unknown = 0;
    for (;;) {
      const feed = await call<{ results: { doc?: Doc }[]; last_seq: unknown }>(
        `_changes?include_docs=true&limit=${PAGE}&since=${encodeURIComponent(String(since))}`,
      );
      yield feed.results.flatMap((r) =>
        r.doc && !r.doc._deleted && !String(r.doc._id).startsWith('_design/') ? [r.doc] : [],
      );
      since = feed.last_seq;
      if (feed.results.length < PAGE) return;
    }
  }
  const open = (c: SyncedCollection, d: Doc, resolve?: Parameters<typeof openRecord>[4]) => {
    const { _id, _rev, ...rest } = d;
    return openRecord(k, c, 'id', { ...rest, id: _id }, resolve);
  };

  // Every child's hashes, old and new, to their 学籍号: a teacher's device named children by the hash.
  const children = new Map<string, string>();
  const know = async (id: string) => {
    children.set(await hashId(k, id), id);
    const old = await oldHashId(k, id);
    if (old) children.set(old, id);
  };
  for await (const docs of pages('students'))
    for (const d of docs) {
      const id = (await open('students', d)).id;
      if (typeof id !== 'string' || isAlias(id)) continue;
      children.set(String(d._id), id);
      await know(id);
    }
  const resolve = async (_c: 'students', serverId: string) => children.get(serverId);
  // Cases and events by their server id too: a teacher's device refers to one it holds under that id (a
  // correction's `supersedes`, a `caseId` shaped like an ID number), which the re-id changes.
  const records = new Map<string, string>();
  for (const c of ['cases', 'events'] as const)
    for await (const docs of pages(c))
      for (const d of docs) {
        const id = (await open(c, d, resolve)).id;
        if (typeof id === 'string' && !isAlias(id)) records.set(String(d._id), id);
      }
  /** Known hashes inside an id or reference put back as what they stand for (sealing hashes them anew). */
  const unhashed = (v: unknown) =>
    typeof v === 'string' ? v.replace(ALIAS_IN, (h) => children.get(h) ?? records.get(h) ?? h) : v;

  const out = {} as Record<SyncedCollection, ReIdCount>;
  let seen = 0;
  for (const c of SYNCED) {
    const call = api(c);
    const count: ReIdCount = { moved: 0, retired: 0, unresolved: 0, refused: 0 };
    out[c] = count;
    for await (const docs of pages(c)) {
      const plan: { old: Doc; next: Doc }[] = [];
      for (const d of docs) {
        const record = await open(c, d, resolve);
        record.id = unhashed(record.id);
        for (const f of ID_REFERENCES[c]) if (f in record) record[f] = unhashed(record[f]);
        if (c === 'events' && isAlias(record.studentId)) count.unresolved++;
        let next = await sealRecord(k, c, 'id', { ...record, _deleted: false });
        // Under its new id already (written since, or by a run before): nothing to do — unless it still names
        // a child by a retired hash (written after the run, by a teacher's device that held the child under the
        // old one: the gateway took it, server/reidMoved.ts), whose copy then takes an id of its own.
        if (next.id === d._id) {
          if (!namesRetired(c, d, next)) continue;
          next = await sealRecord(k, c, 'id', { ...record, id: `${record.id}${LATE}`, _deleted: false });
        }
        // Marked, so the rules let a registrar write a colleague's event anew under its author.
        plan.push({ old: d, next: { ...next, migrated: true } });
      }
      seen += docs.length;
      onProgress?.(seen);
      if (!plan.length) continue;
      const res = await call<{ rows: { key: string; value?: unknown }[] }>('_all_docs', {
        keys: plan.map((p) => String(p.next.id)),
      });
      // A copy there already — or deleted there since: the old record is retired, never written back over it.
      const there = new Set(res.rows.filter((r) => r.value).map((r) => r.key));
      const writes = plan.filter((p) => !there.has(String(p.next.id)));
      const written = writes.length
        ? await call<{ id: string; ok?: boolean; error?: string }[]>('_bulk_docs', {
            docs: writes.map(({ next: { id, ...body } }) => ({ ...body, _id: id })),
          })
        : [];
      written.forEach((w, i) => {
        const p = writes[i]!;
        if (w.ok) count.moved++;
        if (w.ok || w.error === 'conflict') there.add(String(p.next.id));
        else count.refused++;
      });
      const retire = plan.filter((p) => there.has(String(p.next.id)));
      if (retire.length) {
        const gone = await call<{ ok?: boolean }[]>('_bulk_docs', {
          docs: retire.map((p) => ({
            _id: p.old._id,
            _rev: p.old._rev,
            _deleted: true,
            retired: true,
            ...movedTo(c, p.old, p.next),
          })),
        });
        count.retired += gone.filter((g) => g.ok).length;
        count.refused += gone.filter((g) => !g.ok).length;
      }
    }
  }
  return out;
}

/** Added to the id of an event moved to its child's new id after the run (its own id held no hash). */
const LATE = ':moved';

/** Whether a record's clear references (a child, a case, a corrected event) change under the new ids. */
const namesRetired = (c: SyncedCollection, old: Doc, next: Doc) =>
  ID_REFERENCES[c].some((f) => (old[f] ?? null) !== (next[f] ?? null));

/**
 * A retired child's tombstone names the id the child moved to (hash → hash only; a plain old id, a 学籍号,
 * gets none, so nothing on the server pairs a 学籍号 with its new hash). The gateway judges an event a
 * teacher's device wrote offline under the old hash by that child (server/reidMoved.ts), so it is taken, and
 * the next run of this moves it to the new id (its old hash resolves through `oldHashId`).
 */
function movedTo(c: SyncedCollection, old: Doc, next: Doc): { movedTo?: string } {
  return c === 'students' && isAlias(old._id) && isAlias(next.id) ? { movedTo: String(next.id) } : {};
}

/** Whether this school's children's ids are hashed with a key its teachers hold (更换编号密钥 not run yet). */
export const teachersHoldIdKey = (k: Keyring) => k.data.ids !== 'office';
