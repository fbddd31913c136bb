/**
 * Paperwork against the store: one case with its checklist, for the overlay panel and the printed 清单.
 * Ticking a document is a command (lib/commands: `document/tick`, `destination/record`).
 */

import { currentAuthor } from '../commands/author';
import type { BaoxueDatabase } from '../db/types';
import { currentChecks } from '../derive/paperwork';
import type { ChecklistResult } from '../messaging';
import { readSettings } from '../settings/store';

/** One case with its checklist, for the overlay panel and the printed 清单. */
export async function caseChecklist(db: BaoxueDatabase, caseId: string): Promise<ChecklistResult> {
  const settings = await readSettings(db);
  const found = (await currentChecks(db)).find((x) => x.c.id === caseId);
  return {
    case: found?.c ?? null,
    checklist: found?.list ?? null,
    // Who ticks on this device: the worker stamps it on each tick (lib/commands); the panel shows it.
    verifier: (await currentAuthor(db))?.name ?? '',
    schoolName: settings.schoolName,
  };
}
