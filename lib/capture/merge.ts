/**
 * Puts the two sources together. The JSON is exact and richer (special groups, contact details), so a
 * row's record comes from it when both are present; the DOM must agree on every field it shows, and a
 * record where it does not is flagged `source-mismatch` rather than silently trusting either side.
 */
import type { Provenance, StatusChangeCase, Student } from '../records';
import type { FieldKey } from './fields';
import { disagreements, type JsonGrid, studentExtras } from './json';
import type { PageReader } from './pages/types';
import type { ReadRow } from './recognise';

type AnyRecord = Student | StatusChangeCase;

/** Records from a JSON grid, through the page's reader, with what only the JSON carries. */
export function jsonRecords(json: JsonGrid, reader: PageReader, source: Provenance): AnyRecord[] {
  const out: AnyRecord[] = [];
  for (const { cells, raw } of json.rows) {
    const record = reader.toRecord(cells, source);
    if (!record) continue;
    out.push(reader.family === 'students' ? { ...(record as Student), ...studentExtras(raw) } : record);
  }
  return out;
}

/** The JSON grid (newest first) that lists the same records as the DOM rows, if any. */
export function matchingJson(
  rows: ReadRow[],
  grids: JsonGrid[],
  reader: PageReader,
  source: Provenance,
): Map<string, AnyRecord> | undefined {
  const ids = new Set(rows.map((r) => r.record.id));
  for (const grid of [...grids].reverse()) {
    if (!grid.fields.includes('xjh')) continue;
    const records = jsonRecords(grid, reader, source);
    if (records.some((r) => ids.has(r.id))) return new Map(records.map((r) => [r.id, r]));
  }
  return undefined;
}

export function mergeSources(
  rows: ReadRow[],
  json: Map<string, AnyRecord> | undefined,
  shown: FieldKey[],
): { rows: ReadRow[]; mismatches: number } {
  if (!json) return { rows, mismatches: 0 };
  let mismatches = 0;
  const merged = rows.map(({ row, record }) => {
    const exact = json.get(record.id);
    if (!exact) return { row, record };
    const differ = disagreements(record, exact, shown);
    if (differ.length === 0) return { row, record: exact };
    mismatches++;
    return { row, record: { ...exact, flags: [...new Set([...exact.flags, 'source-mismatch'])].sort() } };
  });
  return { rows: merged, mismatches };
}
