/**
 * 补齐异动案件的学生编号: a 转出/休学/劝返 case sealed before cases named their child to the gateway (`studentRef`,
 * the child's keyed hash: lib/sync/personal.ts `CASE_CHILD_REF`) stays its class's and the office's only, so the
 * child's 帮扶 partner teacher never receives it (server/scope.ts). Only a device holding the office key can
 * name the child (the 学籍号 is sealed with that key, and hashed with the office's id key), so a registrar's or a
 * leader's device does it when it syncs (lib/sync/replicate.ts): each such case is opened and sealed again as
 * any case is now (lib/sync/sealed.ts `sealRecord` adds the reference), and written over itself.
 *
 * Nothing of the case changes (its fields, its `updatedAt`): only what the server sees of it. As 加密旧数据
 * (lib/sync/migrate.ts) keeps the author who recorded an event, this keeps the case as the office recorded it;
 * the write is the office member's own (the gateway's audit log names them).
 *
 * Idempotent and resumable: a case that names its child already is left alone, a case written meanwhile (a
 * conflict) is the newer device's (sealed with its reference by an office device), and the position read to is
 * kept on this device per school, so the next sync reads only what was written since (or, after a case it could
 * not write, from before that case).
 */
import { readSetting, writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import { z } from '../zod';
import { basicAuth, type SyncAccount } from './account';
import { schoolKeyring } from './keys';
import { CASE_CHILD_REF } from './personal';
import { databaseName } from './school';
import { isAlias, openRecord, sealRecord } from './sealed';

export interface CaseRefCount {
  /** Cases sealed again, now naming their child by the child's keyed hash. */
  named: number;
  /** Cases that name no child this device can hash (no 学籍号 in them) or sit under an id of older keys. */
  left: number;
  /** Cases written meanwhile by another device, or refused: read again at the next sync. */
  skipped: number;
}

type Doc = Record<string, unknown>;
const PAGE = 500;
const Position = z.object({ since: z.union([z.string(), z.number()]) });
/** Where this device has read the school's cases to (a device-local setting, never synced). */
export const caseRefsSetting = (a: SyncAccount) => `caseRefs:${a.url}${a.school}`;

/** Whether a server document is a sealed case that does not name its child to the gateway. */
export const lacksChildRef = (d: Doc) =>
  typeof d.enc === 'string' &&
  !d._deleted &&
  !String(d._id).startsWith('_design/') &&
  !isAlias(d[CASE_CHILD_REF]);

/**
 * Names the child of every case written before cases did, once. Does nothing on a device without the office
 * key (a teacher's cannot hash a 学籍号) or in a school without keys.
 */
export async function nameCasesChildren(
  db: BaoxueDatabase,
  a: SyncAccount,
  fetcher: typeof fetch = fetch,
): Promise<CaseRefCount> {
  const count: CaseRefCount = { named: 0, left: 0, skipped: 0 };
  const k = await schoolKeyring(a, fetcher).catch(() => undefined);
  if (!k?.office || !k.person) return count;
  const base = `${a.url}${encodeURIComponent(databaseName(a.school, 'cases'))}/`;
  const headers = {
    authorization: basicAuth(a),
    'content-type': 'application/json',
    accept: 'application/json',
  };
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const r = await fetcher(base + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`cases: ${r.status} for ${path.replace(/\?.*$/, '')}`);
    return (await r.json()) as T;
  };
  const setting = caseRefsSetting(a);
  let since: string | number = (await readSetting(db, setting, Position))?.since ?? 0;
  // Kept after each page: a sync cut off half-way goes on from there. Not past a page with a case left unwritten
  // (the next sync reads it again; what was written is then judged done).
  let keep = true;
  for (;;) {
    const feed = await call<{ results: { doc?: Doc }[]; last_seq: string | number }>(
      `_changes?include_docs=true&limit=${PAGE}&since=${encodeURIComponent(String(since))}`,
    );
    const writes: Doc[] = [];
    for (const d of feed.results.flatMap((r) => (r.doc && lacksChildRef(r.doc) ? [r.doc] : []))) {
      const { _id, _rev, ...rest } = d;
      const record = await openRecord(k, 'cases', 'id', { ...rest, id: _id });
      if (typeof record.xjh !== 'string' || record.xjh === '') {
        count.left++;
        continue;
      }
      const { id, ...sealed } = await sealRecord(k, 'cases', 'id', { ...record, _deleted: false });
      // Under the id it has (keys replaced since: 更换编号密钥 moves it, lib/sync/reid.ts), or not at all.
      if (id !== _id || !isAlias(sealed[CASE_CHILD_REF])) {
        count.left++;
        continue;
      }
      writes.push({ ...sealed, _id, _rev });
    }
    if (writes.length) {
      const written = await call<{ ok?: boolean }[]>('_bulk_docs', { docs: writes });
      for (const w of written)
        if (w.ok) count.named++;
        else count.skipped++;
    }
    since = feed.last_seq;
    keep &&= count.skipped === 0;
    if (keep) await writeSetting(db, setting, { since });
    if (feed.results.length < PAGE) return count;
  }
}
