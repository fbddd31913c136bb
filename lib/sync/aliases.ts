/**
 * A registrar's device turning a student's server id (`h-…`, the keyed hash) back into the 学籍号: events a
 * teacher's device writes name their child by that hash, since a teacher's device never holds the 学籍号
 * (lib/sync/sealed.ts). First the students this device holds (each id hashed once), then, for a child not
 * here yet (the students' pull may still be running), the server's copy, opened with the office key. Only an
 * office device resolves: hashing a 学籍号 needs the office's id key, which a teacher's device never holds.
 */
import type { Keyring, Resolve } from './sealed';
import { hashId, oldHashId, openRecord } from './sealed';

export function studentResolver(o: {
  keyring: () => Promise<Keyring>;
  /** The ids of the students on this device. */
  localIds: () => Promise<string[]>;
  /** The server's document for a student's server id (undefined: not there). */
  serverDoc: (serverId: string) => Promise<Record<string, unknown> | undefined>;
}): Resolve {
  const known = new Map<string, string>();
  const hashed = new Set<string>();
  // A hash neither here nor on the server (a child removed since): asked once per run, not once per event.
  const unknown = new Set<string>();
  // The students here not hashed yet, hashed in one pass shared by every resolve that waits for it: a pull opens
  // its batch side by side, and each of 2,000 events naming a child not seen yet read the device's students and
  // walked all of them itself (3,000 students, hashes already known: 2.2 s of CPU; now 10 ms, one read).
  let indexing: Promise<void> | undefined;
  const index = () =>
    (indexing ??= (async () => {
      const k = await o.keyring();
      const ids = (await o.localIds()).filter((id) => !hashed.has(id));
      await Promise.all(
        ids.map(async (id) => {
          known.set(await hashId(k, id), id);
          // A child's hash before 更换编号密钥 (lib/sync/reid.ts): an event a teacher's device wrote before it
          // fetched the new keys still names the child so.
          const old = await oldHashId(k, id);
          if (old) known.set(old, id);
          hashed.add(id);
        }),
      );
    })().finally(() => {
      indexing = undefined;
    }));
  return async (_collection, serverId) => {
    const hit = known.get(serverId);
    if (hit) return hit;
    if (unknown.has(serverId)) return undefined;
    await index();
    if (known.has(serverId)) return known.get(serverId);
    const k = await o.keyring();
    const doc = await o.serverDoc(serverId);
    if (!doc || doc._deleted) {
      unknown.add(serverId);
      return undefined;
    }
    const { _id, _rev, ...rest } = doc;
    const id = (await openRecord(k, 'students', 'id', { ...rest, id: _id })).id;
    if (typeof id !== 'string' || id === serverId) return undefined;
    known.set(serverId, id);
    return id;
  };
}
