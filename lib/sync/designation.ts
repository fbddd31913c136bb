/**
 * The gateway's rules for a 重点生 designation (an event, kind `riskNote`, `data.type` `key-student`, or its end
 * `key-student-end`), on top of the write rules every event passes (lib/sync/school.ts `refusal`). The
 * designation names its 帮扶 partner teacher in clear (`data.partner`), and that teacher then reads the child
 * (server/scope.ts), so who may name whom is an access decision:
 * - a designation naming someone else as partner comes only from a registrar or a leader; a teacher (班主任 or
 *   科任) may name themselves, or nobody;
 * - a child already paired with a partner other than the writer (the designation the server took last): only a
 *   registrar or a leader changes or ends it. The seeds have the class name its 重点生 and a 科任 pair with them
 *   (帮扶对子), the grade leader checking the 帮扶 records (domain.md, 重点生): a pairing the office made, or a
 *   colleague holds, is not a teacher's to take over or end. A teacher names themselves where nobody is paired,
 *   and ends their own pairing;
 * - its time (`at`, set by the device) may not lie more than 10 minutes ahead of the server's clock: a
 *   designation dated years ahead would have outlived every later end while the gateway ordered them by `at`
 *   (it orders them by its changes feed now, but a date nobody can have lived stays refused).
 * Pure: the caller passes the server's clock.
 */

import { refusalReason } from './refusals';

/** How far ahead of the server's clock a designation's time may be (devices' clocks drift a little). */
export const DESIGNATION_CLOCK_SLACK_MS = 10 * 60 * 1000;

/** A partner's name as the gateway compares it with an account name (NFC, spaces at the ends ignored). */
export const partnerName = (name: string) => name.normalize('NFC').trim();

/**
 * What is wrong with a designation, as a code: `future` (dated more than the slack ahead of `now`),
 * `partner` (someone else named as partner by a user who is not a registrar or a leader), `taken` (a teacher
 * replacing or ending another's pairing) or `staff` (a partner who is no staff account of the school, when
 * `staff` is given: server/designationStaff.ts). The gateway says
 * it in its words (`designationRefusal`); a device's command refuses the same up front in the user's
 * language (lib/commands/run.ts), so nothing is written that the server would hold back.
 */
export function designationProblem(
  doc: Readonly<Record<string, unknown>>,
  user: { name: string | null; roles: readonly string[] },
  now: number,
  /** The child's partner now (the designation taken last), if any: the server's index, or the device's events. */
  currentPartner?: string,
  /** The school's staff account names (`partnerName`d), when known: a partner must be one of them (`staff`). */
  staff?: ReadonlySet<string>,
): 'future' | 'partner' | 'taken' | 'staff' | undefined {
  if (doc._deleted === true || doc.kind !== 'riskNote') return undefined;
  const data = doc.data as Readonly<Record<string, unknown>> | null | undefined;
  const type = data?.type;
  if (typeof type !== 'string' || !type.startsWith('key-student')) return undefined;
  if (typeof doc.at === 'number' && doc.at > now + DESIGNATION_CLOCK_SLACK_MS) return 'future';
  if (type !== 'key-student' && type !== 'key-student-end') return undefined;
  // A partner no staff account bears gives nobody anything and is personal text in clear (a parent's name):
  // refused from anyone, the office too.
  const named = type === 'key-student' ? data?.partner : undefined;
  if (staff && typeof named === 'string' && partnerName(named) !== '' && !staff.has(partnerName(named)))
    return 'staff';
  const has = (r: string) => user.roles.includes(r);
  if (has('_admin') || has('registrar') || has('leader')) return undefined;
  const paired = currentPartner === undefined ? '' : partnerName(currentPartner);
  if (paired !== '' && (user.name === null || paired !== partnerName(user.name))) return 'taken';
  if (type !== 'key-student') return undefined;
  const partner = data?.partner;
  if (typeof partner !== 'string' || partnerName(partner) === '') return undefined;
  if (user.name !== null && partnerName(partner) === partnerName(user.name)) return undefined;
  return 'partner';
}

/** The gateway's refusal of a designation, in its words (undefined: it may be written). */
export function designationRefusal(
  doc: Readonly<Record<string, unknown>>,
  user: { name: string | null; roles: readonly string[] },
  now: number,
  currentPartner?: string,
  staff?: ReadonlySet<string>,
): string | undefined {
  const problem = designationProblem(doc, user, now, currentPartner, staff);
  if (problem === 'staff') return refusalReason('partner-not-staff');
  if (problem === 'taken') return refusalReason('partner-taken', partnerName(currentPartner ?? ''));
  if (problem === 'future') return refusalReason('designation-future');
  if (problem === 'partner') return refusalReason('partner-office-only');
  return undefined;
}

/**
 * A child's 帮扶 partner now, from the device's designation events about them, as the gateway's index counts
 * them (server/scope.ts `partnersOf`), taken in order of their time (the server orders by its feed, which a
 * device cannot see; events of the same time in the order given). One naming someone else pairs that partner
 * with the child; an end pairs nobody; one naming its own author pairs nobody new: it leaves the pairing of
 * that same teacher as it is (the office paired her, she noted the child again herself) and ends any other (a
 * registrar taking the child on themselves).
 */
export function partnerNow(
  events: readonly { kind: string; studentId?: string; at: number; author?: string; data?: unknown }[],
  studentId: string,
): string | undefined {
  const notes = events.filter((e) => {
    const type = (e.data as { type?: unknown } | undefined)?.type;
    return (
      e.kind === 'riskNote' &&
      e.studentId === studentId &&
      (type === 'key-student' || type === 'key-student-end')
    );
  });
  let partner: string | undefined;
  // A stable sort: the same time keeps the order given.
  for (const e of [...notes].sort((a, b) => a.at - b.at)) {
    const data = e.data as { type?: unknown; partner?: unknown };
    const named =
      data.type === 'key-student' && typeof data.partner === 'string' ? partnerName(data.partner) : '';
    const self = named !== '' && named === partnerName(e.author ?? '');
    if (named && !self) partner = named;
    else if (!self || partner !== named) partner = undefined;
  }
  return partner;
}

/** Whether this user names only themselves as 帮扶 partner (a teacher): the partner choice offers them alone. */
export const namesOnlySelf = (roles: readonly string[]) =>
  !['_admin', 'registrar', 'leader'].some((r) => roles.includes(r));
