/**
 * Paperwork against the store: ticking a document (an append-only `documentReceived` event) and one case
 * with its checklist, for the overlay panel and the printed 清单.
 */
import type { BaoxueDatabase } from '../db/types';
import { currentChecks } from '../derive/paperwork';
import type { ChecklistResult } from '../messaging';
import { readSettings } from '../settings/store';
import { DESTINATION_CODE, type DestinationKind } from './destination';

export async function tickDocument(
  db: BaoxueDatabase,
  input: {
    caseId: string;
    doc: string;
    state: 'received' | 'withdrawn';
    by: string;
    note: string;
    /** On the `destination` entry: where the child went (学生流出去向). */
    destination?: { kind: DestinationKind; place: string };
  },
  now = Date.now(),
): Promise<void> {
  const dest: Record<string, string> =
    input.doc === DESTINATION_CODE && input.destination
      ? { destKind: input.destination.kind, dest: input.destination.place }
      : {};
  await db.events.insert({
    id: `doc:${input.caseId}:${input.doc}:${now}:${Math.random().toString(36).slice(2, 8)}`,
    kind: 'documentReceived',
    studentId: '', // about the case, not a student
    caseId: input.caseId,
    author: input.by,
    at: now,
    recordedAt: now,
    data: { doc: input.doc, state: input.state, note: input.note, ...dest },
  });
}

/** One case with its checklist, for the overlay panel and the printed 清单. */
export async function caseChecklist(db: BaoxueDatabase, caseId: string): Promise<ChecklistResult> {
  const settings = await readSettings(db);
  const found = (await currentChecks(db)).find((x) => x.c.id === caseId);
  return {
    case: found?.c ?? null,
    checklist: found?.list ?? null,
    verifier: settings.verifier,
    schoolName: settings.schoolName,
  };
}
