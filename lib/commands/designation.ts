/**
 * A designation's 帮扶 partner is a staff account of the school (the gateway refuses any other:
 * server/designationStaff.ts), checked by the command before anything is written: the 重点生 form offers only the
 * staff's names, and a name that reached the command otherwise (typed, or from an older form) is refused here in
 * words instead of being held back by the server. The staff names are asked of the server
 * (lib/audit/staffNames.ts); when it cannot tell them (offline), the designation is written and the server
 * judges it (a refusal is then listed among 未上传的记录).
 */
import { fetchStaffNames } from '../audit/staffNames';
import type { SyncAccount } from '../sync/account';
import { partnerName } from '../sync/designation';

/** Whether `e` names as partner someone the server says is no staff account of the school. */
export async function partnerNotStaff(
  e: { kind: string; data?: unknown },
  /** The signed-in account's name (a member of its school: naming it asks nothing). */
  self: string,
  /** The account to ask the server with (read only when a colleague is named). */
  account: () => Promise<SyncAccount | undefined>,
  fetcher: typeof fetch = fetch,
): Promise<boolean> {
  const data = e.data as { type?: unknown; partner?: unknown } | undefined;
  if (e.kind !== 'riskNote' || data?.type !== 'key-student' || typeof data.partner !== 'string') return false;
  const named = partnerName(data.partner);
  if (named === '' || named === partnerName(self)) return false;
  const a = await account().catch(() => undefined);
  const names = a ? await fetchStaffNames(a, fetcher) : undefined;
  return names !== undefined && !names.some((n) => partnerName(n) === named);
}
