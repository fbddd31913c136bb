/**
 * Issue 16: "A teacher's device never holds a citizen ID number: fields are minimised per role." A real school
 * server (the gateway over HTTP in front of the embedded engine) and Baoxue's replication: after a sync, every
 * record a teacher's device stores — students, cases, events, the 学籍 change log, tombstones included — holds
 * no child's 身份证件号 and no 全国学籍号, also when the teacher asks the gateway for a document directly and
 * opens it with their own keys. The teacher still sees their children by name and class and records
 * attendance about them; the registrar's device gets those marks under the 学籍号 and still finds a child by
 * 学籍号 and by ID number.
 */
import { getChangedDocumentsSince } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DemoStudent, generateSchool } from '../demo/generator';
import { runCommand } from '../lib/commands/run';
import { openDatabase } from '../lib/db/database';
import { writeSetting } from '../lib/db/settingValue';
import type { BaoxueDatabase } from '../lib/db/types';
import type { StatusChangeCase } from '../lib/records';
import { ACCOUNT_SETTING_ID, basicAuth, type SyncAccount } from '../lib/sync/account';
import { grantMember, makeEnvelope, removeMember, schoolKeyring } from '../lib/sync/keys';
import { syncOnce } from '../lib/sync/replicate';
import { databaseName, SYNCED } from '../lib/sync/school';
import { isAlias, newKeyringData, openRecord, withoutOffice } from '../lib/sync/sealed';
import { makeStudent } from '../tests/fixtures/records';
import { type RunningServer, runSyncServer, STAFF, setupDemoSchool } from '../tests/support/sync-server';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let server: RunningServer;
const dbs: BaoxueDatabase[] = [];
const school = generateSchool();

beforeAll(async () => {
  server = await runSyncServer();
  await setupDemoSchool(server.url);
});
afterAll(async () => {
  for (const db of dbs) await db.remove();
  await server?.stop();
});

const account = (name: string): SyncAccount => {
  const s = STAFF.find((x) => x.name === name)!;
  return {
    url: server.url,
    school: 'demo',
    user: s.name,
    password: s.password,
    roles: ['baoxue-demo', s.role],
  };
};
let n = 0;
const device = async (user?: string) => {
  const db = await openDatabase({
    name: `identity${Date.now()}${n++}`,
    multiInstance: false,
    storage: getRxStorageMemory(),
  });
  dbs.push(db);
  if (user)
    await writeSetting(db, ACCOUNT_SETTING_ID, {
      url: server.url,
      school: 'demo',
      user,
      roles: account(user).roles,
      sealedPassword: 'sealed',
    });
  return db;
};
const done = async (db: BaoxueDatabase) => {
  dbs.splice(dbs.indexOf(db), 1);
  await db.remove();
};

const student = (s: DemoStudent) =>
  makeStudent({
    id: s.grbsm,
    xjh: s.grbsm,
    xjfh: s.xjfh,
    name: s.xm,
    idNumber: s.sfzjh,
    grade: s.njmc,
    className: s.bjmc,
    phone: s.lxdh,
    address: s.xzz,
  });

/** Every document a device stores, tombstones included, as text. */
async function stored(db: BaoxueDatabase): Promise<string> {
  let text = '';
  for (const c of SYNCED) {
    const { documents } = await getChangedDocumentsSince(db[c].storageInstance as never, 100_000);
    text += JSON.stringify(documents);
  }
  return text;
}

/** The children's ID numbers and 学籍号 (a G-number holds the ID number) found in a text. */
const identities = school.students.flatMap((s) => [s.sfzjh, s.grbsm]).filter(Boolean);
const found = (text: string) => [...new Set(identities.filter((v) => text.includes(v)))];

describe('a teacher’s device and identity fields', () => {
  it('holds no ID number or 学籍号 after a sync, yet shows its children by name and class and records their attendance', async () => {
    const registrar = await device();
    await registrar.students.bulkInsert(school.students.map(student));
    await registrar.cases.bulkInsert(
      school.cases.map(
        (c): StatusChangeCase => ({
          id: c.ydid,
          xjh: c.grbsm,
          name: c.xm,
          grade: c.njmc,
          className: c.bjmc,
          changeType: c.ydlb,
          reason: c.ydyy,
          changeDate: c.ydrq,
          appliedDate: c.sqrq,
          reviewStatus: c.shzt,
          currentUnit: c.dqbldw,
          toSchool: c.zrxx,
          fromSchool: c.zcxx,
          flags: [],
          source: { host: '127.0.0.1', pageKind: 'case-list', seenAt: 1 },
          updatedAt: 1,
        }),
      ),
    );
    // The registrar records a visit about a child (the event names the child by 学籍号 on this device).
    const first = school.students[0]!;
    await registrar.events.insert({
      id: 'homeVisit:1:reg',
      kind: 'homeVisit',
      studentId: first.grbsm,
      author: '李主任',
      at: 1,
      recordedAt: 1,
      data: { method: 'home', visitorRole: 'registrar', situation: '奶奶在家' },
    });
    await syncOnce(registrar, account('李主任'));
    expect(await registrar.students.count().exec()).toBe(school.students.length);

    const teacher = await device('王老师');
    await syncOnce(teacher, account('王老师'));
    const theirs = (await teacher.students.find().exec()).map((d) => d.toJSON());
    expect(theirs.length).toBeGreaterThan(0);
    // 学生 list: each child by name and class; the id shown is the server's hash, never an ID number.
    for (const s of theirs) {
      const real = school.students.find((x) => x.xm === s.name && x.bjmc === s.className);
      expect(real, s.name).toBeDefined();
      expect(isAlias(s.id)).toBe(true);
      expect([s.xjh, s.idNumber]).toEqual(['', '']);
    }
    expect(found(await stored(teacher))).toEqual([]);

    // 考勤: the teacher marks a child of theirs absent (the command takes the child as their device holds it).
    const child = theirs[0]!;
    await runCommand(teacher, 'absence/record', {
      marks: [{ studentId: child.id, date: '2026-11-20', half: 'day', mark: 'unexcused' }],
    });
    await syncOnce(teacher, account('王老师'));
    expect(found(await stored(teacher))).toEqual([]);

    // A crafted request: the teacher reads a child's document straight from the gateway and opens it with
    // their own keys. The ID number is in the document, sealed with a key a teacher's keyring does not have.
    const keys = await schoolKeyring(account('王老师'));
    expect(keys.office).toBeUndefined();
    const raw = (await (
      await fetch(`${server.url}${databaseName('demo', 'students')}/${encodeURIComponent(child.id)}`, {
        headers: { authorization: basicAuth({ user: '王老师', password: account('王老师').password }) },
      })
    ).json()) as Record<string, unknown>;
    expect(typeof raw.idn).toBe('string');
    const opened = await openRecord(keys, 'students', 'id', { ...raw, id: raw._id });
    expect(found(JSON.stringify(opened))).toEqual([]);
    expect(opened.name).toBe(child.name);
    await done(teacher);

    // The registrar's device receives the mark under the child's 学籍号 (its own students resolve the hash).
    await syncOnce(registrar, account('李主任'));
    const real = school.students.find((x) => x.xm === child.name && x.bjmc === child.className)!;
    const marks = (await registrar.events.find({ selector: { kind: 'absence' } }).exec()).map((e) =>
      e.toJSON(),
    );
    expect(marks.map((e) => e.studentId)).toEqual([real.grbsm]);
    await done(registrar);

    // A fresh registrar device (no students yet when the events arrive: the server's copy resolves them)
    // holds every identity and finds a child by 学籍号 and by ID number.
    const fresh = await device();
    await syncOnce(fresh, account('李主任'));
    const text = await stored(fresh);
    expect(found(text).length).toBe(identities.length);
    const some = school.students[7]!;
    expect((await fresh.students.findOne({ selector: { xjh: some.grbsm } }).exec())?.name).toBe(some.xm);
    expect((await fresh.students.findOne({ selector: { idNumber: some.sfzjh } }).exec())?.name).toBe(some.xm);
    const again = await fresh.events.find({ selector: { kind: 'absence' } }).exec();
    expect(again.map((e) => e.studentId)).toEqual([real.grbsm]);
    await done(fresh);
  });

  it('the office key: made once for a school from before it, handed to registrars and leaders only, turned on a removal', async () => {
    // A school whose keyring predates office keys: every member's envelope holds it without one.
    const registrar = account('李主任');
    const old = withoutOffice(newKeyringData());
    const headers = {
      authorization: basicAuth({ user: registrar.user, password: registrar.password }),
      'content-type': 'application/json',
    };
    for (const s of STAFF) {
      const r = await fetch(`${server.url}_baoxue/keys/demo/${encodeURIComponent(s.name)}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify(await makeEnvelope(old, s.password, 100_000)),
      });
      expect(r.status).toBeLessThan(300);
    }
    expect((await schoolKeyring(account('王老师'))).office).toBeUndefined();
    // The registrar's device opens it and adds an office key for itself (the ids and the school key stay).
    const mine = await schoolKeyring(registrar);
    expect(mine.office).toBeDefined();
    expect(mine.data.hmac).toBe(old.hmac);
    expect(mine.data.current).toBe(old.current);
    expect((await schoolKeyring(registrar)).data.office).toEqual(mine.data.office);
    expect((await schoolKeyring(account('王老师'))).office).toBeUndefined();
    // Granted: the leader with it, a teacher without.
    expect(await grantMember(registrar, '张校长', STAFF[1]!.password, fetch, true)).toEqual({ office: true });
    expect(await grantMember(registrar, '赵老师', STAFF[3]!.password, fetch, false)).toEqual({
      office: false,
    });
    expect((await schoolKeyring(account('张校长'))).data.office).toEqual(mine.data.office);
    expect((await schoolKeyring(account('赵老师'))).office).toBeUndefined();
    // A member leaves: a new office key for those who held one, still none for a teacher.
    await removeMember(registrar, '赵老师');
    const after = await schoolKeyring(registrar);
    expect(after.data.office!.current).not.toBe(mine.data.office!.current);
    expect((await schoolKeyring(account('张校长'))).data.office).toEqual(after.data.office);
    expect((await schoolKeyring(account('王老师'))).office).toBeUndefined();
    expect((await schoolKeyring(account('王老师'))).data.current).toBe(after.data.current);
  });
});
