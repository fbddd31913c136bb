import { describe, expect, it } from 'vitest';
import { ACCOUNT_POLICY, ADDRESS_POLICY, Throttle } from './throttle';

const clock = () => {
  let t = 1_000_000;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
};

/** What an attacker gets in `ms`: try whenever allowed, every try a failure. */
function attempts(throttle: Throttle, key: string, c: ReturnType<typeof clock>, ms: number) {
  const end = c.now() + ms;
  let n = 0;
  while (c.now() < end) {
    const wait = throttle.wait(key);
    if (wait > 0) {
      c.advance(Math.min(wait, end - c.now()));
      continue;
    }
    throttle.fail(key);
    n++;
    c.advance(10); // a fast client
  }
  return n;
}

describe('failed-login throttle', () => {
  it('lets a mistyping registrar try a few times, then makes each further try wait twice as long', () => {
    const c = clock();
    const t = new Throttle(ACCOUNT_POLICY, c.now);
    for (let i = 0; i < 4; i++) {
      t.fail('李主任');
      expect(t.wait('李主任')).toBe(0);
    }
    t.fail('李主任');
    expect(t.wait('李主任')).toBe(15_000);
    c.advance(15_000);
    expect(t.wait('李主任')).toBe(0);
    t.fail('李主任');
    expect(t.wait('李主任')).toBe(30_000);
  });

  it('gives an attacker at most 5 guesses a minute on one account after the first failures', () => {
    const c = clock();
    const t = new Throttle(ACCOUNT_POLICY, c.now);
    expect(attempts(t, '王老师', c, 60_000)).toBeLessThanOrEqual(5 + 5);
    for (let minute = 2; minute <= 30; minute++)
      expect(attempts(t, '王老师', c, 60_000)).toBeLessThanOrEqual(5);
    // An hour of guessing: a handful, not thousands.
    expect(attempts(t, '王老师', c, 60 * 60_000)).toBeLessThanOrEqual(5);
  });

  it('slows guessing across accounts from one address too', () => {
    const c = clock();
    const t = new Throttle(ADDRESS_POLICY, c.now);
    const first = attempts(t, '10.0.0.9', c, 60_000);
    expect(first).toBeGreaterThanOrEqual(ADDRESS_POLICY.free);
    expect(first).toBeLessThan(ADDRESS_POLICY.free + 10);
    expect(attempts(t, '10.0.0.9', c, 10 * 60_000)).toBeLessThanOrEqual(5);
  });

  it('keeps the wait when a lock ends (no fresh free tries), and forgets a key after a quiet spell', () => {
    const c = clock();
    const t = new Throttle(ACCOUNT_POLICY, c.now);
    for (let i = 0; i < 12; i++) {
      c.advance(t.wait('k'));
      t.fail('k');
    }
    expect(t.wait('k')).toBe(ACCOUNT_POLICY.maxMs);
    c.advance(ACCOUNT_POLICY.maxMs);
    t.fail('k');
    expect(t.wait('k')).toBe(ACCOUNT_POLICY.maxMs);
    c.advance(ACCOUNT_POLICY.maxMs + ACCOUNT_POLICY.forgetMs + 1);
    expect(t.wait('k')).toBe(0);
    t.fail('k');
    expect(t.wait('k')).toBe(0);
  });

  it('a success clears an account; a refund takes back only the charge it made', () => {
    const c = clock();
    const t = new Throttle({ ...ACCOUNT_POLICY, free: 2 }, c.now);
    t.fail('a');
    t.fail('a');
    expect(t.wait('a')).toBeGreaterThan(0);
    t.refund('a');
    expect(t.wait('a')).toBe(0);
    t.fail('a');
    t.succeed('a');
    expect(t.wait('a')).toBe(0);
  });

  it('holds a bounded number of keys however many names are sprayed', () => {
    const c = clock();
    const t = new Throttle(ACCOUNT_POLICY, c.now, 100);
    for (let i = 0; i < 1000; i++) t.fail(`name${i}`);
    expect(t.size).toBeLessThanOrEqual(100);
    expect(t.wait('name999')).toBe(0); // still counted: one failure of five
  });
});
