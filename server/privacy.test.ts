/**
 * What the school's server holds after the demo school has synced end to end: its raw storage (every file
 * under the data folder: the engine's LevelDB files, the audit log) and every database read as the server
 * admin (accounts, keys, the audit export) hold no child's name, ID number, 学籍号, phone or address in
 * plain text. And a member removed from the school: no sign-in, and what is written afterwards does not
 * open with the keys they had.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { type DemoStudent, generateSchool } from '../demo/generator';
import type { StatusChangeCase, StoredEvent } from '../lib/records';
import { basicAuth } from '../lib/sync/account';
import { removeMember, schoolKeyring } from '../lib/sync/keys';
import { syncOnce } from '../lib/sync/replicate';
import { databaseName } from '../lib/sync/school';
import { hashId, keyIdOf, openRecord } from '../lib/sync/sealed';
import { makeStudent } from '../tests/fixtures/records';
import { STAFF } from '../tests/support/sync-server';
import { adminAuth, syncTestbed } from '../tests/support/sync-testbed';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

// The demo school: its staff, the registrar's keyring handed to every member.
const bed = syncTestbed({ keys: 'members' });
/** RxDB allows 13 open collections per process: a device is closed once its part is done (`done`). */
const { account, device, done } = bed;
const school = generateSchool();
const admin = { authorization: adminAuth };

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
    specialGroups: s.sflsetm !== '0' ? ['留守儿童'] : [],
  });

/** Every child's personal values the server must never hold in clear. */
const secrets = school.students.flatMap((s) => [s.xm, s.sfzjh, s.grbsm, s.lxdh, s.xzz]).filter(Boolean);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The secrets found in a text, each once. */
const found = (text: string, among: string[]) => [...new Set(among.filter((v) => text.includes(v)))];

describe('what the school server holds', () => {
  it('after the demo school synced end to end: no name, ID number, 学籍号, phone or address in clear', async () => {
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
    await registrar.changes.bulkInsert(
      school.students.slice(0, 20).map((s, i) => ({
        id: `change-${i}`,
        kind: 'student-new' as const,
        recordId: s.grbsm,
        summary: `${s.xm} ${s.bjmc}`,
        at: 1,
        source: { host: '127.0.0.1', pageKind: 'student-list', seenAt: 1 },
      })),
    );
    await syncOnce(registrar, account('李主任'));
    // A teacher's device takes the school, records visits whose notes name the family, and sends them.
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    // A teacher takes their classes (tests/support/sync-server.ts gives 王老师 theirs: server/scope.ts).
    const classes = STAFF.find((s) => s.name === '王老师')!.classes!;
    const mine = school.students.filter((s) => classes.includes(s.bjmc));
    expect(mine.length).toBeGreaterThan(0);
    expect(await teacher.students.count().exec()).toBe(mine.length);
    // The teacher's device names each child by the server's hash, the id it holds the child by.
    const office = await schoolKeyring(account('李主任'));
    const held = await Promise.all(mine.map((s) => hashId(office, s.grbsm)));
    await teacher.events.bulkInsert(
      mine.map(
        (s, i): StoredEvent => ({
          id: `homeVisit:${i}:x`,
          kind: 'homeVisit',
          studentId: held[i]!,
          author: '王老师',
          at: 1,
          recordedAt: 1,
          data: {
            method: 'phone',
            visitorRole: 'teacher',
            situation: `${s.xm} 家长电话 ${s.lxdh}，住 ${s.xzz}`,
          },
        }),
      ),
    );
    await syncOnce(teacher, account('王老师'));
    await syncOnce(registrar, account('李主任'));
    expect(await registrar.events.count().exec()).toBe(mine.length);
    const visit = (await registrar.events.findOne('homeVisit:0:x').exec())!;
    expect(visit.studentId).toBe(mine[0]!.grbsm);
    expect(visit.data.situation).toContain(mine[0]!.xm);
    await done(teacher);
    await done(registrar);

    // Every database, as the server admin, including the gateway's own (accounts, keys) and the audit log.
    const all = (await (await fetch(`${bed.url}_all_dbs`, { headers: admin })).json()) as string[];
    expect(all).toEqual(expect.arrayContaining(['baoxue_gateway', databaseName('demo', 'students')]));
    let served = '';
    for (const db of all) {
      const r = await fetch(
        `${bed.url}${encodeURIComponent(db)}/_all_docs?include_docs=true&conflicts=true`,
        {
          headers: admin,
        },
      );
      expect(r.status).toBe(200);
      served += await r.text();
      const changes = await fetch(
        `${bed.url}${encodeURIComponent(db)}/_changes?include_docs=true&style=all_docs`,
        {
          headers: admin,
        },
      );
      served += await changes.text();
    }
    served += await (await fetch(`${bed.url}_baoxue/audit`, { headers: admin })).text();
    expect(served).toContain('王老师'); // authors stay clear: the check reads what is there
    expect(found(served, secrets)).toEqual([]);

    // The raw files under the data folder (LevelDB tables and logs, the audit log), as the disk or a backup
    // of it has them. A plain value written there is found: one admin document proves the scan sees text.
    const canary = school.students[0]!.xzz;
    await fetch(`${bed.url}baoxue_canary`, { method: 'PUT', headers: admin });
    await fetch(`${bed.url}baoxue_canary/plain`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ address: canary }),
    });
    await bed.server.stop(); // everything flushed to disk
    const files = await filesUnder(bed.server.dir);
    expect(files.some((f) => /\.(log|ldb|sst)$/.test(f))).toBe(true);
    const raw: Record<string, string> = {};
    for (const f of files) raw[f] = (await readFile(f)).toString('utf8');
    const canaryFiles = Object.keys(raw).filter((f) => raw[f]!.includes(canary));
    expect(canaryFiles.length).toBeGreaterThan(0);
    expect(canaryFiles.every((f) => f.includes('baoxue_canary'))).toBe(true);
    const leaks = Object.entries(raw).flatMap(([f, text]) =>
      f.includes('baoxue_canary') ? [] : found(text, secrets).map((v) => `${f}: ${v}`),
    );
    expect(leaks).toEqual([]);
    await bed.start();
  });

  it('a removed member cannot sign in, and what is written afterwards does not open with their old keys; the registrar still finds a child by 学籍号 or ID number', async () => {
    const leaver = account('赵老师');
    const theirKeys = await schoolKeyring(leaver);
    // The server admin deletes the account; the registrar's device removes their keys and rotates.
    const del = await fetch(`${bed.url}_baoxue/accounts/${encodeURIComponent('赵老师')}`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(del.status).toBe(200);
    await removeMember(account('李主任'), '赵老师', fetch, { accountDeleted: true });
    const session = await fetch(`${bed.url}_session`, {
      headers: { authorization: basicAuth({ user: leaver.user, password: leaver.password }) },
    });
    expect(session.status).toBe(401);

    const registrar = await device();
    const newcomer = makeStudent({
      id: 'G44010620150101123X',
      xjh: 'G44010620150101123X',
      idNumber: '44010620150101123X',
      name: '新同学',
      className: '七年级1班', // 王老师's class, whose device reads them below
    });
    await registrar.students.insert(newcomer);
    await syncOnce(registrar, account('李主任'));
    const onServer = (
      (await (
        await fetch(`${bed.url}${databaseName('demo', 'students')}/_all_docs?include_docs=true`, {
          headers: admin,
        })
      ).json()) as { rows: { id: string; doc: Record<string, unknown> }[] }
    ).rows.map((r) => r.doc);
    await done(registrar);
    const current = await schoolKeyring(account('李主任'));
    expect(current.data.current).not.toBe(theirKeys.data.current);
    const sealedNew = [];
    for (const d of onServer)
      if (d.enc && (await openRecord(current, 'students', '_id', d)).id === newcomer.id) sealedNew.push(d);
    expect(sealedNew).toHaveLength(1);
    expect(keyIdOf(sealedNew[0]!)).toBe(current.data.current);
    await expect(openRecord(theirKeys, 'students', '_id', sealedNew[0]!)).rejects.toThrow(/does not have/);
    // Records written before the removal still open for those who stay.
    const before = onServer.find((d) => keyIdOf(d) === theirKeys.data.current)!;
    expect((await openRecord(current, 'students', '_id', before)).name).toBeTruthy();

    // A teacher who stays has the rotated keyring (handed to them by the registrar) and reads the newcomer.
    const teacher = await device();
    await syncOnce(teacher, account('王老师'));
    // (On a teacher's device a child's id is the server's hash, never the 学籍号: lib/sync/personal.ts IDENTITY.)
    expect((await teacher.students.findOne(await hashId(current, newcomer.id)).exec())?.name).toBe('新同学');
    await done(teacher);

    // A fresh registrar device: a child is found by 学籍号 and by ID number, as before encryption.
    const fresh = await device();
    await syncOnce(fresh, account('李主任'));
    const child = school.students[5]!;
    expect((await fresh.students.findOne({ selector: { xjh: child.grbsm } }).exec())?.name).toBe(child.xm);
    expect((await fresh.students.findOne({ selector: { idNumber: child.sfzjh } }).exec())?.name).toBe(
      child.xm,
    );
  });
});
