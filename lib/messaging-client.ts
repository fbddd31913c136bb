/**
 * The sending half of lib/messaging.ts, kept free of zod so the content script stays small: it only
 * sends; the background validates everything it receives.
 */
import type { CommandInput, CommandName, CommandResult } from './commands/commands';
import type { Reply, RequestOf, RequestType, Responses } from './messaging';

import { CodedError, say } from './say';

/** Throws with the handler's message on failure. */
export async function request<K extends RequestType>(type: K, payload: RequestOf<K>): Promise<Responses[K]> {
  let reply: Reply<Responses[K]> | undefined;
  try {
    reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<Responses[K]> | undefined;
  } catch {
    // The browser's own words (the worker stopped mid-answer, the extension reloaded): English, and
    // nothing a registrar can act on but what err_no_reply says.
    throw new CodedError(say('err_no_reply'));
  }
  if (!reply) throw new CodedError(say('err_no_reply'));
  if (!reply.ok) throw typeof reply.error === 'string' ? new Error(reply.error) : new CodedError(reply.error);
  return reply.result;
}

/**
 * Runs a named command in the background worker (lib/commands): the one way pages and the overlay write a
 * record. The worker stamps the author; throws with its refusal in the reader's language.
 */
export async function command<N extends CommandName>(
  name: N,
  input: CommandInput<N>,
): Promise<CommandResult<N>> {
  return (await request('command', { name, input })) as CommandResult<N>;
}
