/**
 * The `AuthSession` cookie: `<name, base64url>.<expiry, seconds base 36>.<nonce>.<seal>.<stamp seal>`, both
 * seals HMAC-SHA256 with the secret kept in the GatewayStore (so sessions survive a restart and every gateway of
 * a county accepts them). The first seal proves the gateway made the cookie, checked before any account is looked
 * up (a forged cookie costs no database read); the second also covers the account's current password hash
 * (the admin's: its password), so changing a password ends every session made with the old one. The nonce makes
 * each login's cookie its own (two logins in one second are two sessions), so logging out (`DELETE /_session`)
 * ends that one session: its seal is kept as revoked in the GatewayStore until the cookie would have expired
 * (`revokedId`), read by every gateway of the county. A cookie made before the nonce (four parts) still reads.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const COOKIE = 'AuthSession';
/** GatewayStore ids of logged-out sessions: this prefix and the cookie's seal; `until` its expiry (ms). */
export const REVOKED_PREFIX = 'auth:revoked:';
export const revokedId = (seal: string) => `${REVOKED_PREFIX}${seal}`;

const mac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64url');
const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function signSession(secret: string, stamp: string, name: string, expiresAtMs: number): string {
  const expiry = Math.floor(expiresAtMs / 1000).toString(36);
  const payload = `${Buffer.from(name).toString('base64url')}.${expiry}.${randomBytes(12).toString('base64url')}`;
  return `${payload}.${mac(secret, payload)}.${mac(secret, `${payload}\n${stamp}`)}`;
}

const SESSION =
  /^(([A-Za-z0-9_-]{1,400})\.([0-9a-z]{1,12})(?:\.[A-Za-z0-9_-]{16})?)\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;

/**
 * The name a cookie this gateway made claims, if it has not expired (its stamp seal is checked next, and
 * whether it was logged out: `seal`, the key of its revocation).
 */
export function readSession(
  secret: string,
  value: string,
  now: number,
): { name: string; expiresAtMs: number; seal: string } | undefined {
  const m = SESSION.exec(value);
  if (!m || !same(mac(secret, m[1]!), m[4]!)) return undefined;
  const expiresAtMs = Number.parseInt(m[3]!, 36) * 1000;
  if (expiresAtMs <= now) return undefined;
  return { name: Buffer.from(m[2]!, 'base64url').toString(), expiresAtMs, seal: m[4]! };
}

/** Whether the cookie was made for the account as it is now (`stamp`: its password hash). */
export function sessionValid(secret: string, stamp: string, value: string): boolean {
  const m = SESSION.exec(value);
  return !!m && same(mac(secret, `${m[1]}\n${stamp}`), m[5]!);
}

/** The AuthSession value among a request's cookies. */
export function sessionCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === COOKIE) return part.slice(i + 1).trim();
  }
  return undefined;
}

export function setCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
