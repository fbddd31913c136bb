/**
 * The reader definition pages are read by, as the content script uses it: its shape, the built-in one,
 * and the switches an admin set per host. No zod here, so the content script stays small: a definition
 * from a server is validated by the background worker (lib/capture/definition.ts, the trust boundary)
 * before the content script ever receives it.
 */
import { labelKey } from '../text';
import { FIELD_LABELS, type FieldKey, JSON_FIELDS, useReaderTables } from './fields';
import type { PageKind } from './pages/types';

/** Reading features an admin can switch off for a host while a misreading is being fixed. */
export const FEATURES = [
  'capture', // reading this host's pages at all
  'json', // the page's own JSON (its AJAX/fetch responses)
  'learn', // learning a modern API's JSON field names from the shown rows
  'capture-all', // 读取全部 (walking the host's pager)
  'teach', // 识别此页 (taught page mappings)
] as const;
export type Feature = (typeof FEATURES)[number];

/** A validated reader definition (the schema is `ReaderDefinition` in lib/capture/definition.ts). */
export interface ReaderDefinitionData {
  format: 1;
  version: number;
  note: string;
  labels: Record<FieldKey, string[]>;
  json: Record<string, FieldKey>;
  kinds: { words: string; kind: PageKind }[];
  disabled: { host: string; feature: Feature; note: string }[];
}

/** The definition this build ships: the tables the readers were written with. */
export const BUILTIN_DEFINITION: ReaderDefinitionData = {
  format: 1,
  version: 1,
  note: 'built-in',
  labels: Object.fromEntries(Object.entries(FIELD_LABELS).map(([k, v]) => [k, [...v]])) as Record<
    FieldKey,
    string[]
  >,
  json: { ...JSON_FIELDS },
  kinds: [
    { words: '在办业务', kind: 'pending-business' },
    { words: '跨省', kind: 'cross-province' },
    { words: '审核', kind: 'status-change-review' },
  ],
  disabled: [],
};

/** Does this host match a rule's host (`*`, exact, or `*.example.cn` for its subdomains)? */
function hostMatches(rule: string, hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (rule === '*' || rule === h) return true;
  return rule.startsWith('*.') && (h === rule.slice(2) || h.endsWith(rule.slice(1)));
}

/** Is this feature switched off for this host? */
export function isDisabled(def: ReaderDefinitionData, hostname: string, feature: Feature): boolean {
  return def.disabled.some(
    (d) => hostMatches(d.host, hostname) && (d.feature === feature || d.feature === 'capture'),
  );
}

/** The page kind a title names by the definition's words, or undefined. */
export function kindByTitle(def: ReaderDefinitionData, title: string): PageKind | undefined {
  return def.kinds.find((k) => title.includes(labelKey(k.words)))?.kind;
}

/**
 * The storage.local keys whose change means pages are read differently (the definition, the taught
 * pages: DEFINITION_KEY and TAUGHT_KEY of lib/sync/readers.ts, checked equal in page-readers.ts).
 */
export const READER_KEYS = ['readerDefinition', 'taughtPages'] as const;

/**
 * The worker's word to the content scripts that one of READER_KEYS changed: content scripts may not read
 * storage.local (the worker sets it to trusted contexts only), so they cannot watch it; they ask the
 * worker again (`readers/page`) when they hear this.
 */
export const READERS_CHANGED = 'baoxue:readers-changed';

let inUse: ReaderDefinitionData = BUILTIN_DEFINITION;

/** Reads by this definition from now on (already validated); none: the built-in one. */
export function useDefinition(def?: ReaderDefinitionData): void {
  inUse = def ?? BUILTIN_DEFINITION;
  useReaderTables(def ? { labels: def.labels, json: def.json } : undefined);
}

/** The definition pages are read by now. */
export const definitionInUse = (): ReaderDefinitionData => inUse;
