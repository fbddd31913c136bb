/**
 * Decides what a grid is: a page kind with its records, a 学籍-looking grid missing a required column
 * (a notice naming what was not found; nothing is written), or nothing Baoxue knows.
 */
import type { Provenance } from '../records';
import { labelsOf } from './fields';
import { type Implied, withImplied } from './merge';
import { statusChangeList } from './pages/status-change';
import { studentList } from './pages/student-list';
import type { PageContext, PageKind, PageReader } from './pages/types';
import type { GridRead, GridRow, GridShape, ReadRow } from './shapes';
import { isStudentKind, taughtKindInUse } from './taught';

export const READERS: PageReader[] = [statusChangeList, studentList];

export type Classification =
  | { status: 'ok'; kind: PageKind; reader: PageReader; implied: Implied }
  | { status: 'missing'; kind: PageKind; missing: string[] }
  | { status: 'unknown' };

export function classify(shape: Pick<GridShape, 'fields'>, ctx: PageContext): Classification {
  // A page the registrar taught (识别此页) is the kind they named, whatever its columns look like.
  const taught = taughtKindInUse();
  const family = taught && (isStudentKind(taught) ? 'students' : 'cases');
  const reader = READERS.find((r) => (family ? r.family === family : r.looksLike(shape)));
  if (!reader) return { status: 'unknown' };
  const kind = taught ?? reader.kind(ctx);
  const implied = reader.implied?.(ctx, kind) ?? {};
  // A column the page implies (a 跨省转学 list's 异动类别) is not missing.
  const missing = reader.required.filter((f) => !shape.fields.includes(f) && !implied[f]);
  if (missing.length) return { status: 'missing', kind, missing: missing.map(labelsOf) };
  return { status: 'ok', kind, reader, implied };
}

/**
 * Turns read rows into records, keeping each row beside its record (its cells as the page shows them);
 * empty filler rows are skipped.
 */
export function toReadRows<Row extends Pick<GridRow, 'cells'>>(
  reader: PageReader,
  rows: Row[],
  source: Provenance,
  implied: Implied = {},
): ReadRow<Row>[] {
  const out: ReadRow<Row>[] = [];
  for (const row of rows) {
    const record = reader.toRecord(withImplied(row.cells, implied), source);
    if (record) out.push({ row, record });
  }
  return out;
}

export type Recognition =
  | { status: 'read'; kind: PageKind; family: PageReader['family']; rows: ReadRow[] }
  | Exclude<Classification, { status: 'ok' }>;

/** Classifies and reads a whole grid at once. */
export function recognise(read: GridRead, ctx: PageContext): Recognition {
  const c = classify(read, ctx);
  if (c.status !== 'ok') return c;
  const source = { host: ctx.host, pageKind: c.kind, seenAt: ctx.now };
  return {
    status: 'read',
    kind: c.kind,
    family: c.reader.family,
    rows: toReadRows(c.reader, read.rows, source, c.implied),
  };
}
