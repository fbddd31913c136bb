/**
 * Failed-login throttling, one counter per account name and one per client address. The first few failures
 * cost nothing (a registrar mistyping), then each further failure makes the key wait twice as long before
 * the next attempt is even checked (429 with Retry-After). A key is forgotten after a quiet spell.
 *
 * Time comes from an injected clock so tests step through minutes without sleeping.
 */

export interface ThrottlePolicy {
  /** Failures allowed before any waiting. */
  free: number;
  /** The first wait; each further failure doubles it … */
  baseMs: number;
  /** … up to this. */
  maxMs: number;
  /** A key with no failure for this long (after its last wait ended) starts again from zero. */
  forgetMs: number;
}

/**
 * One account: 5 free failures, then 15 s, 30 s, 1 min … up to 15 min. An attacker who keeps guessing gets
 * at most 2 more tries in the next minute and fewer after (the target: ≤ 5 per minute).
 */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  free: 5,
  baseMs: 15_000,
  maxMs: 15 * 60_000,
  forgetMs: 15 * 60_000,
};
/**
 * One address: a school's staff often share one (the school's NAT), so more free failures, then 2 s, 4 s …
 * up to 5 min. Guessing across many accounts from one address slows down the same way.
 */
export const ADDRESS_POLICY: ThrottlePolicy = {
  free: 20,
  baseMs: 2_000,
  maxMs: 5 * 60_000,
  forgetMs: 15 * 60_000,
};

interface Entry {
  failures: number;
  /** No attempt is checked before this time. */
  until: number;
  last: number;
}

export class Throttle {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly policy: ThrottlePolicy,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 50_000,
  ) {}

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - Math.max(e.last, e.until) > this.policy.forgetMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Milliseconds until this key may try again (0: now). */
  wait(key: string): number {
    const now = this.now();
    const e = this.live(key, now);
    return e ? Math.max(0, e.until - now) : 0;
  }

  fail(key: string): void {
    const now = this.now();
    const e = this.live(key, now) ?? { failures: 0, until: 0, last: now };
    e.failures++;
    e.last = now;
    const over = e.failures - this.policy.free;
    if (over >= 0) e.until = now + this.delay(over);
    // Re-inserted, so the map's order is oldest-failure first when it must shed entries.
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > this.maxEntries) this.shed(now);
  }

  /** Takes back one charged failure (the attempt succeeded), and the wait it began. */
  refund(key: string): void {
    const e = this.live(key, this.now());
    if (!e) return;
    e.failures = Math.max(0, e.failures - 1);
    const over = e.failures - this.policy.free;
    e.until = over >= 0 ? e.last + this.delay(over) : 0;
  }

  private delay(over: number) {
    return Math.min(this.policy.baseMs * 2 ** Math.min(over, 30), this.policy.maxMs);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  get size() {
    return this.entries.size;
  }

  private shed(now: number) {
    for (const key of [...this.entries.keys()]) this.live(key, now);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
