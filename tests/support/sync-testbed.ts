/**
 * One school on its own sync server for a vitest file (the set-up about a dozen server tests wrote out each):
 * `syncTestbed()`. Apart from tests/support/sync-server.ts, which the Playwright specs import too, because this
 * one registers vitest hooks.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, expect } from 'vitest';
import { openDatabase } from '../../lib/db/database';
import type { BaoxueDatabase } from '../../lib/db/types';
import { basicAuth, type SyncAccount } from '../../lib/sync/account';
import { grantMember, schoolKeyring } from '../../lib/sync/keys';
import { databaseName } from '../../lib/sync/school';
import type { Keyring } from '../../lib/sync/sealed';
import { type StaffAccount, setupSchool } from '../../server/setup';
import { ADMIN, type RunningServer, runSyncServer, STAFF } from './sync-server';

/** The server admin's Basic authorization header value. */
export const adminAuth = basicAuth({ user: ADMIN.name, password: ADMIN.password });

/** An `enc` of the sealed shape: the server never reads a sealed record's content, so any will do. */
export const ENC = 'k1.aXY=.Y3Q=';
/** A record id of the sealed shape (`h-` and 32 characters), made of one repeated letter: `hid('A')`. */
export const hid = (c: string) => `h-${c.repeat(32)}`;

/** A school database a test writes into. */
type Collection = 'students' | 'events' | 'cases';
/** A student as `seedStudents` writes it: its id on the server (sealed: the keyed hash) and its class (班级). */
export type SeedStudent = readonly [id: string, className: string];

/**
 * Events of the sealed shape, as a device writes them: `event(kind, studentId, data, over)` with a fresh hash id
 * (`h-…e1`, `h-…e2`, … in the order made), written by `author` (by default 王老师, a teacher) at `at` + the
 * number made (recordedAt alike), content sealed (`enc`); `over` replaces any field, `author` too. `mark` is a
 * 旷课 mark (an `absence` event for the morning of 2026-11-20), by default `unexcused`.
 */
export function sealedEvents(opts: { author?: string; at?: number } = {}) {
  const author = opts.author ?? '王老师';
  const at = opts.at ?? 1_700_000_000_000;
  let seq = 0;
  const event = (
    kind: string,
    studentId: string,
    data: Record<string, unknown>,
    over: Record<string, unknown> = {},
  ) => {
    seq += 1;
    return {
      _id: `h-${String(seq).padStart(32, 'e')}`,
      kind,
      studentId,
      author,
      at: at + seq,
      recordedAt: at + seq,
      enc: ENC,
      data,
      ...over,
    };
  };
  const mark = (studentId: string, over: Record<string, unknown> = {}, mark = 'unexcused') =>
    event('absence', studentId, { date: '2026-11-20', half: 'am', mark }, over);
  return { event, mark };
}

/**
 * A school on its own sync server for one test file (server/*.test.ts, lib/sync/held.sync.test.ts): starts the
 * server in the calling file's beforeAll, sets up `school` with `staff` (their roles and classes) and, with
 * `keys`, has the first registrar's device make the school keyring (`members`: and hand it to every other
 * member). Its afterAll removes the devices still open and stops the server; a file that wants fresh devices
 * per test adds `afterEach(bed.dropDevices)`. Call it after `vi.setConfig` (hooks take the timeout then set).
 */
export function syncTestbed(
  opts: {
    school?: string;
    staff?: StaffAccount[];
    keys?: 'none' | 'registrar' | 'members';
    /** More schools with the same staff and no keyring, set up before the keys are made. */
    also?: string[];
  } = {},
) {
  const school = opts.school ?? 'demo';
  const staff = opts.staff ?? STAFF;
  const registrar = staff.find((s) => s.role === 'registrar');
  let server: RunningServer | undefined;
  let keys: Keyring | undefined;
  const dbs: BaoxueDatabase[] = [];
  const keptDbs: BaoxueDatabase[] = [];
  let n = 0;

  const running = () => {
    if (!server) throw new Error('syncTestbed: the server is not started (call it at the top of the file)');
    return server;
  };
  const member = (name: string) => {
    const s = staff.find((x) => x.name === name);
    if (!s) throw new Error(`syncTestbed: no staff account ${name} in ${school}`);
    return s;
  };
  /** As stored at login: the roles the server gave (a member of the school, and a staff role). */
  const account = (name = registrar?.name ?? ''): SyncAccount => {
    const s = member(name);
    return {
      url: running().url,
      school,
      user: s.name,
      password: s.password,
      roles: [`baoxue-${school}`, s.role],
    };
  };
  /** The Basic authorization of a staff member or of the server admin. */
  const auth = (name: string) => {
    const s = name === ADMIN.name ? ADMIN : member(name);
    return basicAuth({ user: s.name, password: s.password });
  };

  /** A request as `name` (a staff member or ADMIN.name), its answer read as text and as JSON. */
  const call = async (name: string, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${running().url}${path}`, {
      method,
      headers: { authorization: auth(name), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, text, json: JSON.parse(text) };
  };
  /** A write as `name` that must be taken (201): its answer. */
  const written = async (name: string, path: string, body: unknown) => {
    const r = await call(name, 'PUT', path, body);
    expect(r.status, `${name} writes ${path}`).toBe(201);
    return r;
  };

  beforeAll(async () => {
    server = await runSyncServer();
    for (const s of [school, ...(opts.also ?? [])])
      await setupSchool({ url: server.url, school: s, admin: ADMIN, staff });
    if ((opts.keys ?? 'none') === 'none') return;
    if (!registrar) throw new Error(`syncTestbed: ${school} has no registrar to make its keyring`);
    keys = await schoolKeyring(account(registrar.name));
    if (opts.keys === 'members')
      for (const s of staff)
        if (s !== registrar) await grantMember(account(registrar.name), s.name, s.password);
  });
  afterAll(async () => {
    for (const db of [...dbs.splice(0), ...keptDbs.splice(0)]) await db.remove();
    await server?.stop();
  });

  return {
    school,
    staff,
    get server() {
      return running();
    },
    get url() {
      return running().url;
    },
    /** The keyring the registrar's device made (with `keys`). */
    get keys(): Keyring {
      if (!keys) throw new Error('syncTestbed: no keyring (pass keys)');
      return keys;
    },
    account,
    auth,
    call,
    /**
     * Students as the server holds them, written by the server admin past the write rules into `school` (by
     * default the testbed's), each `[id, className]`: of the sealed shape (hash id; class and its 年级 in clear,
     * the rest in `enc`), or with `plain` as a school not yet encrypted holds them (the class only, no grade).
     * Each write must be taken (201).
     */
    async seedStudents(students: readonly SeedStudent[], opts: { school?: string; plain?: boolean } = {}) {
      const db = databaseName(opts.school ?? school, 'students');
      for (const [id, className] of students) {
        const grade = /^.*?年级/.exec(className)?.[0];
        const doc = opts.plain ? { className, updatedAt: 1 } : { className, grade, updatedAt: 1, enc: ENC };
        await written(ADMIN.name, `${db}/${id}`, doc);
      }
    },
    /**
     * `doc` written under its `_id` into the school's `collection` as `name` (a staff member, through the write
     * rules, or ADMIN.name, past them); it must be taken (201). Answers with the write's answer (its `rev`).
     */
    async put(name: string, collection: Collection, doc: { _id: string } & Record<string, unknown>) {
      return written(name, `${databaseName(school, collection)}/${doc._id}`, doc);
    },
    /**
     * A record `name` writes and then retires (deleted, marked `retired`, as the office does with a record
     * written in error); both writes must be taken. Answers with the retirement's answer (its `rev`).
     */
    async retire(name: string, collection: Collection, doc: { _id: string } & Record<string, unknown>) {
      const path = `${databaseName(school, collection)}/${doc._id}`;
      const first = await written(name, path, doc);
      return written(name, path, { _rev: first.json.rev, _deleted: true, retired: true });
    },
    /** The server started again on its data folder and port (after `server.stop()`). */
    async start() {
      const was = running();
      server = await runSyncServer({ dir: was.dir, port: was.port });
    },
    /** A teacher's classes, as the server admin sets them (server/auth: the account API). */
    async setClasses(name: string, classes: string[]) {
      const r = await fetch(`${running().url}_baoxue/accounts/${encodeURIComponent(name)}`, {
        method: 'PUT',
        headers: { authorization: adminAuth, 'content-type': 'application/json' },
        body: JSON.stringify({ roles: [`baoxue-${school}`, 'teacher'], classes }),
      });
      expect(r.status).toBe(200);
    },
    /**
     * A device: an in-memory RxDB (fake-indexeddb in Node is far slower than a browser's IndexedDB; the
     * browser run is the e2e test and the bench). `kept`: left out of `dropDevices`, removed at the file's end
     * (the registrar's device that fills the school once for every test).
     */
    async device(opts: { kept?: boolean } = {}) {
      const db = await openDatabase({
        name: `${school}${Date.now()}${n++}`,
        multiInstance: false,
        storage: getRxStorageMemory(),
      });
      (opts.kept ? keptDbs : dbs).push(db);
      return db;
    },
    /** A device closed once its part is done (RxDB allows 13 open collections per process). */
    async done(db: BaoxueDatabase) {
      for (const list of [dbs, keptDbs]) if (list.includes(db)) list.splice(list.indexOf(db), 1);
      await db.remove();
    },
    /** Every device still open removed (for an afterEach). */
    async dropDevices() {
      for (const db of dbs.splice(0)) await db.remove();
    },
  };
}

export type SyncTestbed = ReturnType<typeof syncTestbed>;
