/**
 * A school from before the office's id key (issue 16), on the real gateway, for the 更换编号密钥 tests
 * (server/reid.test.ts, server/reid-late.test.ts): its teachers hold the key that hashes 学籍号s. `oldSchool()`
 * starts the server in the calling file's beforeAll, makes the registrar's envelope the old way and hands it to
 * every colleague; it returns the accounts, in-memory devices and the admin's view of the school.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, expect } from 'vitest';
import { type DemoStudent, generateSchool } from '../../demo/generator';
import { openDatabase } from '../../lib/db/database';
import type { BaoxueDatabase } from '../../lib/db/types';
import type { StoredEvent } from '../../lib/records';
import { basicAuth, type SyncAccount } from '../../lib/sync/account';
import { grantMember, makeEnvelope } from '../../lib/sync/keys';
import { databaseName, SYNCED } from '../../lib/sync/school';
import { type KeyringData, newKeyringData } from '../../lib/sync/sealed';
import { setupSchool } from '../../server/setup';
import { makeStudent } from '../fixtures/records';
import { ADMIN, type RunningServer, runSyncServer, STAFF } from './sync-server';

export function oldSchool() {
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
    makeStudent({
      id: s.grbsm,
      xjh: s.grbsm,
      name: s.xm,
      idNumber: s.sfzjh,
      grade: s.njmc,
      className: s.bjmc,
    });

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

  return {
    get server() {
      return server;
    },
    school,
    mine,
    others,
    account,
    device,
    done,
    student,
    liveDocs,
    teacherRecords,
  };
}
