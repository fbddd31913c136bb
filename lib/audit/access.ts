/**
 * 访问记录 (access log): the 儿童个人信息网络保护规定 asks that access to a child's data be logged, and the
 * 未成年人网络保护条例 (Art. 37) for a yearly compliance audit. Opening a child's file, printing a notice
 * or exporting a ledger appends an `access` event (who, when, which child or which ledger): an event like
 * any other, so it replicates, is append-only, and its author is the signed-in account.
 *
 * `auditReport` gathers what the yearly audit asks for: the access events of the year, the staff with
 * their scopes, and the categories of personal data held (lib/sync/personal.ts).
 */
import { DATA_CATEGORIES } from '../sync/personal';
import { beijingTime } from '../time/day';
import { z } from '../zod';
import { ACCESS_WHAT, AccessData } from './accessData';

/** The command's input: a child (studentId) for a file or a notice, a ledger's name for a ledger. */
export const AccessInput = z
  .object({
    what: z.enum(ACCESS_WHAT),
    studentId: z.string().trim().max(128).default(''),
    name: z.string().trim().max(64).default(''),
  })
  .refine((a) => (a.what === 'ledger' ? a.name !== '' : a.studentId !== ''), { error: 'cmd_err_student' });
export type AccessInput = z.infer<typeof AccessInput>;

/** The `access` event a command appends (the runner gives author, clock and nonce). */
export function accessEvent(
  input: AccessInput,
  s: { author: string; now: number; nonce: (i: number) => string },
) {
  return {
    id: `access:${s.now}:${s.nonce(0)}`,
    kind: 'access' as const,
    studentId: input.studentId,
    author: s.author,
    at: s.now,
    recordedAt: s.now,
    data: { what: input.what, name: input.name },
  };
}

export interface StaffScope {
  name: string;
  roles: string[];
  /** The classes a teacher's scope holds ('*': the whole school). */
  classes: string[];
}

export interface AuditReport {
  year: number;
  generatedAt: string;
  staff: StaffScope[];
  dataCategories: Record<string, string[]>;
  accesses: { at: string; who: string; what: string; studentId: string; name: string }[];
  /** How often each member looked at children's data this year. */
  countsByStaff: Record<string, number>;
}

/**
 * The yearly audit: every access event of `year` (Asia/Shanghai), oldest first, with the staff list and
 * their scopes and the categories of data held. `events` are stored events of any kind; the others are
 * left out.
 */
export function auditReport(
  events: readonly { kind: string; author: string; at: number; studentId?: string; data: unknown }[],
  staff: readonly StaffScope[],
  year: number,
  now: Date,
): AuditReport {
  const yearOf = (ms: number) => Number(beijingTime(ms).day.slice(0, 4)); // the local day's year
  const accesses = events
    .filter((e) => e.kind === 'access' && yearOf(e.at) === year)
    .flatMap((e) => {
      const d = AccessData.safeParse(e.data);
      return d.success
        ? [
            {
              at: new Date(e.at).toISOString(),
              who: e.author,
              what: d.data.what,
              studentId: e.studentId ?? '',
              name: d.data.name,
            },
          ]
        : [];
    })
    .sort((a, b) => a.at.localeCompare(b.at));
  const countsByStaff: Record<string, number> = {};
  for (const a of accesses) countsByStaff[a.who] = (countsByStaff[a.who] ?? 0) + 1;
  return {
    year,
    generatedAt: now.toISOString(),
    staff: [...staff].sort((a, b) => a.name.localeCompare(b.name)),
    dataCategories: DATA_CATEGORIES,
    accesses,
    countsByStaff,
  };
}
