/**
 * The seam between the gateway (the HTTP front every request passes: allow-list, limits, rules, forwarding
 * to the engine) and its accounts (logins, sessions, password hashes, throttling). The gateway calls
 * `Auth`; accounts keep what they need in a `GatewayStore`, which the gateway backs with an admin-only
 * database in the engine (so several gateways in front of one CouchDB share accounts and the session secret).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { memberRole } from '../lib/sync/school';

/** What an account is in one school: its staff roles there and (a teacher's) its classes there. */
export interface SchoolPlace {
  roles: string[];
  /** A teacher's classes in this school (server/scope.ts); absent: never assigned any. */
  classes?: string[];
}

/**
 * Who a request is from, as the gateway judges it. `roles`: the school memberships (`baoxue-<school>`) and,
 * for the server admin only, `_admin`; never a staff role: those hold per school, in `schools` (issue 16), so
 * every check asks `placeIn(user, school)` — what this account is in THIS school.
 */
export interface UserCtx {
  name: string;
  roles: string[];
  /** Its place in each school it is a member of, by school code. */
  schools?: Record<string, SchoolPlace>;
}

/** What `user` is in `school`: its place there, only when it is a member (else undefined: deny). */
export function placeIn(user: UserCtx, school: string): SchoolPlace | undefined {
  let member: string;
  try {
    member = memberRole(school);
  } catch {
    return undefined;
  }
  if (member !== `baoxue-${school}` || !user.roles.includes(member)) return undefined;
  return user.schools && Object.hasOwn(user.schools, school) ? user.schools[school] : undefined;
}

/**
 * The account as one school's write rules see it (lib/sync/school.ts `refusal`, lib/sync/designation.ts):
 * that school's membership and its roles there, nothing of any other school. The server admin stays itself.
 */
export function asMemberOf(user: UserCtx, school: string): UserCtx {
  if (user.roles.includes('_admin')) return user;
  const place = placeIn(user, school);
  return place
    ? { name: user.name, roles: [`baoxue-${school}`, ...place.roles], schools: { [school]: place } }
    : { name: user.name, roles: [], schools: {} };
}

/** Documents the gateway keeps for itself (accounts, the session secret), never reachable by staff. */
export interface GatewayStore {
  get(id: string): Promise<Record<string, unknown> | undefined>;
  /** Creates or replaces the document (its revision is handled inside). */
  put(doc: { _id: string } & Record<string, unknown>): Promise<void>;
  remove(id: string): Promise<void>;
  /** Every document whose id starts with `prefix`. */
  list(prefix: string): Promise<Record<string, unknown>[]>;
}

export type Identified =
  /** `user: null`: no credentials were sent (anonymous). */
  | { ok: true; user: UserCtx | null }
  /** Wrong name or password (401), or too many failures from this account or address (429). */
  | { ok: false; status: 401 | 429; reason: string; retryAfter?: number };

export interface Auth {
  /** Who sent this request, from its Basic authorization or its AuthSession cookie (throttled on failure). */
  identify(req: IncomingMessage, ip: string): Promise<Identified>;
  /**
   * The requests the gateway hands over whole: `/_session` (GET, POST, DELETE), a user's own password
   * change and the admin's account management under `/_baoxue/` (see server/auth). Returns false, having
   * written nothing, when the path is not one of them. `body` is the raw body, already size-limited.
   */
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: { ip: string; body: Buffer | undefined; user: UserCtx | null },
  ): Promise<boolean>;
}

export interface AuthOptions {
  store: GatewayStore;
  /** The server admin, from this start's flag or variable: the only admin credential that works. */
  admin: { name: string; password: string };
  /** How long a login session lasts. */
  sessionHours: number;
  /** Mark cookies `Secure` (the gateway is reached over HTTPS). */
  secureCookies: boolean;
}
