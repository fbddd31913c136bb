/**
 * 识别此页: a page a registrar taught Baoxue to read. The mapping is data about the page only (host, page
 * path, its header texts → Baoxue fields or "ignore", and the page kind), never a student's data: it is
 * stored as an event (synced to colleagues) and can be exported as a file a county hands to its schools.
 */
import { z } from '../zod';
import { FieldKeySchema, PageKindSchema } from './definition';
import { type FieldKey, normalizeLabel, useTaughtColumns } from './fields';
import { type PageKind, STUDENT_KINDS } from './pages/types';

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

/** A page's path as mappings name it: the path, plus a hash route (`#/students`), never the query. */
export function pagePath(loc: Pick<Location, 'pathname' | 'hash'>): string {
  const hash = loc.hash.startsWith('#/') ? loc.hash.replace(/\?.*$/, '') : '';
  return `${loc.pathname || '/'}${hash}`.slice(0, 300);
}

/** The newest mapping for this page, of those given oldest first; undefined when none was taught. */
export function mappingFor(
  mappings: readonly PageMapping[],
  host: string,
  path: string,
): PageMapping | undefined {
  const h = host.toLowerCase();
  return mappings.findLast((m) => m.host === h && m.path === path);
}

/** A mapping's columns as the readers look them up: normalised header → field, or null for "ignore". */
export function taughtColumns(m: PageMapping): Map<string, FieldKey | null> {
  return new Map(m.columns.map((c) => [normalizeLabel(c.header), c.field]));
}

/** Is this a kind of page listing students (else: status-change cases)? */
export const isStudentKind = (kind: string) => (STUDENT_KINDS as readonly string[]).includes(kind);

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

/** A mappings file read back; undefined when it is not one (a wrong or damaged file changes nothing). */
export function parseMappingsFile(text: string): MappingsFile | undefined {
  try {
    const r = MappingsFile.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

let taughtKind: PageKind | undefined;

/** Reads the page in view as taught (its columns and kind); none: as the definition says. */
export function useTaughtPage(m?: PageMapping): void {
  useTaughtColumns(m && taughtColumns(m));
  taughtKind = m?.kind;
}

/** The kind taught for the page in view, if any. */
export const taughtKindInUse = (): PageKind | undefined => taughtKind;

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
