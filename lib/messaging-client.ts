/**
 * The sending half of lib/messaging.ts, kept free of zod so the content script stays small: it only
 * sends; the background validates everything it receives.
 */
import type { Reply, RequestOf, RequestType, Responses } from './messaging';

/** Throws with the handler's message on failure. */
export async function request<K extends RequestType>(type: K, payload: RequestOf<K>): Promise<Responses[K]> {
  const reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<Responses[K]> | undefined;
  if (!reply) throw new Error('no reply from the extension');
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}
