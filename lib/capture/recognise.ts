/**
 * Decides what a grid is: a page kind with its records, a 学籍-looking grid missing a required column
 * (a notice naming what was not found; nothing is written), or nothing Baoxue knows.
 */
import type { StatusChangeCase, Student } from '../records';
import { labelsOf } from './fields';
import type { GridRead, GridRow } from './grid';
import { statusChangeList } from './pages/status-change';
import { studentList } from './pages/student-list';
import type { PageContext, PageKind, PageReader } from './pages/types';

export const READERS: PageReader[] = [statusChangeList, studentList];

/** A row of the host grid with the record read from it (so the overlay badges the right row). */
export interface ReadRow {
  row: GridRow;
  record: Student | StatusChangeCase;
}

export type Recognition =
  | {
      status: 'read';
      kind: PageKind;
      family: 'students' | 'cases';
      students: Student[];
      cases: StatusChangeCase[];
      rows: ReadRow[];
    }
  | { status: 'missing'; kind: PageKind; missing: string[] }
  | { status: 'unknown' };

export function recognise(read: GridRead, ctx: PageContext): Recognition {
  const reader = READERS.find((r) => r.looksLike(read));
  if (!reader) return { status: 'unknown' };
  const kind = reader.kind(ctx);
  const missing = reader.required.filter((f) => !read.fields.includes(f));
  if (missing.length) return { status: 'missing', kind, missing: missing.map(labelsOf) };
  const source = { host: ctx.host, pageKind: kind, seenAt: ctx.now };
  const students: Student[] = [];
  const cases: StatusChangeCase[] = [];
  const rows: ReadRow[] = [];
  for (const row of read.rows) {
    if (reader.family === 'students') {
      const record = reader.toRecord(row.cells, source);
      if (record) {
        students.push(record);
        rows.push({ row, record });
      }
    } else {
      const record = reader.toRecord(row.cells, source);
      if (record) {
        cases.push(record);
        rows.push({ row, record });
      }
    }
  }
  return { status: 'read', kind, family: reader.family, students, cases, rows };
}
