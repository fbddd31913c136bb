/**
 * The worker's side of reading a host grid: the cells a content script read become records here
 * (lib/capture/read-grid.ts, merged with the frame's own JSON), are checked against the record schemas,
 * and, when asked, saved; the answer is what the row badges need (each row's id and flags, and what the
 * store knows), not the records themselves.
 */

import type { FrameGrids } from '../capture/frame-grids';
import type { Implied } from '../capture/merge';
import type { PageReader } from '../capture/pages/types';
import { type GridReadInput, readGrid, readNewestJson } from '../capture/read-grid';
import type { BaoxueDatabase } from '../db/types';
import type { GridReadAnswer, SaveResult } from '../messaging';
import type { Provenance, StatusChangeCase, Student } from '../records';
import { StatusChangeCase as CaseSchema, Student as StudentSchema } from '../records';
import { CodedError, say } from '../say';
import { z } from '../zod';
import { knownFlags, saveCapture } from './save';

type AnyRecord = Student | StatusChangeCase;

const Students = z.array(StudentSchema);
const Cases = z.array(CaseSchema);

/**
 * Records made here from page text are checked as any message's records were: one that does not fit its
 * schema (an over-long value) refuses the save, in the registrar's words, and nothing is half-written.
 */
function checked(family: PageReader['family'], records: AnyRecord[]) {
  const parsed = family === 'students' ? Students.safeParse(records) : Cases.safeParse(records);
  if (!parsed.success) throw new CodedError(say('msg_refused_invalid', 'capture/read'));
  return family === 'students'
    ? { students: parsed.data as Student[], cases: [] }
    : { students: [], cases: parsed.data as StatusChangeCase[] };
}

export async function readAndSave(
  db: BaoxueDatabase,
  input: GridReadInput & { save: boolean; withJson: boolean },
  frame: FrameGrids,
  whenCaptureOn: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<GridReadAnswer> {
  const read = await readGrid(input, input.withJson ? frame.grids : [], input.save);
  const drawn = read.drawn.filter((r): r is AnyRecord => r !== null);
  const ids = drawn.map((r) => r.id);
  let saved: SaveResult | undefined;
  if (input.save) {
    const records = checked(input.family, [...drawn, ...read.undrawn]);
    saved = await whenCaptureOn(() => saveCapture(db, { source: input.source, ...records }));
  }
  return {
    rows: read.drawn.map((r) =>
      r
        ? {
            id: r.id,
            xjh: r.xjh,
            flags: r.flags,
            ...('changeType' in r ? { label: r.changeType } : {}),
          }
        : null,
    ),
    undrawnIds: read.undrawn.map((r) => r.id),
    origin: read.origin,
    mismatches: read.mismatches,
    known: await knownFlags(db, ids),
    saved,
  };
}

/** A page with no readable grid whose own data arrived: the newest response's records, saved. */
export async function saveNewestJson(
  db: BaoxueDatabase,
  input: { family: PageReader['family']; implied: Implied; source: Provenance },
  frame: FrameGrids,
  whenCaptureOn: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<{ count: number; changes: number }> {
  const records = await readNewestJson(input.family, input.implied, input.source, frame.grids);
  const checkedRecords = checked(input.family, records);
  const saved = await whenCaptureOn(() => saveCapture(db, { source: input.source, ...checkedRecords }));
  return { count: records.length, changes: saved.changes };
}
