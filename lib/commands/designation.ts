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
import { designationProblem, partnerName, partnerNow } from '../sync/designation';
import { buildEvents } from './commands';

/** A designation event as the device holds it (the fields the rules read). */
type Designation = { kind: string; studentId?: string; at: number; author?: string; data?: unknown };

/**
 * What the school server would refuse in a designation (重点生 named or ended) from this signed-in account, as
 * a code (lib/sync/designation.ts `designationProblem`), with the child's partner now as this device's
 * designation events about the child tell it (`partnerNow`). The command refuses by it before writing
 * (lib/commands/run.ts), and the 重点生 list offers 解除 by it (`endRefusedFor`): one rule, not two.
 */
export function designationCheck(
  e: Designation,
  account: { user: string; roles: readonly string[] },
  /** This device's designation events about the child (riskNote events of its studentId). */
  designations: readonly Designation[],
  now: number,
) {
  const paired =
    e.kind === 'riskNote' &&
    e.studentId &&
    String((e.data as { type?: unknown })?.type).startsWith('key-student')
      ? partnerNow(designations, e.studentId)
      : undefined;
  return {
    problem: designationProblem(e as never, { name: account.user, roles: account.roles }, now, paired),
    paired,
  };
}

/**
 * The partner whose pairing with this child the signed-in account may not end (解除, command `key/end`): a
 * teacher does not end a pairing the office made with a colleague; the command would refuse it
 * (cmd_err_key_partner_taken), so the list does not offer it. Judged on the very event the command writes.
 * Undefined: 解除 is theirs (a registrar or a leader, their own pairing, or no school server: nothing refused).
 */
export function endRefusedFor(
  studentId: string,
  account: { user: string; roles: readonly string[] } | undefined,
  designations: readonly Designation[],
  now: number,
): string | undefined {
  if (!account) return undefined;
  const { events } = buildEvents('key/end', { studentId }, { author: account.user, now, nonce: () => '' });
  for (const e of events) {
    const { problem, paired } = designationCheck(e, account, designations, now);
    if (problem === 'taken') return paired;
  }
  return undefined;
}

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
