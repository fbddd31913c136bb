/**
 * The `AuthSession` cookie: `<name, base64url>.<expiry, seconds base 36>.<HMAC-SHA256>`, signed with the
 * secret kept in the GatewayStore (so sessions survive a restart and every gateway of a county accepts
 * them). The HMAC also covers the account's current password hash (the admin's: its password), so changing
 * a password ends every session made with the old one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const COOKIE = 'AuthSession';

const mac = (secret: string, stamp: string, payload: string) =>
  createHmac('sha256', secret).update(`${payload}\n${stamp}`).digest('base64url');

export function signSession(secret: string, stamp: string, name: string, expiresAtMs: number): string {
  const payload = `${Buffer.from(name).toString('base64url')}.${Math.floor(expiresAtMs / 1000).toString(36)}`;
  return `${payload}.${mac(secret, stamp, payload)}`;
}

/** The name a cookie claims and its expiry, before its signature is checked (that needs the account). */
export function readSession(value: string): { name: string; expiresAtMs: number } | undefined {
  const m = /^([A-Za-z0-9_-]{1,400})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return undefined;
  return { name: Buffer.from(m[1]!, 'base64url').toString(), expiresAtMs: Number.parseInt(m[2]!, 36) * 1000 };
}

export function sessionValid(secret: string, stamp: string, value: string, now: number): boolean {
  const parsed = readSession(value);
  if (!parsed || parsed.expiresAtMs <= now) return false;
  const payload = value.slice(0, value.lastIndexOf('.'));
  const expected = Buffer.from(mac(secret, stamp, payload));
  const given = Buffer.from(value.slice(value.lastIndexOf('.') + 1));
  return expected.length === given.length && timingSafeEqual(expected, given);
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
