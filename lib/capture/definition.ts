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
import { z } from '../zod';
import { FIELD_LABELS, type FieldKey } from './fields';
import { PAGE_KINDS } from './pages/types';
import { FEATURES, type ReaderDefinitionData } from './reading';

// The runtime half (no zod: the content script imports it) lives in reading.ts.
export {
  BUILTIN_DEFINITION,
  definitionInUse,
  FEATURES,
  type Feature,
  isDisabled,
  kindByTitle,
  useDefinition,
} from './reading';

export const FIELD_KEYS = Object.keys(FIELD_LABELS) as [FieldKey, ...FieldKey[]];
export const FieldKeySchema = z.enum(FIELD_KEYS);
export const PageKindSchema = z.enum(PAGE_KINDS);

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
// The schema's type and the plain shape the content script reads by are the same, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<ReaderDefinition, ReaderDefinitionData> = true;
void sameShape;

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
