/**
 * The pull's changes feed for many devices. A long-poll is parked in the gateway, not in the engine: one
 * watcher per database (a single long-poll of its own on the engine) wakes every device waiting on that
 * database when it moves, and each then gets its answer from one ordinary `_changes` request, shared by
 * all devices asking the same thing at once. So 200 waiting devices cost the engine one waiting request,
 * and a write wakes one read per distinct position instead of 200 feeds.
 *
 * As CouchDB: a long-poll answers at once when there is something after `since`, otherwise waits for the
 * next change (a newline every `heartbeat` ms keeps the connection open), and after `timeout` (60 s at
 * most) answers with no results and the position it waited at. The feed is passed on as the engine gives
 * it: a pull stops at the first batch shorter than it asked for, so leaving rows out (the design document)
 * would end it early; the device sets the design document aside on arrival.
 */
import type { ServerResponse } from 'node:http';
import { forwardAnswer, readAll, sendError, type Upstream } from './upstream';

const MAX_WAIT = 60_000;

export interface Answer {
  status: number;
  body: string;
  lastSeq: unknown;
  empty: boolean;
}

export class ChangesHub {
  private watches = new Map<string, Watch>();
  private inFlight = new Map<string, Promise<Answer>>();
  private closed = false;

  constructor(private engine: Upstream) {}

  /**
   * Answers a staff `_changes` request (params already checked against the allow-list). `read`: a reader
   * of its own (a teacher's, filtered to their classes: server/scope.ts) instead of the engine's feed as is;
   * the long-poll still waits on the one watcher per database.
   */
  async serve(
    res: ServerResponse,
    db: string,
    params: Record<string, string>,
    read?: (params: Record<string, string>) => Promise<Answer>,
  ): Promise<void> {
    const { feed = 'normal', heartbeat, timeout, ...rest } = params;
    if (read && feed !== 'longpoll') return this.reply(res, await read(rest));
    const readFeed = read ?? ((p: Record<string, string>) => this.read(db, p));
    if (feed !== 'longpoll') {
      // A pull's batch: streamed through as the engine gives it.
      const r = await this.engine.request({
        method: 'GET',
        path: `/${encodeURIComponent(db)}/_changes?${new URLSearchParams({ ...rest, feed: 'normal' })}`,
        timeout: 120_000,
      });
      return forwardAnswer(r, res);
    }
    const watch = this.watch(db);
    let generation = watch.generation;
    // A device asking from exactly where the watcher stands has nothing new (the watcher wakes it on the
    // next change): it waits without a read of the engine. 200 devices coming back after a write cost none.
    const known = watch.position();
    let answer =
      rest.since !== undefined && rest.since === known
        ? { status: 200, body: '', lastSeq: /^\d+$/.test(known) ? Number(known) : known, empty: true }
        : await readFeed(rest);
    if (answer.status !== 200 || !answer.empty) return this.reply(res, answer);
    const since = { ...rest, since: jsonSeq(answer.lastSeq) };
    res.writeHead(200, { 'content-type': 'application/json' });
    const beat = Math.min(Math.max(Number(heartbeat ?? 0), 1000), MAX_WAIT);
    const timer = heartbeat ? setInterval(() => res.write('\n'), beat) : undefined;
    const until = Date.now() + Math.min(Number(timeout ?? MAX_WAIT), MAX_WAIT);
    let gone = false;
    res.once('close', () => {
      gone = true;
    });
    try {
      while (!gone && !this.closed) {
        const moved = await watch.wait(jsonSeq(answer.lastSeq), generation, until - Date.now(), () => gone);
        if (gone) return;
        if (!moved) break; // timed out: an empty answer at the position waited at
        generation = watch.generation;
        const next = await readFeed(since);
        // The engine failed after the 200 went out: an empty answer where the device stands, so it asks again.
        if (next.status !== 200) break;
        // A change this reader may not see (another class's, for a teacher) still moves the position on: the
        // wait starts after it, and the device's checkpoint passes it (else the same change wakes the wait
        // again at once, in a loop, until the timeout).
        answer = next;
        since.since = jsonSeq(next.lastSeq);
        if (!next.empty) break;
      }
      res.end(answer.body || JSON.stringify({ results: [], last_seq: answer.lastSeq }));
    } finally {
      clearInterval(timer);
    }
  }

  close(): void {
    this.closed = true;
    for (const w of this.watches.values()) w.stop();
  }

  private reply(res: ServerResponse, a: Answer) {
    if (a.status !== 200)
      return sendError(
        res,
        a.status === 404 ? 404 : 502,
        a.status === 404 ? 'not_found' : 'engine_error',
        a.status === 404 ? 'Database does not exist.' : '数据库引擎出错 (the database engine failed)',
      );
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(a.body);
  }

  private watch(db: string): Watch {
    let w = this.watches.get(db);
    if (!w) {
      w = new Watch(this.engine, db);
      this.watches.set(db, w);
    }
    return w;
  }

  /** One ordinary changes read; identical reads in flight at once share one engine request. */
  private read(db: string, params: Record<string, string>): Promise<Answer> {
    const query = new URLSearchParams({ ...params, feed: 'normal' }).toString();
    const key = `${db}?${query}`;
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.fetch(db, query).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    return p;
  }

  private async fetch(db: string, query: string): Promise<Answer> {
    try {
      const r = await this.engine.request({
        method: 'GET',
        path: `/${encodeURIComponent(db)}/_changes?${query}`,
        timeout: 120_000,
      });
      const text = (await readAll(r)).toString('utf8');
      if (r.statusCode !== 200) return { status: r.statusCode ?? 502, body: '', lastSeq: 0, empty: true };
      const feed = JSON.parse(text) as { results: unknown[]; last_seq: unknown };
      return { status: 200, body: text, lastSeq: feed.last_seq, empty: feed.results.length === 0 };
    } catch {
      return { status: 502, body: '', lastSeq: 0, empty: true };
    }
  }
}

const jsonSeq = (seq: unknown) => (typeof seq === 'string' ? seq : String(seq ?? 0));

/** One database's watcher: a long-poll of its own on the engine while anyone waits. */
class Watch {
  generation = 0;
  private since: string | undefined;
  private running = false;
  private stopped = false;
  private waiters = new Set<() => void>();

  constructor(
    private engine: Upstream,
    private db: string,
  ) {}

  /** Where the running watcher stands (the last position it saw), or undefined when it is not running. */
  position(): string | undefined {
    return this.running ? this.since : undefined;
  }

  /** Runs the watcher from `since` (the position a waiter has seen) unless it already runs. */
  private start(since: string) {
    if (this.running || this.stopped) return;
    this.since = since;
    this.running = true;
    void this.loop();
  }

  stop() {
    this.stopped = true;
    for (const w of this.waiters) w();
  }

  /**
   * Resolves true once the database moves past `generation`, false after `ms`. `since`: the position the
   * waiter has seen, where the watcher starts if it is not running yet (so no change in between is missed).
   */
  wait(since: string, generation: number, ms: number, gone: () => boolean): Promise<boolean> {
    if (this.generation > generation) return Promise.resolve(true);
    if (ms <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        clearInterval(check);
        this.waiters.delete(wake);
        resolve(this.generation > generation);
      };
      const timer = setTimeout(wake, ms);
      // A device that hangs up stops waiting within a second.
      const check = setInterval(() => gone() && wake(), 1000);
      this.waiters.add(wake);
      this.start(since);
    });
  }

  private async loop() {
    let failures = 0;
    while (!this.stopped && this.waiters.size > 0) {
      try {
        const r = await this.engine.request({
          method: 'GET',
          path: `/${encodeURIComponent(this.db)}/_changes?feed=longpoll&limit=1&timeout=50000&since=${encodeURIComponent(this.since ?? 'now')}`,
          timeout: 70_000,
        });
        const text = (await readAll(r)).toString('utf8');
        if (r.statusCode !== 200) throw new Error(`engine ${r.statusCode}`);
        const feed = JSON.parse(text) as { results: unknown[]; last_seq: unknown };
        this.since = jsonSeq(feed.last_seq);
        failures = 0;
        if (feed.results.length > 0) this.wakeAll();
      } catch {
        // The engine is away (restarting, the database deleted): waiters ask it themselves and see.
        failures++;
        this.wakeAll();
        await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** failures, 5000)));
      }
    }
    this.running = false;
  }

  private wakeAll() {
    this.generation++;
    for (const w of [...this.waiters]) w();
  }
}
