/**
 * 更换编号密钥 (lib/sync/reid.ts) and a teacher's records written offline before it, through the real gateway
 * (from the security review's scratch test): an absence, a 家访 and a 重点生 designation naming the child by the
 * old hash, not yet synced when the registrar runs the re-id. They are taken at the teacher's next sync (judged
 * by the child the old hash moved to: server/reidMoved.ts), nothing held back; the next re-id run moves them to
 * the new id; the teacher's device then holds them under the new id only. A teacher of another class is still
 * refused an event naming that retired hash.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DemoStudent, generateSchool } from '../demo/generator';
import { openDatabase } from '../lib/db/database';
import type { BaoxueDatabase } from '../lib/db/types';
import type { StoredEvent } from '../lib/records';
import { basicAuth, type SyncAccount } from '../lib/sync/account';
import { grantMember, makeEnvelope, schoolKeyring } from '../lib/sync/keys';
import { reIdentify } from '../lib/sync/reid';
import { syncOnce } from '../lib/sync/replicate';
import { databaseName, SYNCED } from '../lib/sync/school';
import { hashId, type KeyringData, newKeyringData, oldHashId } from '../lib/sync/sealed';
import { readStatus } from '../lib/sync/status';
import { makeStudent } from '../tests/fixtures/records';
import { ADMIN, type RunningServer, runSyncServer, STAFF } from '../tests/support/sync-server';
import { setupSchool } from './setup';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

let server: RunningServer;
const dbs: BaoxueDatabase[] = [];
const school = generateSchool();
const CLASS = '七年级1班'; // 王老师's (tests/support/sync-server.ts)
const mine = school.students.filter((s) => s.bjmc === CLASS).slice(0, 8);
const teaches = STAFF.find((x) => x.name === '王老师')!.classes!;
const others = school.students.filter((s) => !teaches.includes(s.bjmc)).slice(0, 8);
const admin = { authorization: basicAuth({ user: ADMIN.name, password: ADMIN.password }) };

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

/** A keyring as schools had it before the office's id key: one `hmac` for every id, teachers included. */
function oldKeyring(): KeyringData {
  const { ids: _ids, ...data } = newKeyringData();
  const { ids: _o, ...office } = data.office!;
  return { ...data, office };
}

beforeAll(async () => {
  server = await runSyncServer();
  await setupSchool({ url: server.url, school: 'demo', admin: ADMIN, staff: STAFF });
  // The registrar's envelope made the old way, then handed to every colleague as it was then.
  const r = account('李主任');
  const put = await fetch(`${server.url}_baoxue/keys/demo/${encodeURIComponent(r.user)}?create=1`, {
    method: 'PUT',
    headers: { authorization: basicAuth(r), 'content-type': 'application/json' },
    body: JSON.stringify(await makeEnvelope(oldKeyring(), r.password, 100_000)),
  });
  expect(put.ok).toBe(true);
  for (const s of STAFF) if (s.name !== r.user) await grantMember(r, s.name, s.password);
});
afterAll(async () => {
  for (const db of dbs) await db.remove();
  await server?.stop();
});

let n = 0;
const device = async () => {
  const db = await openDatabase({
    name: `reid${Date.now()}${n++}`,
    multiInstance: false,
    storage: getRxStorageMemory(),
  });
  dbs.push(db);
  return db;
};
const done = async (db: BaoxueDatabase) => {
  dbs.splice(dbs.indexOf(db), 1);
  await db.remove();
};
const student = (s: DemoStudent) =>
  makeStudent({ id: s.grbsm, xjh: s.grbsm, name: s.xm, idNumber: s.sfzjh, grade: s.njmc, className: s.bjmc });

/** Every live document of the school, as the server admin reads it. */
async function liveDocs(): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const c of SYNCED) {
    const r = await fetch(`${server.url}${databaseName('demo', c)}/_all_docs?include_docs=true`, {
      headers: admin,
    });
    const body = (await r.json()) as { rows: { id: string; doc: Record<string, unknown> }[] };
    out.push(...body.rows.filter((x) => !x.id.startsWith('_design/')).map((x) => x.doc));
  }
  return out;
}

/** What a teacher's device records about a child, named by the id it holds the child by. */
const teacherRecords = (child: string, tag: string, at: number): StoredEvent[] => [
  {
    id: `absence:${child}:2026-11-20:am${tag}`,
    kind: 'absence',
    studentId: child,
    author: '王老师',
    at,
    recordedAt: at,
    data: { date: '2026-11-20', half: 'am', mark: 'unexcused' },
  },
  {
    id: `homeVisit:${at}:${tag}`,
    kind: 'homeVisit',
    studentId: child,
    author: '王老师',
    at,
    recordedAt: at,
    data: { method: 'phone', visitorRole: 'teacher', situation: '奶奶在家照顾' },
  },
  {
    id: `riskNote:${at}:key${tag}`,
    kind: 'riskNote',
    studentId: child,
    author: '王老师',
    at,
    recordedAt: at,
    data: { type: 'key-student', partner: '王老师' },
  },
];

describe('更换编号密钥: a teacher record written offline before the re-id', () => {
  it('is taken at the next sync, moved by the next run, and held under the new id on the device', async () => {
    const registrar = await device();
    await registrar.students.bulkInsert([...mine, ...others].map(student));
    await syncOnce(registrar, account('李主任'));
    const oldKeys = await schoolKeyring(account('李主任'));
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    const child = mine[0]!.grbsm;
    const old = await hashId(oldKeys, child);
    // Written offline: not synced before the registrar runs the re-id.
    await teacher.events.bulkInsert(teacherRecords(old, 'off', Date.now()));
    const first = await reIdentify(account('李主任'));
    expect(first.students.retired).toBe(mine.length + others.length);
    const newKeys = await schoolKeyring(account('李主任'));
    const now = await hashId(newKeys, child);
    expect(now).not.toBe(old);

    await syncOnce(teacher, account('王老师'));
    expect((await readStatus(teacher)).heldBack ?? 0).toBe(0);
    const taken = (await liveDocs()).filter((d) => d.author === '王老师');
    expect(taken.map((d) => d.kind).sort()).toEqual(['absence', 'homeVisit', 'riskNote']);
    expect(taken.every((d) => d.studentId === old)).toBe(true);

    // The next run moves them: nothing live names the old hash any more.
    const second = await reIdentify(account('李主任'));
    expect(second.events.moved).toBe(3);
    expect(second.events.unresolved).toBe(0);
    const live = await liveDocs();
    expect(JSON.stringify(live)).not.toContain(old);
    expect(live.filter((d) => d.author === '王老师' && d.studentId === now)).toHaveLength(3);

    // The teacher's device pulls them under the new id and drops the old copies the server retired.
    await syncOnce(teacher, account('王老师'));
    await syncOnce(teacher, account('王老师'));
    const local = await teacher.events.find({ selector: { author: '王老师' } }).exec();
    expect(local.map((e) => [e.kind, e.studentId]).sort()).toEqual([
      ['absence', now],
      ['homeVisit', now],
      ['riskNote', now],
    ]);
    expect((await readStatus(teacher)).heldBack ?? 0).toBe(0);
    await done(teacher);
    await done(registrar);
  });

  it('is still refused to a teacher of another class', async () => {
    const oldKeys = await schoolKeyring(account('李主任'));
    // The keyring keeps the retired id key for the office (`was`): the old hash of a child of 王老师's class.
    expect(oldKeys.data.office?.was).toBeTruthy();
    const old = (await oldHashId(oldKeys, mine[1]!.grbsm))!;
    const zhao = await device();
    await syncOnce(zhao, account('赵老师'));
    const at = Date.now();
    await zhao.events.bulkInsert([
      {
        id: `homeVisit:${at}:zhao`,
        kind: 'homeVisit',
        studentId: old,
        author: '赵老师',
        at,
        recordedAt: at,
        data: { method: 'phone', visitorRole: 'teacher' },
      },
    ]);
    await syncOnce(zhao, account('赵老师'));
    expect((await readStatus(zhao)).heldBack).toBe(1);
    expect((await liveDocs()).filter((d) => d.author === '赵老师')).toHaveLength(0);
  });
});
