/**
 * Saving what a grid showed: records go to the background worker in batches the message schema allows,
 * and for each batch the store answers what it knows (flags, paperwork) for the badges. Every write goes
 * through the worker's message map; nothing here touches the store.
 */
import type { ChecklistResult, KnownResult } from '@/lib/messaging';
import { command, request } from '@/lib/messaging-client';
import { DESTINATION_CODE, type DestinationKind } from '@/lib/paperwork/destination';
import type { Provenance, StatusChangeCase, Student } from '@/lib/records';

const SAVE_BATCH = 500;

export type Family = 'students' | 'cases';
export type CapturedRecord = Student | StatusChangeCase;

export interface Saved {
  changes: number;
  flags: KnownResult['flags'];
  paperwork: KnownResult['paperwork'];
}

const message = (pageKind: string, source: Provenance, family: Family, records: CapturedRecord[]) => ({
  pageKind,
  source,
  students: family === 'students' ? (records as Student[]) : [],
  cases: family === 'cases' ? (records as StatusChangeCase[]) : [],
});

/** Saves the records of one read, batch by batch, and gathers what the store knows about each. */
export async function saveAndAsk(
  pageKind: string,
  source: Provenance,
  family: Family,
  records: CapturedRecord[],
): Promise<Saved> {
  const out: Saved = { changes: 0, flags: {}, paperwork: {} };
  for (let i = 0; i < records.length; i += SAVE_BATCH) {
    const batch = records.slice(i, i + SAVE_BATCH);
    out.changes += (await request('capture/save', message(pageKind, source, family, batch))).changes;
    const known = await request('capture/known', { ids: batch.map((r) => r.id) });
    Object.assign(out.flags, known.flags);
    Object.assign(out.paperwork, known.paperwork);
  }
  return out;
}

/** Saves records read from the grid's JSON alone (no rows to badge): one message, as before. */
export async function saveOnly(
  pageKind: string,
  source: Provenance,
  family: Family,
  records: CapturedRecord[],
): Promise<number> {
  return (await request('capture/save', message(pageKind, source, family, records))).changes;
}

/**
 * A document ticked (or withdrawn) in the panel, through the worker's commands (which stamp the author
 * from the account); where the child went is its own command. Answers the case's checklist as it now is.
 */
export async function tickDocument(
  caseId: string,
  doc: string,
  state: 'received' | 'withdrawn',
  note: string,
  destination?: { kind: DestinationKind; place: string },
): Promise<ChecklistResult> {
  if (doc === DESTINATION_CODE && destination && state === 'received')
    await command('destination/record', { caseId, kind: destination.kind, place: destination.place });
  else await command('document/tick', { caseId, doc, state, note });
  return request('paperwork/checklist', { caseId });
}
