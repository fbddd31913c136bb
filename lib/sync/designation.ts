/**
 * The gateway's rules for a 重点生 designation (an event, kind `riskNote`, `data.type` `key-student`, or its end
 * `key-student-end`), on top of the write rules every event passes (lib/sync/school.ts `refusal`). The
 * designation names its 帮扶 partner teacher in clear (`data.partner`), and that teacher then reads the child
 * (server/scope.ts), so who may name whom is an access decision:
 * - a designation naming someone else as partner comes only from a registrar or a leader; a teacher (班主任 or
 *   科任) may name themselves, or nobody;
 * - its time (`at`, set by the device) may not lie more than 10 minutes ahead of the server's clock: a
 *   designation dated years ahead would have outlived every later end while the gateway ordered them by `at`
 *   (it orders them by its changes feed now, but a date nobody can have lived stays refused).
 * Pure: the caller passes the server's clock.
 */

/** How far ahead of the server's clock a designation's time may be (devices' clocks drift a little). */
export const DESIGNATION_CLOCK_SLACK_MS = 10 * 60 * 1000;

/** A partner's name as the gateway compares it with an account name (NFC, spaces at the ends ignored). */
export const partnerName = (name: string) => name.normalize('NFC').trim();

/**
 * What is wrong with a designation, as a code: `future` (dated more than the slack ahead of `now`) or
 * `partner` (someone else named as partner by a user who is not a registrar or a leader). The gateway says
 * it in its words (`designationRefusal`); a device's command refuses the same up front in the user's
 * language (lib/commands/run.ts), so nothing is written that the server would hold back.
 */
export function designationProblem(
  doc: Readonly<Record<string, unknown>>,
  user: { name: string | null; roles: readonly string[] },
  now: number,
): 'future' | 'partner' | undefined {
  if (doc._deleted === true || doc.kind !== 'riskNote') return undefined;
  const data = doc.data as Readonly<Record<string, unknown>> | null | undefined;
  const type = data?.type;
  if (typeof type !== 'string' || !type.startsWith('key-student')) return undefined;
  if (typeof doc.at === 'number' && doc.at > now + DESIGNATION_CLOCK_SLACK_MS) return 'future';
  if (type !== 'key-student') return undefined;
  const has = (r: string) => user.roles.includes(r);
  if (has('_admin') || has('registrar') || has('leader')) return undefined;
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
): string | undefined {
  const problem = designationProblem(doc, user, now);
  if (problem === 'future')
    return '重点生标记的时间晚于现在，请检查本机时间 (a designation dated in the future: check this device’s clock)';
  if (problem === 'partner')
    return '只有学籍管理员或学校领导可以指定其他老师为帮扶老师 (only a registrar or a leader names another teacher as partner)';
  return undefined;
}

/** Whether this user names only themselves as 帮扶 partner (a teacher): the partner choice offers them alone. */
export const namesOnlySelf = (roles: readonly string[]) =>
  !['_admin', 'registrar', 'leader'].some((r) => roles.includes(r));
