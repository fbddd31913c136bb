/**
 * The stored shape of an `access` event's data, apart from the audit report (lib/audit/access.ts), so
 * lib/records.ts can hold it without importing the sync layer that the report reads.
 */
import { z } from '../zod';

/** What was looked at: a child's file, a printed notice (返校通知书 …), an exported ledger (台账). */
export const ACCESS_WHAT = ['studentFile', 'notice', 'ledger'] as const;
export const AccessData = z.object({
  what: z.enum(ACCESS_WHAT),
  /** The notice or ledger (a code, e.g. `returnNotice`, `statusChangeLedger`); '' for a child's file. */
  name: z.string().max(64).default(''),
});
export type AccessData = z.infer<typeof AccessData>;
