/**
 * Replication against the real embedded server over HTTP on 127.0.0.1: two RxDB clients, real users and
 * sessions, the server killed and restarted mid-way.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONFLICTS_ID, parseConflicts, restoreConflict } from '../lib/db/conflictLog';
import { writeSetting } from '../lib/db/settingValue';
import type { StoredEvent } from '../lib/records';
import { ACCOUNT_SETTING_ID, basicAuth, readAccountSetting } from '../lib/sync/account';
import { replicateCouch } from '../lib/sync/couchdb';
import { schoolKeyring } from '../lib/sync/keys';
import { startSync, syncOnce } from '../lib/sync/replicate';
import { databaseName } from '../lib/sync/school';
import { hashId, openRecord } from '../lib/sync/sealed';
import { readStatus } from '../lib/sync/status';
import { makeStudent } from '../tests/fixtures/records';
import { ADMIN, STAFF, setupDemoSchool } from '../tests/support/sync-server';
import { syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// The demo school: its staff, the registrar's keyring handed to every member.
const bed = syncTestbed({ keys: 'members' });
const { account, device } = bed;
let G1_ON_SERVER = '';

beforeAll(async () => {
  // G1, whom the teachers' events are about, in 王老师's class: a teacher writes only about their classes.
  const registrar = await device();
  await registrar.students.insert(makeStudent({ id: 'G1', xjh: 'G1', className: '七年级1班' }));
  await syncOnce(registrar, account('李主任'));
  await bed.done(registrar);
  // G1 as the server names it (a keyed hash), for requests written by hand.
  G1_ON_SERVER = await hashId(await schoolKeyring(account('李主任')), 'G1');
}, 60_000);
afterEach(bed.dropDevices);

const event = (id: string, author: string, over: Partial<StoredEvent> = {}): StoredEvent => ({
  id,
  kind: 'homeVisit',
  // A teacher's device names the child by the server's hash (it holds no key to make one from a 学籍号).
  studentId: STAFF.find((x) => x.name === author)?.role === 'teacher' ? G1_ON_SERVER : 'G1',
  author,
  at: 1_700_000_000_000,
  recordedAt: 1_700_000_000_000,
  data: { method: '上门', visitorRole: 'teacher' },
  ...over,
});
const admin = basicAuth({ user: ADMIN.name, password: ADMIN.password });
/** The server's documents, opened with the registrar's keys (the server itself holds ids hashed, fields sealed). */
const serverDocs = async (collection: 'events' | 'students', opts = '') => {
  const keys = await schoolKeyring(account('李主任'));
  const rows = (
    (await (
      await fetch(`${bed.url}${databaseName('demo', collection)}/_all_docs?include_docs=true${opts}`, {
        headers: { authorization: admin },
      })
    ).json()) as { rows: { id: string; doc: Record<string, unknown> }[] }
  ).rows.filter((r) => !r.id.startsWith('_design/'));
  const opened = await Promise.all(
    rows.map(async (r) => {
      const doc = await openRecord(keys, collection, '_id', r.doc);
      return { id: String(doc.id ?? r.id), doc };
    }),
  );
  // In id order, as _all_docs lists them (the server's order is that of the hashes).
  return opened.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
};

describe('sync through the school server', () => {
  it('brings what a teacher records to the registrar’s device', async () => {
    const teacher = await device();
    const registrar = await device();
    await teacher.events.insert(event('visit-1', '王老师'));
    await syncOnce(teacher, account('王老师'));
    await syncOnce(registrar, account('李主任'));
    expect((await registrar.events.findOne('visit-1').exec())?.author).toBe('王老师');
    const status = await readStatus(teacher);
    expect(status).toMatchObject({ state: 'ok', pending: 0 });
    expect(status.lastSyncedAt).toBeGreaterThan(0);
  });

  it('keeps both changes when two registrars edit one student apart, and shows a field both changed', async () => {
    const a = await device();
    const b = await device();
    const base = makeStudent({ id: 'G2', xjh: 'G2', phone: '', className: '七年级1班' });
    await a.students.insert(base);
    await syncOnce(a, account('李主任'));
    await syncOnce(b, account('张校长'));
    // Offline, each changes the record: A a phone number and the class, B the address and the class later.
    const seen = (at: number) => ({ host: 'xj.example', pageKind: 'student-list', seenAt: at });
    await (await a.students.findOne('G2').exec())!.incrementalPatch({
      phone: '13800000000',
      className: '七年级2班',
      source: seen(2_000_000_000_000),
    });
    await (await b.students.findOne('G2').exec())!.incrementalPatch({
      address: '红旗村 3 组',
      className: '七年级3班',
      source: seen(2_000_000_100_000),
    });
    await syncOnce(a, account('李主任'));
    await syncOnce(b, account('张校长'));
    await syncOnce(a, account('李主任'));
    for (const db of [a, b]) {
      const s = (await db.students.findOne('G2').exec())!;
      expect([s.phone, s.address, s.className]).toEqual(['13800000000', '红旗村 3 组', '七年级3班']);
    }
    // B's push met A's version: the class both changed went to the later reading, A's value kept aside.
    const conflicts = parseConflicts((await b.settings.findOne(CONFLICTS_ID).exec())?.value);
    expect(conflicts).toMatchObject([
      { docId: 'G2', field: 'className', kept: '七年级3班', dropped: '七年级2班' },
    ]);
    // A person looks at it and chooses the other value: an ordinary edit that reaches every device.
    await restoreConflict(b, conflicts[0]!);
    expect(parseConflicts((await b.settings.findOne(CONFLICTS_ID).exec())?.value)).toEqual([]);
    await syncOnce(b, account('张校长'));
    await syncOnce(a, account('李主任'));
    expect((await a.students.findOne('G2').exec())!.className).toBe('七年级2班');
    expect((await a.students.findOne('G2').exec())!.address).toBe('红旗村 3 组');
  });

  it('merges a student two devices captured before either synced, and keeps the value it did not use', async () => {
    // Neither device has seen the server's copy: the second push finds the first one there (a conflict the
    // server reports, not one found by reading first) and merges it like any other.
    const a = await device();
    const b = await device();
    const seen = (at: number) => ({ host: 'xj.example', pageKind: 'student-list', seenAt: at });
    await a.students.insert(
      makeStudent({ id: 'G3', xjh: 'G3', phone: '13900000000', className: '八年级1班', source: seen(1e12) }),
    );
    await b.students.insert(
      makeStudent({ id: 'G3', xjh: 'G3', phone: '13900000000', className: '八年级2班', source: seen(2e12) }),
    );
    await a.students.insert(makeStudent({ id: 'G4', xjh: 'G4' }));
    await b.students.insert(makeStudent({ id: 'G4', xjh: 'G4' }));
    await syncOnce(a, account('李主任'));
    await syncOnce(b, account('张校长'));
    await syncOnce(a, account('李主任'));
    for (const db of [a, b]) {
      const s = (await db.students.findOne('G3').exec())!;
      expect([s.phone, s.className]).toEqual(['13900000000', '八年级2班']);
    }
    // The later reading's class was used; the earlier one is kept for a person to look at. The student both
    // captured alike is no conflict at all.
    expect(parseConflicts((await b.settings.findOne(CONFLICTS_ID).exec())?.value)).toMatchObject([
      { docId: 'G3', field: 'className', kept: '八年级2班', dropped: '八年级1班', keptFrom: 'local' },
    ]);
    const onServer = (await serverDocs('students', '&conflicts=true')).filter(
      (r) => r.id === 'G3' || r.id === 'G4',
    );
    expect(onServer.map((r) => [r.id, r.doc.className, r.doc._conflicts])).toEqual([
      ['G3', '八年级2班', undefined],
      ['G4', '七年级3班', undefined],
    ]);
    expect(await readStatus(b)).toMatchObject({ state: 'ok', pending: 0 });
  });

  it('replicates 10,000 records, and after the server is killed mid-way and restarted each arrives once', async () => {
    const teacher = await device();
    const N = 10_000;
    await teacher.events.bulkInsert(Array.from({ length: N }, (_, i) => event(`bulk-${i}`, '王老师')));
    // (Ids are hashed on the server: what arrived is counted, and the bulk records found by opening them.)
    const count = async () =>
      (
        (await (
          await fetch(`${bed.url}${databaseName('demo', 'events')}`, { headers: { authorization: admin } })
        ).json()) as { doc_count: number }
      ).doc_count;
    const bulkOnServer = async () => (await serverDocs('events')).filter((r) => r.id.startsWith('bulk-'));
    const before = await count();
    const run = startSync(teacher, account('王老师'), { live: true, waitForLeadership: false });
    // Kill the server hard once the first batches are on it, then bring it back on the same data.
    while ((await count()) === before) await new Promise((r) => setTimeout(r, 50));
    await bed.server.stop('SIGKILL');
    await bed.start();
    await Promise.race([
      (async () => {
        for (;;) {
          const on = await count().catch(() => 0);
          if (on >= before + N) return;
          await new Promise((r) => setTimeout(r, 500));
        }
      })(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('not all arrived')), 120_000)),
    ]);
    await run.cancel();
    const on = await bulkOnServer();
    expect(on).toHaveLength(N);
    expect(new Set(on.map((r) => r.id)).size).toBe(N);
    // Exactly once: no document was written twice (a second write would be revision 2).
    expect(on.filter((r) => !String(r.doc._rev).startsWith('1-'))).toEqual([]);
    const other = await device();
    await syncOnce(other, account('李主任'), 120_000);
    expect(await other.events.count({ selector: { id: { $regex: '^bulk-' } } }).exec()).toBe(N);
  }, 240_000);
});

describe('the server’s rules, with real users and sessions', () => {
  const write = (user: string, collection: 'events' | 'students', doc: Record<string, unknown>) => {
    const s = STAFF.find((x) => x.name === user)!;
    // One document written as the push writes it, through the same rules (PUT /{db}/{id}).
    return fetch(`${bed.url}${databaseName('demo', collection)}/${encodeURIComponent(String(doc._id))}`, {
      method: 'PUT',
      headers: {
        authorization: basicAuth({ user: s.name, password: s.password }),
        'content-type': 'application/json',
      },
      body: JSON.stringify(doc),
    });
  };
  const { id, ...plainBody } = event('x', '王老师');
  const eventBody = () => ({ ...plainBody, studentId: G1_ON_SERVER });
  /** Hash-shaped, as every id of an encrypted school is on the server (server/sealedShape.ts). */
  const ruleId = (n: number) => `h-rule${n}`.padEnd(34, 'x');

  it('lets staff record as themselves, and refuses the rest', async () => {
    expect((await write('王老师', 'events', { _id: ruleId(1), ...eventBody() })).status).toBe(201);
    // Not in someone else's name; not editing someone else's record; not verifying paperwork as a teacher.
    expect((await write('赵老师', 'events', { _id: ruleId(2), ...eventBody() })).status).toBe(403);
    const first = (await serverDocs('events')).find((r) => r.id === ruleId(1))!;
    expect(
      (await write('赵老师', 'events', { ...first.doc, author: '赵老师', data: { method: '电话' } })).status,
    ).toBe(403);
    expect(
      (await write('王老师', 'events', { _id: ruleId(3), ...eventBody(), kind: 'documentReceived' })).status,
    ).toBe(403);
    expect(
      (
        await write('李主任', 'events', {
          _id: ruleId(4),
          ...eventBody(),
          author: '李主任',
          kind: 'documentReceived',
          // A document's codes (a 家访's would be refused in clear: server/sealedShape.ts, per kind).
          data: { doc: 'application', state: 'received' },
        })
      ).status,
    ).toBe(201);
    // Nobody but a server admin deletes (or creates) a school's database, slash or no slash.
    for (const path of ['', '/']) {
      const r = await fetch(`${bed.url}${databaseName('demo', 'changes')}${path}`, {
        method: 'DELETE',
        headers: { authorization: `Basic ${Buffer.from('张校长:leader-pw').toString('base64')}` },
      });
      expect(r.status).toBe(403);
    }
    // Captured 学籍 records are the registrar's and leaders'; and this school is encrypted, so not even theirs
    // is taken in plain text (server/sealedOnly.ts): their devices seal them.
    const { id: sid, ...student } = makeStudent({ id: 'G9' });
    expect((await write('王老师', 'students', { _id: sid, ...student })).status).toBe(403);
    const plain = await write('李主任', 'students', { _id: sid, ...student });
    expect(plain.status).toBe(403);
    expect(((await plain.json()) as { reason: string }).reason).toContain('未加密的学生个人信息');
  });

  it('gives anonymous and wrong-password requests nothing, and survives hostile ones', async () => {
    const events = `${bed.url}${databaseName('demo', 'events')}`;
    expect((await fetch(events)).status).toBe(401);
    expect((await fetch(`${events}/_all_docs`, { headers: { authorization: 'Basic eDp5' } })).status).toBe(
      401,
    );
    // Each of these crashed express-pouchdb's process when they reached it unauthenticated.
    await fetch(`${bed.url}new-db`, { method: 'PUT' });
    await fetch(`${events}/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ docs: [{ _id: 'evil' }] }),
    });
    // Nobody signs themselves up.
    expect(
      (
        await fetch(`${bed.url}_users/org.couchdb.user:mallory`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'mallory', password: 'x', roles: [], type: 'user' }),
        })
      ).status,
    ).toBe(401);
    expect((await fetch(bed.url)).status).toBe(200);
    expect((await serverDocs('events')).find((r) => r.id === 'evil')).toBeUndefined();
  });

  it('keeps a record the server refuses on the device, and writes the rest of its batch', async () => {
    // Straight through the CouchDB handlers, with no rules checked on the device first: the server decides.
    const teacher = await device();
    // No codec here: the child as the server names it, the ids hash-shaped as the server holds them.
    const own1 = 'h-own1'.padEnd(34, 'x');
    const notMine1 = 'h-notmine1'.padEnd(34, 'x');
    const own2 = 'h-own2'.padEnd(34, 'x');
    const about = { studentId: G1_ON_SERVER };
    await teacher.events.bulkInsert([
      event(own1, '王老师', about),
      event(notMine1, '李主任', about),
      event(own2, '王老师', about),
    ]);
    const refused: { id: string; refused?: string }[] = [];
    const t = STAFF.find((x) => x.name === '王老师')!;
    const state = replicateCouch({
      replicationIdentifier: 'refusal-test',
      collection: teacher.events as never,
      url: `${bed.url}${databaseName('demo', 'events')}/`,
      fetch: (url, init = {}) =>
        fetch(url, {
          ...init,
          headers: {
            ...(init.headers as object),
            authorization: basicAuth({ user: t.name, password: t.password }),
          },
        }),
      live: false,
      waitForLeadership: false,
      retryTime: 1000,
      pull: { batchSize: 100, heartbeat: 20_000 },
      push: { batchSize: 100, onHeldBack: (r) => refused.push(...r) },
    });
    const errors: unknown[] = [];
    state.error$.subscribe((e) => errors.push(e));
    await state.awaitInitialReplication();
    await state.cancel();
    expect(errors).toEqual([]);
    expect(refused).toMatchObject([{ id: notMine1, refused: expect.stringContaining('author') }]);
    const onServer = (await serverDocs('events')).map((r) => r.id);
    expect(onServer).toEqual(expect.arrayContaining([own1, own2]));
    expect(onServer).not.toContain(notMine1);
    expect((await teacher.events.findByIds([own1, notMine1, own2]).exec()).size).toBe(3);
  });

  it('does not count as held back a record this user may not write that the server already has as it is', async () => {
    // A device that took another person's record from the server but lost the note that it did (a page
    // closed mid-pass) offers it back; it is the server's own copy, not something kept from the school.
    const teacher = await device();
    await teacher.events.insert(event('theirs-1', '王老师'));
    await syncOnce(teacher, account('王老师'));
    const leader = await device();
    // As the leader's device holds the teacher's record once pulled: the child by 学籍号 (an office device resolves it).
    await leader.events.insert(event('theirs-1', '王老师', { studentId: 'G1' }));
    await leader.events.insert(event('theirs-2', '王老师')); // not on the server: this one is held back
    await syncOnce(leader, account('张校长'));
    expect(await readStatus(leader)).toMatchObject({ state: 'ok', heldBack: 1 });
    expect((await serverDocs('events')).map((r) => r.id)).not.toContain('theirs-2');
  });

  it('never sends back the server’s design document, which arrives as a local tombstone', async () => {
    const registrar = await device();
    await syncOnce(registrar, account('李主任'));
    // As it was set aside on arrival; were it pushed, the server would refuse a non-admin's design change.
    await registrar.students.upsert({ ...makeStudent({ id: '_design/baoxue', xjh: '' }) });
    await (await registrar.students.findOne('_design/baoxue').exec())!.remove();
    await registrar.students.insert(makeStudent({ id: 'D1', xjh: 'D1' }));
    await syncOnce(registrar, account('李主任'));
    expect(await readStatus(registrar)).toMatchObject({ state: 'ok', heldBack: 0 });
    expect((await serverDocs('students')).map((r) => r.id)).toContain('D1');
  });

  it('learns at the next pass that a teacher was made registrar on the server, and pushes as one', async () => {
    const device1 = await device();
    const a = account('赵老师');
    await writeSetting(device1, ACCOUNT_SETTING_ID, { ...a, password: undefined, sealedPassword: 'sealed' });
    await device1.students.insert(makeStudent({ id: 'P1', xjh: 'P1', className: '九年级1班' }));
    await syncOnce(device1, a);
    expect(await readStatus(device1)).toMatchObject({ state: 'ok', heldBack: 1 });
    // The server admin gives 赵老师 the registrar role.
    const url = `${bed.url}_baoxue/accounts/${encodeURIComponent('赵老师')}`;
    const put = await fetch(url, {
      method: 'PUT',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ roles: ['baoxue-demo', 'teacher', 'registrar'] }),
    });
    expect(put.ok).toBe(true);
    // A registrar's device that opens its keys hands the new registrar the office key (学籍号, ID numbers):
    // without it their 学籍 records are not sent.
    await schoolKeyring(account('李主任'));
    await device1.students.insert(makeStudent({ id: 'P2', xjh: 'P2', className: '九年级1班' }));
    await syncOnce(device1, a);
    expect((await readAccountSetting(device1))?.roles).toEqual(['baoxue-demo', 'teacher', 'registrar']);
    expect((await serverDocs('students')).map((r) => r.id)).toContain('P2');
  });

  it('ends a wrong password, a refused write and a deleted database in a clear state, losing nothing', async () => {
    const teacher = await device();
    await teacher.events.insert(event('kept-1', '王老师'));
    await syncOnce(teacher, { ...account('王老师'), password: 'wrong' });
    expect(await readStatus(teacher)).toMatchObject({
      state: 'error',
      problem: 'wrong-password',
      pending: 1,
    });
    // A record the rules do not let a teacher write (a 学籍 record) stays on the device, counted as held
    // back; the rest goes through.
    // (In their own class: a record outside it would be removed from the device as outside their scope.)
    await teacher.students.insert(makeStudent({ id: 'G7', className: '七年级1班' }));
    await syncOnce(teacher, account('王老师'));
    expect(await readStatus(teacher)).toMatchObject({ state: 'ok', pending: 0, heldBack: 1 });
    expect(await teacher.students.findOne('G7').exec()).not.toBeNull();
    expect((await serverDocs('students')).find((r) => r.id === 'G7')).toBeUndefined();
    expect((await serverDocs('events')).find((r) => r.id === 'kept-1')).toBeDefined();
    // The school's events database is deleted on the server: a clear state, and the device keeps its records.
    await fetch(`${bed.url}${databaseName('demo', 'events')}`, {
      method: 'DELETE',
      headers: { authorization: admin },
    });
    await teacher.events.insert(event('kept-2', '王老师'));
    await syncOnce(teacher, account('王老师'));
    expect(await readStatus(teacher)).toMatchObject({
      state: 'error',
      problem: 'database-missing',
      detail: databaseName('demo', 'events'),
    });
    expect((await teacher.events.findByIds(['kept-1', 'kept-2']).exec()).size).toBe(2);
    await setupDemoSchool(bed.url); // put it back for any later test
  });
});
