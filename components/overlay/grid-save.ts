/**
 * What a grid showed, to the worker: the cells of its rows, made into records there (and merged with the
 * frame's JSON), and what the store knows about them (flags, paperwork) back for the badges. A read is
 * sent twice: first without saving, so the badges need not wait for the save; then to be saved (at once,
 * or once the page's JSON has come). Every write goes through the worker's message map; nothing here
 * touches the store.
 */
import type { Implied } from '@/lib/capture/merge';
import type { GridRow, GridShape } from '@/lib/capture/shapes';
import type { ChecklistResult, GridReadAnswer } from '@/lib/messaging';
import { command, request } from '@/lib/messaging-client';
import { DESTINATION_CODE, type DestinationKind } from '@/lib/paperwork/destination';
import type { Provenance } from '@/lib/records';

export type Family = 'students' | 'cases';

/**
 * A grid's rows as read here (cells only) to the worker, which makes them into records merged with the
 * frame's JSON, saves them when `save`, and answers each row's id and flags and what the store knows.
 */
export function readInWorker(
  grid: { pageKind: string; family: Family; implied: Implied; source: Provenance; shape: GridShape },
  rows: readonly GridRow[],
  o: { save: boolean; withJson: boolean },
): Promise<GridReadAnswer> {
  return request('capture/read', {
    pageKind: grid.pageKind,
    family: grid.family,
    implied: grid.implied as Record<string, string>,
    source: grid.source,
    fields: grid.shape.fields,
    rows: rows.map((r) => r.cells as Record<string, string>),
    virtual: !!grid.shape.virtual,
    withJson: o.withJson,
    save: o.save,
  });
}

/** A page with no readable grid: the worker saves its frame's newest JSON response's records. */
export function saveNewest(page: {
  pageKind: string;
  family: Family;
  implied: Implied;
  source: Provenance;
}): Promise<{ count: number; changes: number }> {
  return request('capture/json-read', { ...page, implied: page.implied as Record<string, string> });
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
