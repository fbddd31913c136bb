/**
 * A sealed school stays sealed (issue 16, review finding 6): the gateway store's mark, written with the school's
 * first keyring envelope (server/auth/keys.ts) and never removed, not by deleting envelopes, not by a restart.
 * The gateway reads it before it takes a write (server/sealedOnly.ts).
 */
import type { GatewayStore } from './contracts';

/** The mark's id in the gateway store (not under `keys:`, so no listing of envelopes ever sees it). */
export const sealedMark = (school: string) => `sealed:${school}`;

/** Marks a school sealed for good. */
export async function markSealed(store: GatewayStore, school: string): Promise<void> {
  if (!(await store.get(sealedMark(school)))) await store.put({ _id: sealedMark(school), sealed: true });
}
