/**
 * What the overlay reads pages by, brought to the device at sync: the reader definition the school's
 * server publishes (`/_baoxue/definitions`, lib/capture/definition.ts) and the pages colleagues taught
 * (识别此页, `pageTaught` events). Both are kept in storage.local, where the content script reads them
 * (and hears of changes) without asking the store. A definition that fails validation is not taken: the
 * one in use stays, and what was wrong is kept for 设置 to say.
 */
import { type DefinitionProblem, parseDefinition, ReaderDefinition } from '../capture/definition';
import { mappingOfEvent, PageMapping } from '../capture/teach';
import type { BaoxueDatabase } from '../db/types';
import type { StoredEvent } from '../records';
import { z } from '../zod';
import { basicAuth, type SyncAccount } from './account';

export const DEFINITION_KEY = 'readerDefinition';
export const TAUGHT_KEY = 'taughtPages';
/** Recent pages that looked like 学籍 data but were not read (the overlay keeps them; 设置 lists them). */
export const UNREAD_KEY = 'unreadPages';
export const UnreadPage = z.object({
  host: z.string().max(253),
  path: z.string().max(300),
  title: z.string().max(200),
  unknown: z.array(z.string().max(60)).max(60),
  at: z.number(),
});
export type UnreadPage = z.infer<typeof UnreadPage>;

export async function readUnreadPages(): Promise<UnreadPage[]> {
  const v = (await local()?.get(UNREAD_KEY))?.[UNREAD_KEY];
  const r = z.array(UnreadPage).max(100).safeParse(v);
  return r.success ? r.data : [];
}

export const StoredDefinition = z.object({
  /** The server's definition in use; absent: the built-in one. */
  definition: ReaderDefinition.optional(),
  /** The last one the server offered that was refused, and why. */
  refused: z.object({ key: z.string().max(64), detail: z.string().max(200), at: z.number() }).optional(),
  checkedAt: z.number(),
});
export type StoredDefinition = z.infer<typeof StoredDefinition>;

const local = () => (globalThis as { browser?: typeof browser }).browser?.storage?.local;

export async function readStoredDefinition(): Promise<StoredDefinition | undefined> {
  const v = (await local()?.get(DEFINITION_KEY))?.[DEFINITION_KEY];
  const r = StoredDefinition.safeParse(v);
  return r.success ? r.data : undefined;
}

/** The most pages kept where pages are read from (one per page: the newest of each). */
export const MAX_TAUGHT_PAGES = 2000;

/**
 * The stored taught pages, each entry judged on its own: a bad one is dropped, never the whole list (one
 * damaged entry must not make every taught page vanish on the device).
 */
export function taughtPagesOf(value: unknown): PageMapping[] {
  if (!Array.isArray(value)) return [];
  return value.slice(-MAX_TAUGHT_PAGES).flatMap((entry) => {
    const r = PageMapping.safeParse(entry);
    return r.success ? [r.data] : [];
  });
}

/**
 * One mapping per page (host + path): the newest, in the order they were last taught (oldest first), at
 * most MAX_TAUGHT_PAGES. A page taught again and again is one page, not one entry per event.
 */
export function newestPerPage(mappings: readonly PageMapping[]): PageMapping[] {
  const byPage = new Map<string, PageMapping>();
  for (const m of mappings) {
    const key = `${m.host} ${m.path}`;
    byPage.delete(key); // re-inserted last: the order is of the newest teaching
    byPage.set(key, m);
  }
  return [...byPage.values()].slice(-MAX_TAUGHT_PAGES);
}

export async function readTaughtPages(): Promise<PageMapping[]> {
  return taughtPagesOf((await local()?.get(TAUGHT_KEY))?.[TAUGHT_KEY]);
}

/** What the server's answer means for the device: take it, drop back to the built-in, or keep as is. */
export type DefinitionAnswer =
  | { take: ReaderDefinition }
  | { none: true }
  | { refuse: DefinitionProblem }
  | { unreachable: true };

export function judgeDefinitionAnswer(status: number, body: unknown): DefinitionAnswer {
  if (status === 404) return { none: true };
  if (status !== 200) return { unreachable: true };
  const p = parseDefinition(body);
  return p.ok ? { take: p.definition } : { refuse: p.problem };
}

/** Asks the server for its reader definition and keeps what it means (see judgeDefinitionAnswer). */
export async function pullDefinition(a: Pick<SyncAccount, 'url' | 'user' | 'password'>, now = Date.now()) {
  const store = local();
  if (!store) return;
  let answer: DefinitionAnswer;
  try {
    const r = await fetch(`${a.url}_baoxue/definitions`, {
      headers: { authorization: basicAuth(a), accept: 'application/json' },
    });
    const text = await r.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // judged as text: refused as not JSON
    }
    answer = judgeDefinitionAnswer(r.status, body);
  } catch {
    answer = { unreachable: true };
  }
  if ('unreachable' in answer) return;
  const before = await readStoredDefinition();
  const next: StoredDefinition =
    'take' in answer
      ? { definition: answer.take, checkedAt: now }
      : 'none' in answer
        ? { checkedAt: now }
        : {
            ...(before?.definition ? { definition: before.definition } : {}),
            refused: { key: answer.refuse.key, detail: answer.refuse.detail, at: now },
            checkedAt: now,
          };
  // Only a change is written (checkedAt aside): every open page re-reads when the definition changes.
  const same = JSON.stringify({ ...before, checkedAt: 0 }) === JSON.stringify({ ...next, checkedAt: 0 });
  if (!same) await store.set({ [DEFINITION_KEY]: next });
}

/** The taught pages in the store (colleagues' included, after a pull), for the content script. */
export async function publishTaughtPages(db: BaoxueDatabase): Promise<void> {
  const store = local();
  if (!store) return;
  const kind = 'pageTaught' as StoredEvent['kind'];
  const docs = await db.events.find({ selector: { kind } }).exec();
  const mappings = newestPerPage(
    docs
      .map((d) => d.toJSON())
      .sort((x, y) => x.recordedAt - y.recordedAt)
      .flatMap((e) => {
        const m = mappingOfEvent(e.data);
        return m ? [m] : [];
      }),
  );
  // Only a change is written: every open page re-reads when the taught pages change.
  if (JSON.stringify(mappings) !== JSON.stringify(await readTaughtPages()))
    await store.set({ [TAUGHT_KEY]: mappings });
}

let lastPull = 0;
const PULL_EVERY = 60_000;

/**
 * Both, when a sync has caught up; never fails the sync. A live sync catches up often: the definition is
 * asked for at most once a minute (each time a run first catches up: `force`), the taught pages are
 * taken each time (a local read).
 */
export async function refreshReaders(
  db: BaoxueDatabase,
  a: SyncAccount,
  opts: { force?: boolean } = {},
  now = Date.now(),
): Promise<void> {
  const pull = opts.force || now - lastPull >= PULL_EVERY;
  if (pull) lastPull = now;
  await Promise.all([
    pull ? pullDefinition(a, now).catch(() => {}) : undefined,
    publishTaughtPages(db).catch(() => {}),
  ]);
}
