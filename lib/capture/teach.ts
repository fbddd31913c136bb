/**
 * 识别此页: a page a registrar taught Baoxue to read. The mapping is data about the page only (host, page
 * path, its header texts → Baoxue fields or "ignore", and the page kind), never a student's data: it is
 * stored as an event (synced to colleagues) and can be exported as a file a county hands to its schools.
 */
import { type Coded, say } from '../say';
import { z } from '../zod';
import { FieldKeySchema, PageKindSchema } from './definition';
import { normalizeLabel } from './fields';
import type { PageMappingData } from './taught';

// The runtime half (no zod: the content script imports it) lives in taught.ts.
export {
  isStudentKind,
  mappingFor,
  pagePath,
  taughtColumns,
  taughtKindInUse,
  useTaughtPage,
} from './taught';

const header = z.string().trim().min(1).max(60);

export const TaughtColumn = z.object({ header, field: FieldKeySchema.nullable() });
export type TaughtColumn = z.infer<typeof TaughtColumn>;

export const PageMapping = z.object({
  host: z
    .string()
    .trim()
    .toLowerCase()
    .min(1)
    .max(253)
    .regex(/^[a-z0-9.:-]+$/),
  /** The page's path (and a hash route `#/…`), without its query: what names the page, not a search. */
  path: z.string().trim().min(1).max(300),
  kind: PageKindSchema,
  columns: z
    .array(TaughtColumn)
    .min(1)
    .max(60)
    .refine((cols) => new Set(cols.map((c) => normalizeLabel(c.header))).size === cols.length, {
      error: 'cmd_err_teach_header_twice',
    })
    .refine(
      (cols) => {
        const fields = cols.flatMap((c) => (c.field ? [c.field] : []));
        return new Set(fields).size === fields.length;
      },
      { error: 'cmd_err_teach_field_twice' },
    ),
});
export type PageMapping = z.infer<typeof PageMapping>;
// The schema's type and the plain shape the content script reads by are the same, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<PageMapping, PageMappingData> = true;
void sameShape;

/** The exchange file a county hands to its schools: mappings only, no student data. */
export const MAPPINGS_FILE_FORMAT = 'baoxue-page-mappings';
export const MappingsFile = z.object({
  format: z.literal(MAPPINGS_FILE_FORMAT),
  version: z.literal(1),
  mappings: z.array(PageMapping).max(500),
});
export type MappingsFile = z.infer<typeof MappingsFile>;

export function mappingsFile(mappings: readonly PageMapping[]): MappingsFile {
  // One per page: the newest.
  const byPage = new Map(mappings.map((m) => [`${m.host} ${m.path}`, m]));
  return { format: MAPPINGS_FILE_FORMAT, version: 1, mappings: [...byPage.values()] };
}

/**
 * A mappings file read back, or why it is refused (a coded message a registrar reads): nothing of a
 * refused file is taken, not even its valid entries.
 */
export function readMappingsFile(
  text: string,
): { ok: true; file: MappingsFile } | { ok: false; message: Coded } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: say('readers_import_not_json') };
  }
  const head = value as { format?: unknown; mappings?: unknown } | null;
  if (
    !head ||
    typeof head !== 'object' ||
    head.format !== MAPPINGS_FILE_FORMAT ||
    !Array.isArray(head.mappings)
  )
    return { ok: false, message: say('readers_import_not_mappings') };
  const r = MappingsFile.safeParse(value);
  if (r.success) return { ok: true, file: r.data };
  const issue = r.error.issues[0];
  const [, index, ...where] = issue?.path ?? [];
  if (typeof index !== 'number') return { ok: false, message: say('readers_import_not_mappings') };
  // Which part of the entry is wrong, in words (a header or field given twice says so itself).
  const part = String(where[0] ?? '');
  const named = isPart(part) ? say(`readers_part_${part}`) : undefined;
  const own = OWN_REASONS.find((k) => k === issue?.message);
  const entry = String(index + 1);
  if (named && own) return { ok: false, message: say('readers_import_invalid_why', entry, named, say(own)) };
  return { ok: false, message: say('readers_import_invalid', entry, named ?? (own ? say(own) : '')) };
}
const PARTS = ['host', 'path', 'kind', 'columns'] as const;
const isPart = (p: string): p is (typeof PARTS)[number] => (PARTS as readonly string[]).includes(p);
/** The refusals an entry words itself (PageMapping's refinements). */
const OWN_REASONS = ['cmd_err_teach_header_twice', 'cmd_err_teach_field_twice'] as const;

/** The data of a `pageTaught` event (lib/records PageTaughtData): the mapping with its columns as JSON text. */
const TaughtEventData = z.object({
  host: z.string(),
  path: z.string(),
  pageKind: z.string(),
  columns: z.string().max(4000),
});

/** The mapping a `pageTaught` event holds; undefined when it does not parse (it stays stored as it is). */
export function mappingOfEvent(data: unknown): PageMapping | undefined {
  const d = TaughtEventData.safeParse(data);
  if (!d.success) return undefined;
  let columns: unknown;
  try {
    columns = JSON.parse(d.data.columns);
  } catch {
    return undefined;
  }
  const r = PageMapping.safeParse({ host: d.data.host, path: d.data.path, kind: d.data.pageKind, columns });
  return r.success ? r.data : undefined;
}
