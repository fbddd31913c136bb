/**
 * Password hashes: PBKDF2-SHA256 with a random salt, computed by Node's async crypto on the thread pool so a
 * login never stalls the requests around it. The stored form names its own work factor
 * (`pbkdf2-sha256$<iterations>$<salt>$<hash>`), so a hash made with fewer iterations still verifies and is
 * replaced at the user's next login.
 */
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/** OWASP's figure for PBKDF2-HMAC-SHA256 (2023); about 0.1 s on one core of a small server. */
export const ITERATIONS = 600_000;
/** Below this, a stored hash is refused outright (the floor; today's `_users` used 10). */
export const MIN_ITERATIONS = 100_000;
const KEY_BYTES = 32;

/** Names and passwords are compared in one Unicode form (an IME may send either form of a character). */
export const normalise = (text: string) => text.normalize('NFC');

export async function hashPassword(password: string, iterations = ITERATIONS): Promise<string> {
  const salt = randomBytes(16);
  const key = await pbkdf2Async(normalise(password), salt, iterations, KEY_BYTES, 'sha256');
  return `pbkdf2-sha256$${iterations}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function parseHash(stored: string): { iterations: number; salt: Buffer; key: Buffer } | undefined {
  const [scheme, it, salt, key] = stored.split('$');
  const iterations = Number(it);
  if (scheme !== 'pbkdf2-sha256' || !Number.isInteger(iterations) || !salt || !key) return undefined;
  return { iterations, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/**
 * True when `password` matches `stored`. A malformed or too-weak stored hash verifies nothing (after the
 * same work, so the answer's timing does not tell it apart).
 */
export async function verifyPassword(
  password: string,
  stored: string,
  minIterations = MIN_ITERATIONS,
): Promise<boolean> {
  const parsed = parseHash(stored);
  const usable = !!parsed && parsed.iterations >= minIterations && parsed.key.length === KEY_BYTES;
  const iterations = usable ? parsed.iterations : ITERATIONS;
  const salt = usable ? parsed.salt : randomBytes(16);
  const key = await pbkdf2Async(normalise(password), salt, iterations, KEY_BYTES, 'sha256');
  return usable && timingSafeEqual(key, parsed.key);
}

/** Whether a hash should be replaced by one with today's work factor at the next successful login. */
export const needsRehash = (stored: string, iterations = ITERATIONS) =>
  (parseHash(stored)?.iterations ?? 0) < iterations;

/**
 * At most `limit` hashes at once: PBKDF2 runs on libuv's thread pool, which the engine's disk I/O shares; a
 * burst of logins must queue rather than take every thread. A full queue answers "busy" at once.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    private readonly limit: number,
    private readonly maxWaiting = 200,
  ) {}
  get full() {
    return this.waiting.length >= this.maxWaiting;
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    // A finishing hash hands its slot straight to the next in line, so the count never overshoots.
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
