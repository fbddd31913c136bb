/**
 * Puts the two sources together, cell by cell. The JSON is exact and richer (special groups, contact
 * details), so where it has a value the record takes it; where it lacks one (a field its names do not
 * say, an empty value) the record keeps what the DOM showed, so nothing the registrar saw is lost. A
 * difference of form (`20250910` / `2025-09-10`, `1` / `男`, full-/half-width, spaces) is no difference;
 * a row where the two still disagree is flagged `source-mismatch` rather than silently trusting either.
 */
import type { Provenance, StatusChangeCase, Student } from '../records';
import type { FieldKey } from './fields';
import { disagreements, type JsonGrid, type JsonRow, studentExtras } from './json';
import { comparable } from './normalize';
import type { PageReader } from './pages/types';
import type { GridRow, ReadRow } from './shapes';

type AnyRecord = Student | StatusChangeCase;
type Cells = GridRow['cells'];
export type Implied = Partial<Record<FieldKey, string>>;

/** The fields that say which student or case a row is: DOM and JSON rows are paired on them. */
const IDENTITY: FieldKey[] = ['xjh', 'changeType', 'appliedDate'];

/** A row's cells with the values its page implies, where the row itself says nothing. */
export function withImplied(cells: Cells, implied: Implied): Cells {
  const out = { ...cells };
  for (const [f, v] of Object.entries(implied) as [FieldKey, string][]) if (!out[f]?.trim()) out[f] = v;
  return out;
}

function recordOf(
  reader: PageReader,
  cells: Cells,
  raw: Record<string, string>,
  source: Provenance,
): AnyRecord | undefined {
  const record = reader.toRecord(cells, source);
  if (!record) return undefined;
  return reader.family === 'students' ? { ...(record as Student), ...studentExtras(raw) } : record;
}

/** Records from a JSON grid, through the page's reader, with what only the JSON carries. */
export function jsonRecords(
  json: JsonGrid,
  reader: PageReader,
  source: Provenance,
  implied: Implied = {},
): AnyRecord[] {
  const out: AnyRecord[] = [];
  for (const { cells, raw } of json.rows) {
    const record = recordOf(reader, withImplied(cells, implied), raw, source);
    if (record) out.push(record);
  }
  return out;
}

/**
 * For each DOM row, the JSON row of the same student or case, from the newest JSON grid that lists any
 * of them; undefined when none does. Rows are paired on the identifying fields both sources carry, in
 * comparable form, so a field the JSON names differently or a date written differently does not part them.
 */
export function matchingJson(
  rows: ReadRow<Pick<GridRow, 'cells'>>[],
  grids: JsonGrid[],
  shown: FieldKey[],
): (JsonRow | undefined)[] | undefined {
  for (const grid of [...grids].reverse()) {
    const keyFields = IDENTITY.filter((f) => shown.includes(f) && grid.fields.includes(f));
    if (!keyFields.includes('xjh')) continue;
    const key = (cells: Cells) =>
      comparable('xjh', cells.xjh) ? keyFields.map((f) => comparable(f, cells[f])).join('|') : '';
    const byKey = new Map<string, JsonRow[]>();
    for (const r of grid.rows) {
      const k = key(r.cells);
      if (!k) continue;
      const list = byKey.get(k);
      if (list) list.push(r);
      else byKey.set(k, [r]);
    }
    const pairs = rows.map((r) => byKey.get(key(r.row.cells))?.shift());
    if (pairs.some(Boolean)) return pairs;
  }
  return undefined;
}

const nonEmpty = (cells: Cells): Cells =>
  Object.fromEntries(Object.entries(cells).filter(([, v]) => v?.trim())) as Cells;

export function mergeSources<Row extends Pick<GridRow, 'cells'>>(
  rows: ReadRow<Row>[],
  pairs: (JsonRow | undefined)[] | undefined,
  shown: FieldKey[],
  reader: PageReader,
  source: Provenance,
  implied: Implied = {},
): { rows: ReadRow<Row>[]; mismatches: number } {
  if (!pairs) return { rows, mismatches: 0 };
  let mismatches = 0;
  const merged = rows.map(({ row, record }, i) => {
    const json = pairs[i];
    if (!json) return { row, record };
    const cells = withImplied({ ...row.cells, ...nonEmpty(json.cells) }, implied);
    const exact = recordOf(reader, cells, json.raw, source);
    if (!exact) return { row, record };
    if (disagreements(row.cells, json.cells, shown).length === 0) return { row, record: exact };
    mismatches++;
    return { row, record: { ...exact, flags: [...new Set([...exact.flags, 'source-mismatch'])].sort() } };
  });
  return { rows: merged, mismatches };
}
