/**
 * The background worker's side of what the content script reads pages by. The worker is the trust
 * boundary: it reads the reader definition and the taught pages from storage.local, validates them with
 * their schemas (lib/sync/readers.ts), and hands a content script only what parsed, and only its own
 * host's taught pages; the content script carries no zod. Recent pages that were not read (for 设置) are
 * kept here too, from the content script's words checked by the message schema.
 */

import { CodedError, say } from '../say';
import {
  type DEFINITION_KEY,
  readStoredDefinition,
  readTaughtPages,
  type StoredDefinition,
  type TAUGHT_KEY,
  UNREAD_KEY,
  UnreadPage,
} from '../sync/readers';
import { z } from '../zod';
import { isDisabled, type READER_KEYS, type ReaderDefinitionData } from './reading';
import type { PageMappingData } from './taught';

// The keys the content script watches are the keys the worker writes (a compile-time check).
const sameKeys: readonly [typeof DEFINITION_KEY, typeof TAUGHT_KEY] = [] as unknown as typeof READER_KEYS;
void sameKeys;

const MAX_UNREAD = 20;

export interface PageReaders {
  /** The server's definition in use; null: the built-in one. */
  definition: ReaderDefinitionData | null;
  /** The pages taught on this host, oldest first. */
  mappings: PageMappingData[];
}

/** The definition in use and this host's taught pages, each as validated. */
export async function readersFor(hostname: string): Promise<PageReaders> {
  const host = hostname.toLowerCase();
  const stored = await readStoredDefinition().catch(() => undefined);
  const mappings = (await readTaughtPages().catch(() => [])).filter((m) => m.host === host);
  return { definition: stored?.definition ?? null, mappings };
}

/**
 * A capture or a roll from a host, written only when the admin has not switched capture off for it (the
 * overlay may not check: the worker is where it holds). Refused with a coded error; nothing is written.
 */
export async function whenCaptureOn<T>(
  hostname: string,
  write: () => Promise<T>,
  read: () => Promise<StoredDefinition | undefined> = readStoredDefinition,
): Promise<T> {
  const def = (await read().catch(() => undefined))?.definition;
  if (def && isDisabled(def, hostname, 'capture')) throw new CodedError(say('msg_capture_off', hostname));
  return write();
}

/** A page of this host that looked like 学籍 data but was not read: newest first, one per page. */
export async function rememberUnread(
  page: Omit<UnreadPage, 'at'>,
  storage: Pick<typeof browser.storage.local, 'get' | 'set'> = browser.storage.local,
  now = Date.now(),
): Promise<{ kept: boolean }> {
  const entry = UnreadPage.safeParse({ ...page, at: now });
  if (!entry.success || !entry.data.host) return { kept: false };
  const list = z
    .array(UnreadPage)
    .catch([])
    .parse((await storage.get(UNREAD_KEY))[UNREAD_KEY]);
  const rest = list.filter((p) => !(p.host === entry.data.host && p.path === entry.data.path));
  await storage.set({ [UNREAD_KEY]: [entry.data, ...rest].slice(0, MAX_UNREAD) });
  return { kept: true };
}
