/**
 * Who may be named a 重点生's 帮扶 partner: a staff account of the school (any account with a place there, the
 * names a device offers from `GET /_baoxue/school/<school>/names`, server/auth/schoolStaff.ts). The partner's
 * name stays clear on the server (server/scope.ts reads it to let that teacher see the child), so a partner
 * that is no account — a parent's name, `钱小满的妈妈王芳` — would be personal text in clear that gives nobody
 * anything: the gateway refuses it (lib/sync/designation.ts `designationProblem`, problem `staff`).
 */
import { partnerName } from '../lib/sync/designation';
import { ACCOUNT_PREFIX, AccountDoc, placeOf, placesOf } from './auth/accounts';
import type { GatewayStore } from './contracts';

/** The names of `school`'s staff accounts, as a designation's partner is compared (NFC, ends trimmed). */
export async function staffNamesOf(store: GatewayStore, school: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const d of await store.list(ACCOUNT_PREFIX)) {
    const p = AccountDoc.safeParse(d);
    if (p.success && placeOf(placesOf(p.data).schools, school)) names.add(partnerName(p.data.name));
  }
  return names;
}

/** Whether a write batch holds a designation naming a partner (only then are the staff read). */
export const namesPartner = (docs: readonly Record<string, unknown>[]) =>
  docs.some((d) => {
    const data = d.data as Record<string, unknown> | null | undefined;
    return d.kind === 'riskNote' && data?.type === 'key-student' && typeof data.partner === 'string';
  });
