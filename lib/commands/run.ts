/**
 * Runs a command against the store (in the background worker, lib/messaging's `command` message): the
 * input is parsed, the author stamped from the signed-in account or the device's user, and the events
 * appended in one bulk write, all or nothing. Append-only: a command never edits or removes a record.
 */
import { CodedError, say } from '../coded';
import type { BaoxueDatabase } from '../db/types';
import type { MessageKey } from '../i18n';
import type { StoredEvent } from '../records';
import { readAccount, readAccountSetting } from '../sync/account';
import { staffRoles } from '../sync/school';
import { currentAuthor } from './author';
import { buildEvents, type CommandName, CommandRefused, type CommandResult, parseCommand } from './commands';
import { designationCheck, partnerNotStaff } from './designation';
import { discardHeld } from './discard';

const nonce = () => Math.random().toString(36).slice(2, 8);

/** A refusal as a coded error: the worker's reply carries it in the reader's language. */
const refused = (key: string) => new CodedError(say(key as MessageKey));

export async function runCommand<N extends CommandName>(
  db: BaoxueDatabase,
  name: N,
  input: unknown,
  now = Date.now(),
): Promise<CommandResult<N>> {
  let parsed: ReturnType<typeof parseCommand<N>>;
  try {
    parsed = parseCommand(name, input);
  } catch (e) {
    throw e instanceof CommandRefused ? refused(e.key) : e;
  }
  const author = await currentAuthor(db);
  if (!author) throw refused('cmd_err_no_user');
  if (name === 'held/discard') {
    try {
      return (await discardHeld(db, parsed as never)) as CommandResult<N>;
    } catch (e) {
      throw e instanceof CommandRefused ? refused(e.key) : e;
    }
  }
  const account = author.from === 'account' ? await readAccountSetting(db) : undefined;
  // The author's staff roles, for a 家访's visitor role (a 学籍管理员's visit is recorded as theirs).
  const roles = account ? staffRoles(account.roles) : author.role ? [author.role] : [];
  const built = buildEvents(name, parsed, {
    author: author.name,
    roles,
    now,
    nonce: (i) => `${i}${nonce()}`,
  });
  // The school server's rules for a 重点生 designation (lib/sync/designation.ts), refused here in words before
  // anything is written: a teacher never records what the server would hold back. Only with a server (the
  // partner's name is what lets them read the child there); a device without one names whom it likes.
  if (account)
    for (const e of built.events) {
      // The child's partner now, from the designations this device holds (a teacher does not replace or end
      // a pairing someone else is: only a registrar or a leader changes it).
      const designations =
        e.kind === 'riskNote' && e.studentId && String(e.data.type).startsWith('key-student')
          ? (await db.events.find({ selector: { studentId: e.studentId, kind: 'riskNote' } }).exec()).map(
              (d) => d.toJSON() as never,
            )
          : [];
      // Judged against this device's clock as it reads now (the server judges against its own).
      const { problem, paired } = designationCheck(e, account, designations, Date.now());
      if (problem === 'taken') throw new CodedError(say('cmd_err_key_partner_taken', paired ?? ''));
      if (problem) throw refused(problem === 'partner' ? 'cmd_err_key_partner_self' : 'cmd_err_key_future');
      if (await partnerNotStaff(e, account.user, () => readAccount(db)))
        throw refused('cmd_err_key_partner_staff');
    }
  // Today's events are stored as they are: the stored shape only loosens `data` (lib/records StoredEvent).
  const r = await db.events.bulkInsert(built.events as StoredEvent[]);
  if (r.error.length) throw new CodedError(say('cmd_err_not_saved', r.error.length));
  const result = built.caseId
    ? { appended: built.events.length, caseId: built.caseId }
    : { appended: built.events.length };
  return result as CommandResult<N>;
}
