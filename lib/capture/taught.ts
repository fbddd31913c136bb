/**
 * 识别此页 as the content script uses it: which page a mapping is for, and reading the page in view as
 * taught. No zod here, so the content script stays small: mappings reach it through the background
 * worker, which validates them (`PageMapping` in lib/capture/teach.ts) before handing them over.
 */
import { type FieldKey, normalizeLabel, useTaughtColumns } from './fields';
import { type PageKind, STUDENT_KINDS } from './pages/types';

/** A page a registrar taught: its host, path, kind, and each header → field (null: ignore). */
export interface PageMappingData {
  host: string;
  path: string;
  kind: PageKind;
  columns: { header: string; field: FieldKey | null }[];
}

/** A page's path as mappings name it: the path, plus a hash route (`#/students`), never the query. */
export function pagePath(loc: Pick<Location, 'pathname' | 'hash'>): string {
  const hash = loc.hash.startsWith('#/') ? loc.hash.replace(/\?.*$/, '') : '';
  return `${loc.pathname || '/'}${hash}`.slice(0, 300);
}

/** The newest mapping for this page, of those given oldest first; undefined when none was taught. */
export function mappingFor<M extends PageMappingData>(
  mappings: readonly M[],
  host: string,
  path: string,
): M | undefined {
  const h = host.toLowerCase();
  return mappings.findLast((m) => m.host === h && m.path === path);
}

/** A mapping's columns as the readers look them up: normalised header → field, or null for "ignore". */
export function taughtColumns(m: PageMappingData): Map<string, FieldKey | null> {
  return new Map(m.columns.map((c) => [normalizeLabel(c.header), c.field]));
}

/** Is this a kind of page listing students (else: status-change cases)? */
export const isStudentKind = (kind: string) => (STUDENT_KINDS as readonly string[]).includes(kind);

let taughtKind: PageKind | undefined;

/** Reads the page in view as taught (its columns and kind); none: as the definition says. */
export function useTaughtPage(m?: PageMappingData): void {
  useTaughtColumns(m && taughtColumns(m));
  taughtKind = m?.kind;
}

/** The kind taught for the page in view, if any. */
export const taughtKindInUse = (): PageKind | undefined => taughtKind;
