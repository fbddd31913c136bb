/**
 * Saving what a grid showed and asking the store what it knows (flags, paperwork) for the badges. The two
 * are apart so the badges need not wait for the save: the store is asked once before it (what it already
 * holds), the records go to the worker in as few messages as the schema allows (one bulk write each), and
 * it is asked again only when the save changed something. Every write goes through the worker's message
 * map; nothing here touches the store.
 */
import type { ChecklistResult, KnownResult } from '@/lib/messaging';
import { command, request } from '@/lib/messaging-client';
import { DESTINATION_CODE, type DestinationKind } from '@/lib/paperwork/destination';
import type { Provenance, StatusChangeCase, Student } from '@/lib/records';

/** The most records (or ids) one message may carry (lib/messaging.ts Requests). */
const PER_MESSAGE = 5000;

export type Family = 'students' | 'cases';
export type CapturedRecord = Student | StatusChangeCase;

const message = (pageKind: string, source: Provenance, family: Family, records: CapturedRecord[]) => ({
  pageKind,
  source,
  students: family === 'students' ? (records as Student[]) : [],
  cases: family === 'cases' ? (records as StatusChangeCase[]) : [],
});

/** What the store holds about these ids (flags, and for cases their paperwork as of today). Reads only. */
export async function askKnown(ids: string[]): Promise<KnownResult> {
  const out: KnownResult = { flags: {}, paperwork: {} };
  for (let i = 0; i < ids.length; i += PER_MESSAGE) {
    const known = await request('capture/known', { ids: ids.slice(i, i + PER_MESSAGE) });
    Object.assign(out.flags, known.flags);
    Object.assign(out.paperwork, known.paperwork);
  }
  return out;
}

/** Saves the records of one read in bulk: how many records were written and how many changes recorded. */
export async function saveAll(
  pageKind: string,
  source: Provenance,
  family: Family,
  records: CapturedRecord[],
): Promise<{ saved: number; changes: number }> {
  const out = { saved: 0, changes: 0 };
  for (let i = 0; i < records.length; i += PER_MESSAGE) {
    const r = await request(
      'capture/save',
      message(pageKind, source, family, records.slice(i, i + PER_MESSAGE)),
    );
    out.saved += r.saved;
    out.changes += r.changes;
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
