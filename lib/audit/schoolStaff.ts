/**
 * The school's staff and their classes, as the school server keeps them (`/_baoxue/school/<school>/staff`,
 * server/auth/schoolStaff.ts): read by a registrar or a leader, a teacher's classes set by a registrar. And
 * the check a class typed by hand must pass: it must be a class of the roll this device holds.
 */
import type { BaoxueEvent } from '../records';
import { keyStudents } from '../risk/keyStudents';
import { basicAuth, type SyncAccount } from '../sync/account';
import { partnerNow } from '../sync/designation';
import { z } from '../zod';
import type { StaffScope } from './access';

export const StaffMember = z.object({
  name: z.string(),
  roles: z.array(z.string()),
  /** A teacher's classes; absent: never assigned (the server lets them read the school, as before). */
  classes: z.array(z.string()).optional(),
});
export type StaffMember = z.infer<typeof StaffMember>;

const StaffList = z.object({ staff: z.array(StaffMember) });

export type StaffProblem = 'unreachable' | 'forbidden' | 'refused';
export class StaffError extends Error {
  constructor(
    readonly problem: StaffProblem,
    readonly detail: string,
  ) {
    super(`${problem}: ${detail}`);
  }
}

const staffUrl = (a: SyncAccount, name?: string) =>
  `${a.url}_baoxue/school/${encodeURIComponent(a.school)}/staff${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;

async function call(a: SyncAccount, url: string, init: RequestInit, fetcher: typeof fetch) {
  let r: Response;
  try {
    r = await fetcher(url, {
      ...init,
      headers: {
        authorization: basicAuth(a),
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  } catch (e) {
    throw new StaffError('unreachable', String(e));
  }
  const body = (await r.json().catch(() => ({}))) as { reason?: string };
  if (r.status === 401 || r.status === 403) throw new StaffError('forbidden', String(r.status));
  if (!r.ok) throw new StaffError('refused', body.reason ?? String(r.status));
  return body;
}

/** The school's staff, by name. */
export async function fetchStaff(a: SyncAccount, fetcher: typeof fetch = fetch): Promise<StaffMember[]> {
  const parsed = StaffList.safeParse(await call(a, staffUrl(a), {}, fetcher));
  if (!parsed.success) throw new StaffError('refused', 'staff list');
  return parsed.data.staff;
}

/** Sets a teacher's classes (the whole list: classes left out are taken away). */
export async function setTeacherClasses(
  a: SyncAccount,
  name: string,
  classes: string[],
  fetcher: typeof fetch = fetch,
): Promise<StaffMember> {
  const body = await call(
    a,
    staffUrl(a, name),
    { method: 'PUT', body: JSON.stringify({ classes }) },
    fetcher,
  );
  const parsed = StaffMember.safeParse(body);
  if (!parsed.success) throw new StaffError('refused', 'answer');
  return parsed.data;
}

/**
 * A class typed by hand, as the roll names it: the roll's own spelling when it is one of `known` (spaces
 * and full-width digits forgiven), undefined when the roll has no such class.
 */
export function rollClass(typed: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
  const want = norm(typed);
  if (!want) return undefined;
  return known.find((k) => norm(k) === want);
}

const OFFICE = ['registrar', 'leader', 'admin'];

/**
 * Each member's scope for the yearly audit, as the gateway judges it (server/scope.ts): the office reads the
 * school ('*'); a teacher their classes (none until assigned: it fails closed) and the 重点生 they mentor
 * (`partnersOf`).
 */
export function staffScopes(staff: readonly StaffMember[]): StaffScope[] {
  return staff.map((s) => ({
    name: s.name,
    roles: s.roles,
    classes: s.roles.some((r) => OFFICE.includes(r))
      ? ['*']
      : s.roles.includes('teacher')
        ? (s.classes ?? [])
        : [],
  }));
}

/** A name as a 重点生 designation's partner and an account are compared (as server/scope.ts does). */
export const partnerName = (name: string) => name.normalize('NFC').trim();

/**
 * The 重点生 each teacher mentors as 帮扶 partner and reads by it (partner name → student ids), as the gateway
 * counts it to let the partner see that child (lib/sync/designation.ts `partnerNow`, server/scope.ts): the
 * office's naming of a teacher pairs them (and stays when she notes the child again herself); a teacher's
 * designation of herself gives no access beyond her classes, so it is not counted here (the audit sheet lists
 * scopes: what a member may read).
 */
export function partnersOf(events: BaoxueEvent[], today: string): Map<string, string[]> {
  const notes = new Map<string, BaoxueEvent[]>();
  for (const e of events)
    if (e.kind === 'riskNote' && e.studentId) notes.set(e.studentId, [...(notes.get(e.studentId) ?? []), e]);
  const out = new Map<string, string[]>();
  for (const k of keyStudents(events, today).values()) {
    const p = partnerNow(notes.get(k.studentId) ?? [], k.studentId);
    if (p) out.set(p, [...(out.get(p) ?? []), k.studentId]);
  }
  return out;
}
