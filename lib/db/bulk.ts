/**
 * Reads and writes for the few places that handle thousands of documents at once (the risk list's full
 * pass). Reads take plain documents straight from the collection's storage: RxDocuments and the query
 * cache cost there, and nothing subscribes to the result. Writes go through the collection (its change
 * events and validation still happen), a few hundred per transaction so the page keeps its main thread.
 */
import { getChangedDocumentsSince, normalizeMangoQuery, prepareQuery, type RxCollection } from 'rxdb';
import { z } from '../zod';

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

type Stored<T> = T & { _deleted?: boolean; _meta?: { lwt: number }; _rev?: string; _attachments?: unknown };

function plain<T>(d: Stored<T>): T {
  const { _deleted, _meta, _rev, _attachments, ...rest } = d;
  return rest as T;
}

/** A mango query over live (not deleted) documents. */
export async function queryPlain<T>(c: RxCollection<T>, query: { selector: object }): Promise<T[]> {
  const schema = c.storageInstance.schema;
  // Every RxDB index begins with _deleted: without it in the selector, no index range can be used.
  const live = { ...query, selector: { ...query.selector, _deleted: { $eq: false } } };
  const prepared = prepareQuery(schema, normalizeMangoQuery(schema, live as never));
  return ((await c.storageInstance.query(prepared)).documents as Stored<T>[]).map(plain);
}

/** Documents by id, a thousand per read (a county's list names thousands). */
export async function findPlain<T>(c: RxCollection<T>, ids: string[], size = 1000): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) {
    if (i) await yieldToPage();
    out.push(
      ...((await c.storageInstance.findDocumentsById(ids.slice(i, i + size), false)) as Stored<T>[]).map(
        plain,
      ),
    );
  }
  return out;
}

/** RxDB's change-feed position: the last document seen, by local write time then id. */
export const Checkpoint = z.object({ id: z.string(), lwt: z.number() });
export type Checkpoint = z.infer<typeof Checkpoint>;

/**
 * A position at or before every write that has not happened yet. RxDB stamps each write with its local
 * write time (`_meta.lwt`, ms, never behind the clock), so "now" is one; a write from just before is at
 * worst seen twice.
 */
export const nowCheckpoint = (): Checkpoint => ({ id: '', lwt: Date.now() - 1 });

/** Documents written (or deleted) since `since`, read in batches; with the new position. */
export async function changedSince<T>(
  c: RxCollection<T>,
  since: Checkpoint,
): Promise<{ docs: T[]; checkpoint: Checkpoint }> {
  const docs: T[] = [];
  let checkpoint = since;
  for (;;) {
    const batch = await getChangedDocumentsSince(c.storageInstance, 1000, checkpoint);
    docs.push(...(batch.documents as Stored<T>[]).map(plain));
    checkpoint = batch.checkpoint as Checkpoint;
    if (batch.documents.length < 1000) return { docs, checkpoint };
  }
}

/** Upserts many documents, `size` per bulk write, yielding between writes. For derived data only: a
 * crash midway leaves some written, which the next recomputation completes. */
export async function upsertInChunks<T>(c: RxCollection<T>, docs: T[], size = 250): Promise<void> {
  for (let i = 0; i < docs.length; i += size) {
    if (i) await yieldToPage();
    await c.bulkUpsert(docs.slice(i, i + size));
  }
}

export async function removeInChunks<T>(c: RxCollection<T>, ids: string[], size = 250): Promise<void> {
  for (let i = 0; i < ids.length; i += size) {
    if (i) await yieldToPage();
    await c.bulkRemove(ids.slice(i, i + size));
  }
}
