/**
 * The school's staff by name only (`GET /_baoxue/school/<school>/names`, server/auth/schoolStaff.ts), which any
 * member may read: the 重点生 form offers them as 帮扶 partner, so the designation stores the exact account name
 * the gateway matches to let that partner read the child (server/scope.ts). A name typed differently gave
 * nobody access.
 */
import { basicAuth, type SyncAccount } from '../sync/account';
import { z } from '../zod';

const StaffNames = z.object({ names: z.array(z.string().max(128)).max(2000) });

/** The school's staff names, or undefined when the server cannot tell them (unreachable, refused, old server). */
export async function fetchStaffNames(
  a: SyncAccount,
  fetcher: typeof fetch = fetch,
): Promise<string[] | undefined> {
  try {
    const r = await fetcher(`${a.url}_baoxue/school/${encodeURIComponent(a.school)}/names`, {
      headers: { authorization: basicAuth(a), accept: 'application/json' },
    });
    if (!r.ok) return undefined;
    const parsed = StaffNames.safeParse(await r.json());
    return parsed.success ? parsed.data.names : undefined;
  } catch {
    return undefined;
  }
}
