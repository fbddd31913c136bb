/**
 * Messages between contexts: one typed map of request schemas, one handler map in the background,
 * wrapped once for sender checks and validation. Every message is treated as attacker-crafted: it must
 * come from this extension, parse with its zod schema, and privileged types must come from an extension
 * page, never from a content script (which shares its frame with the host page).
 */

import type { PageReaders } from './capture/page-readers';
import { COMMAND_NAMES, type CommandName, type CommandResult, OVERLAY_COMMANDS } from './commands/commands';
import { errorText } from './errors';
import type { Checklist } from './paperwork/checklist';
import { type ChangeEvent, Provenance, StatusChangeCase, Student } from './records';
import { CodedError, type StoredText, say } from './say';
import type { SyncStatus } from './sync/status';
import { z } from './zod';

/**
 * What the worker answers a message with: the handler's result, or an error — coded (lib/say.ts) when Baoxue
 * words it, so the page shows it in its reader's language; a plain message only from an error without a code.
 */
export type Reply<T> = { ok: true; result: T } | { ok: false; error: StoredText };

export const Requests = {
  /** Content script → store: what one grid read as. */
  'capture/save': z.object({
    pageKind: z.string().max(64),
    source: Provenance,
    students: z.array(Student).max(5000),
    cases: z.array(StatusChangeCase).max(5000),
  }),
  /**
   * Content script → worker: one response of the host grid's own JSON, as the page's main world gave it
   * (its column models are checked in the worker), kept for the sender's frame (lib/capture/frame-grids.ts).
   */
  'capture/json': z.object({
    url: z.string().max(2000),
    text: z.string().max(8_000_000),
    columns: z.unknown(),
  }),
  /**
   * Content script → worker: the cells of a grid's drawn rows, read by their headers' meaning; made into
   * records here (merged with the frame's JSON), saved when `save`, answered with what the badges need.
   */
  'capture/read': z.object({
    pageKind: z.string().max(64),
    family: z.enum(['students', 'cases']),
    implied: z.record(z.string().max(40), z.string().max(200)),
    source: Provenance,
    fields: z.array(z.string().max(40)).max(100),
    rows: z.array(z.record(z.string().max(40), z.string().max(2000))).max(5000),
    virtual: z.boolean(),
    /** Merge with the frame's JSON (off where the admin switched the page's JSON off for the host). */
    withJson: z.boolean(),
    save: z.boolean(),
  }),
  /** Content script → worker: a page with no readable grid: save its frame's newest JSON response. */
  'capture/json-read': z.object({
    pageKind: z.string().max(64),
    family: z.enum(['students', 'cases']),
    implied: z.record(z.string().max(40), z.string().max(200)),
    source: Provenance,
  }),
  /** Content script → worker: the frame's JSON field names and values, for the redacted 页面结构报告. */
  'capture/json-report': z.object({}),
  /** Content script → store: what the store knows about these 学籍号 (for badges). */
  'capture/known': z.object({ ids: z.array(z.string().max(128)).max(5000) }),
  /** Content script → store: one stored record and its recent change events (the overlay's panel). */
  'capture/record': z.object({ id: z.string().max(128), family: z.enum(['students', 'cases']) }),
  /**
   * Content script → store: a whole unfiltered roll was read; students not on it have left. Never empty: an
   * empty roll would mark every student of the host off it.
   */
  'capture/roll': z.object({
    host: z.string().max(253),
    ids: z.array(z.string().max(128)).min(1).max(20000),
    seenAt: z.number(),
  }),
  /** Content script → store: one case's paperwork checklist (the overlay panel). */
  'paperwork/checklist': z.object({ caseId: z.string().max(128) }),
  /**
   * Page or content script → store: one named command (lib/commands), the only way a record is written.
   * Its input is parsed by the command itself (refusals in a registrar's words); its author is stamped
   * there, never taken from the message. A content script may run only OVERLAY_COMMANDS.
   */
  command: z.object({ name: z.enum(COMMAND_NAMES), input: z.unknown() }),
  /** Content script → background: open the printable 手续清单 of a case in a tab. */
  'paperwork/print': z.object({ caseId: z.string().max(128) }),
  /** Extension page → background: register a content script for a host the user granted. */
  'hosts/sync': z.object({}),
  /** Content script → background: the sync status, for the dot in the host page's strip. */
  'sync/status': z.object({}),
  /**
   * Content script → background: the reader definition in use and the pages taught on the sender's own
   * host, validated here (the content script carries no zod).
   */
  'readers/page': z.object({}),
  /** Content script → background: a page of the sender's host that looked like 学籍 data but was not read. */
  'readers/unread': z.object({
    path: z.string().max(300),
    title: z.string().max(200),
    unknown: z.array(z.string().max(60)).max(60),
  }),
} as const;

export type RequestType = keyof typeof Requests;
export type RequestOf<K extends RequestType> = z.infer<(typeof Requests)[K]>;

/** Types a content script may send; everything else is for extension pages only. */
export const CONTENT_SCRIPT_TYPES: ReadonlySet<RequestType> = new Set([
  'capture/save',
  'capture/json',
  'capture/read',
  'capture/json-read',
  'capture/json-report',
  'capture/known',
  'capture/record',
  'capture/roll',
  'paperwork/checklist',
  'command', // only the overlay's commands: see `allowedFromContentScript`
  'paperwork/print',
  'sync/status',
  'readers/page',
  'readers/unread',
]);

/**
 * Within a type a content script may send, what it may ask: of the commands, only the overlay's; a capture
 * or a roll only of the host it runs on (its sender URL, which the page cannot change): a roll naming
 * another host would mark that host's students off.
 */
function allowedFromContentScript(type: RequestType, input: unknown, sender: Sender): boolean {
  if (type === 'capture/save' || type === 'capture/read' || type === 'capture/json-read')
    return hostOf(sender.url) === (input as RequestOf<'capture/save'>).source.host.toLowerCase();
  if (type === 'capture/roll')
    return hostOf(sender.url) === (input as RequestOf<'capture/roll'>).host.toLowerCase();
  if (type !== 'command') return true;
  const { name, input: args } = input as RequestOf<'command'>;
  if (!OVERLAY_COMMANDS.has(name)) return false;
  // 识别此页 teaches the page it is sent from, never another host's (a mapping reaches every colleague).
  if (name === 'page/teach')
    return hostnameOf(sender.url) === String((args as { host?: unknown })?.host ?? '').toLowerCase();
  return true;
}

/** The sender's host with its port, as the page's `location.host` (what a capture's source names). */
export const hostOf = (url: string | undefined) => {
  try {
    const u = new URL(url ?? '');
    return u.host ? u.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
};

export const hostnameOf = (url: string | undefined) => {
  try {
    return new URL(url ?? '').hostname.toLowerCase();
  } catch {
    return undefined;
  }
};

export interface SaveResult {
  saved: number;
  unchanged: number;
  changes: number;
}
/** What a row's badge shows and opens. */
export interface RowBadge {
  id: string;
  xjh: string;
  flags: string[];
  /** A case's 异动类别 (the badge names it). */
  label?: string;
}

export interface GridReadAnswer {
  /** Per drawn row, in order; null for a row that is no record. */
  rows: (RowBadge | null)[];
  /** A virtual list's undrawn records' ids (saved, not badged). */
  undrawnIds: string[];
  origin: 'dom' | 'dom+json';
  mismatches: number;
  /** What the store holds about the drawn rows (after the save, when there was one). */
  known: KnownResult;
  saved?: SaveResult;
}

export interface KnownResult {
  flags: Record<string, string[]>;
  /** Per case: the missing mandatory documents' names, when the case's type has a rule. */
  paperwork: Record<string, { missing: string[]; known: boolean; closed: boolean }>;
}

export interface ChecklistResult {
  case: StatusChangeCase | null;
  checklist: Checklist | null;
  verifier: string;
  schoolName: string;
}

export interface RecordResult {
  record: Student | StatusChangeCase | null;
  changes: ChangeEvent[];
}

export interface Responses {
  'capture/save': SaveResult;
  'capture/json': { taken: boolean; version: number; fields: string[] };
  'capture/read': GridReadAnswer;
  'capture/json-read': { count: number; changes: number };
  'capture/json-report': { fields: string[][]; values: string[] };
  'capture/known': KnownResult;
  'capture/record': RecordResult;
  'capture/roll': { gone: number };
  'paperwork/checklist': ChecklistResult;
  command: CommandResult<CommandName>;
  'paperwork/print': { opened: boolean };
  'hosts/sync': { registered: string[] };
  'sync/status': SyncStatus;
  'readers/page': PageReaders;
  'readers/unread': { kept: boolean };
}

export type Handlers = {
  [K in RequestType]: (input: RequestOf<K>, sender: Sender) => Promise<Responses[K]>;
};

export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
  /** The sending frame, as the browser names it (a page cannot name another). */
  frameId?: number;
  documentId?: string;
}

const Envelope = z.object({ type: z.string().max(64), payload: z.unknown() });

/** Validates and dispatches one message. Pure of browser globals so it is unit-tested directly. */
export async function dispatch(
  handlers: Handlers,
  message: unknown,
  sender: Sender,
  self: { id: string; pagesOrigin: string },
): Promise<Reply<unknown>> {
  if (sender.id !== self.id) return { ok: false, error: say('msg_refused_foreign') };
  const envelope = Envelope.safeParse(message);
  if (!envelope.success || !(envelope.data.type in Requests))
    return { ok: false, error: say('msg_refused_unknown') };
  const type = envelope.data.type as RequestType;
  // An extension page is one of ours by its URL, whether or not it sits in a tab (the dashboard does); a
  // content script's sender URL is the host page's, which it cannot change.
  const fromExtensionPage = (sender.url ?? '').startsWith(self.pagesOrigin);
  if (!fromExtensionPage && !CONTENT_SCRIPT_TYPES.has(type))
    return { ok: false, error: say('msg_refused_here', type) };
  const input = Requests[type].safeParse(envelope.data.payload);
  if (!input.success) {
    // What zod found is for whoever reads the worker's console; the page says the request was refused.
    console.warn(`${type}: ${z.prettifyError(input.error).slice(0, 500)}`);
    return { ok: false, error: say('msg_refused_invalid', type) };
  }
  if (!fromExtensionPage && !allowedFromContentScript(type, input.data, sender))
    return { ok: false, error: say('msg_refused_here', type) };
  try {
    const handler = handlers[type] as (input: unknown, sender: Sender) => Promise<unknown>;
    return { ok: true, result: await handler(input.data, sender) };
  } catch (e) {
    return { ok: false, error: e instanceof CodedError ? e.text : errorText(e) };
  }
}

/** Background side: installs the one listener. */
export function listen(handlers: Handlers): void {
  const self = { id: browser.runtime.id, pagesOrigin: browser.runtime.getURL('/') };
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    dispatch(handlers, message, sender, self).then(sendResponse);
    return true; // async response
  });
}
