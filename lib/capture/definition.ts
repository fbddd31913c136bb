/**
 * Reader definitions as data: the header labels (with their synonyms), the host JSON field names and the
 * title words that name a page kind, as one versioned document. The built-in one (from fields.ts and the
 * page readers) is the default; a school's or county's server admin can publish another at
 * `/_baoxue/definitions`, which devices take at sync. An admin can also switch one reading feature off
 * for a host until a misreading is fixed (the hotfix pattern of Refined GitHub).
 *
 * A definition replaces the built-in one whole, and only when it parses: one that fails validation
 * changes nothing, and the device says why (`definitionProblem`). No regular expressions from the
 * server: title words are plain substrings, so a definition cannot make a device hang.
 */
import { labelKey } from '../text';
import { z } from '../zod';
import { FIELD_LABELS, type FieldKey, JSON_FIELDS, useReaderTables } from './fields';
import { PAGE_KINDS, type PageKind } from './pages/types';

export const FIELD_KEYS = Object.keys(FIELD_LABELS) as [FieldKey, ...FieldKey[]];
export const FieldKeySchema = z.enum(FIELD_KEYS);
export const PageKindSchema = z.enum(PAGE_KINDS);

/** Reading features an admin can switch off for a host while a misreading is being fixed. */
export const FEATURES = [
  'capture', // reading this host's pages at all
  'json', // the page's own JSON (its AJAX/fetch responses)
  'learn', // learning a modern API's JSON field names from the shown rows
  'capture-all', // 读取全部 (walking the host's pager)
  'teach', // 识别此页 (taught page mappings)
] as const;
export type Feature = (typeof FEATURES)[number];

const label = z.string().trim().min(1).max(40);
const host = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.*:-]+$/);

export const ReaderDefinition = z.object({
  /** The format of this document; a device only takes a format it knows. */
  format: z.literal(1),
  /** Raised with every change, so devices and people can say which one they use. */
  version: z.number().int().min(1).max(1_000_000_000),
  note: z.string().max(500).default(''),
  /** Every Baoxue field, with at least one header label. */
  labels: z.object(
    Object.fromEntries(FIELD_KEYS.map((k) => [k, z.array(label).min(1).max(50)])) as Record<
      FieldKey,
      z.ZodArray<typeof label>
    >,
  ),
  /** Host JSON field name → Baoxue field. */
  json: z
    .record(z.string().trim().min(1).max(64), FieldKeySchema)
    .refine((r) => Object.keys(r).length <= 500),
  /** Title words → page kind, first match wins (a status-change list's exact page). */
  kinds: z.array(z.object({ words: label, kind: PageKindSchema })).max(50),
  /** Features switched off per host (`*` for every host). */
  disabled: z
    .array(z.object({ host, feature: z.enum(FEATURES), note: z.string().max(200).default('') }))
    .max(200)
    .default([]),
});
export type ReaderDefinition = z.infer<typeof ReaderDefinition>;

/** The definition this build ships: the tables the readers were written with. */
export const BUILTIN_DEFINITION: ReaderDefinition = {
  format: 1,
  version: 1,
  note: 'built-in',
  labels: Object.fromEntries(
    Object.entries(FIELD_LABELS).map(([k, v]) => [k, [...v]]),
  ) as ReaderDefinition['labels'],
  json: { ...JSON_FIELDS },
  kinds: [
    { words: '在办业务', kind: 'pending-business' },
    { words: '跨省', kind: 'cross-province' },
    { words: '审核', kind: 'status-change-review' },
  ],
  disabled: [],
};

/** Why a definition was refused, as a message key and its detail (the first problem's place). */
export interface DefinitionProblem {
  key: 'definition_err_json' | 'definition_err_format' | 'definition_err_invalid';
  detail: string;
}

export type ParsedDefinition =
  | { ok: true; definition: ReaderDefinition }
  | { ok: false; problem: DefinitionProblem };

/** Parses a definition from its text or value; a refusal names where it is wrong. */
export function parseDefinition(input: unknown): ParsedDefinition {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, problem: { key: 'definition_err_json', detail: '' } };
    }
  }
  if (!value || typeof value !== 'object' || (value as { format?: unknown }).format !== 1)
    return {
      ok: false,
      problem: {
        key: 'definition_err_format',
        detail: String((value as { format?: unknown })?.format ?? ''),
      },
    };
  const r = ReaderDefinition.safeParse(value);
  if (r.success) return { ok: true, definition: r.data };
  const first = r.error.issues[0];
  return {
    ok: false,
    problem: {
      key: 'definition_err_invalid',
      detail: (first?.path ?? []).map(String).join('.').slice(0, 120),
    },
  };
}

/** Does this host match a rule's host (`*`, exact, or `*.example.cn` for its subdomains)? */
function hostMatches(rule: string, hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (rule === '*' || rule === h) return true;
  return rule.startsWith('*.') && (h === rule.slice(2) || h.endsWith(rule.slice(1)));
}

/** Is this feature switched off for this host? */
export function isDisabled(def: ReaderDefinition, hostname: string, feature: Feature): boolean {
  return def.disabled.some(
    (d) => hostMatches(d.host, hostname) && (d.feature === feature || d.feature === 'capture'),
  );
}

/** The page kind a title names by the definition's words, or undefined. */
export function kindByTitle(def: ReaderDefinition, title: string): PageKind | undefined {
  return def.kinds.find((k) => title.includes(labelKey(k.words)))?.kind;
}

let inUse: ReaderDefinition = BUILTIN_DEFINITION;

/** Reads by this definition from now on (already validated); none: the built-in one. */
export function useDefinition(def?: ReaderDefinition): void {
  inUse = def ?? BUILTIN_DEFINITION;
  useReaderTables(def ? { labels: def.labels, json: def.json } : undefined);
}

/** The definition pages are read by now. */
export const definitionInUse = (): ReaderDefinition => inUse;
