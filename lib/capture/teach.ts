/**
 * 识别此页: a page a registrar taught Baoxue to read. The mapping is data about the page only (host, page
 * path, its header texts → Baoxue fields or "ignore", and the page kind), never a student's data: it is
 * stored as an event (synced to colleagues) and can be exported as a file a county hands to its schools.
 */
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

/** A mappings file read back; undefined when it is not one (a wrong or damaged file changes nothing). */
export function parseMappingsFile(text: string): MappingsFile | undefined {
  try {
    const r = MappingsFile.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

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
