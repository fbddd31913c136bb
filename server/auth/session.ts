/**
 * The `AuthSession` cookie: `<name, base64url>.<expiry, seconds base 36>.<seal>.<stamp seal>`, both HMAC-SHA256
 * with the secret kept in the GatewayStore (so sessions survive a restart and every gateway of a county
 * accepts them). The first seal proves the gateway made the cookie, checked before any account is looked
 * up (a forged cookie costs no database read); the second also covers the account's current password hash
 * (the admin's: its password), so changing a password ends every session made with the old one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const COOKIE = 'AuthSession';

const mac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64url');
const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function signSession(secret: string, stamp: string, name: string, expiresAtMs: number): string {
  const payload = `${Buffer.from(name).toString('base64url')}.${Math.floor(expiresAtMs / 1000).toString(36)}`;
  return `${payload}.${mac(secret, payload)}.${mac(secret, `${payload}\n${stamp}`)}`;
}

/** The name a cookie this gateway made claims, if it has not expired (its stamp seal is checked next). */
export function readSession(
  secret: string,
  value: string,
  now: number,
): { name: string; expiresAtMs: number } | undefined {
  const m = /^(([A-Za-z0-9_-]{1,400})\.([0-9a-z]{1,12}))\.([A-Za-z0-9_-]{43})\.[A-Za-z0-9_-]{43}$/.exec(
    value,
  );
  if (!m || !same(mac(secret, m[1]!), m[4]!)) return undefined;
  const expiresAtMs = Number.parseInt(m[3]!, 36) * 1000;
  if (expiresAtMs <= now) return undefined;
  return { name: Buffer.from(m[2]!, 'base64url').toString(), expiresAtMs };
}

/** Whether the cookie was made for the account as it is now (`stamp`: its password hash). */
export function sessionValid(secret: string, stamp: string, value: string): boolean {
  const parts = value.split('.');
  if (parts.length !== 4) return false;
  return same(mac(secret, `${parts[0]}.${parts[1]}\n${stamp}`), parts[3]!);
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
