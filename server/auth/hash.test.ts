import { describe, expect, it } from 'vitest';
import {
  HashGate,
  hashPassword,
  ITERATIONS,
  MIN_ITERATIONS,
  needsRehash,
  parseHash,
  verifyPassword,
} from './hash';

describe('password hashes', () => {
  it('are PBKDF2-SHA256 at a modern work factor, salted, and verify only the right password', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(parseHash(a)?.iterations).toBe(ITERATIONS);
    expect(ITERATIONS).toBeGreaterThanOrEqual(100_000);
    expect(a).not.toBe(b); // a salt of its own
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct hors', a)).toBe(false);
    expect(a).not.toContain('correct');
  });

  it('compare names typed in either Unicode form alike (an IME may send é as one or two characters)', async () => {
    const h = await hashPassword('caf\u00e9-1234', 1000);
    expect(await verifyPassword('cafe\u0301-1234', h, 1000)).toBe(true);
  });

  it('refuse a stored hash below the floor or malformed, and ask for a rehash below today’s figure', async () => {
    const weak = await hashPassword('pw', 10);
    expect(await verifyPassword('pw', weak)).toBe(false);
    expect(await verifyPassword('pw', 'md5$whatever')).toBe(false);
    expect(await verifyPassword('pw', '')).toBe(false);
    expect(needsRehash(await hashPassword('pw', MIN_ITERATIONS))).toBe(true);
    expect(needsRehash(await hashPassword('pw'))).toBe(false);
  });

  it('are computed off the event loop: timers keep firing while a hash runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await hashPassword('pw');
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
  });

  it('run at most the gate’s limit at once, the rest queued in order', async () => {
    const gate = new HashGate(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        gate.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          order.push(i);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
