/**
 * 重点生 designations on the device (issue 16, item 4): what the school server refuses
 * (lib/sync/designation.ts) is refused by the command up front, in words, with nothing written — so a
 * teacher never records a designation the server would hold back.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CodedError } from '../coded';
import { openDatabase } from '../db/database';
import { writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import { ACCOUNT_SETTING_ID, readAccountSetting, saveAccount } from '../sync/account';
import { DESIGNATION_CLOCK_SLACK_MS, designationRefusal, partnerNow } from '../sync/designation';
import { writeDeviceUser } from './author';
import { endRefusedFor } from './designation';
import { runCommand } from './run';

let db: BaoxueDatabase;
let n = 0;
beforeEach(async () => {
  db = await openDatabase({
    name: `desig${Date.now()}${n++}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
});
afterEach(async () => {
  await db.remove();
});

const signIn = (user: string, role: string) =>
  writeSetting(db, ACCOUNT_SETTING_ID, {
    url: 'https://sync.example.cn/',
    school: 'demo',
    user,
    roles: ['baoxue-demo', role],
    sealedPassword: 'sealed',
  });
const name = (partner: string, now?: number) =>
  runCommand(db, 'key/name', { studentId: 'h-child', reason: '学习困难', partner }, now);
const codeOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  return e instanceof CodedError ? e.text.code : e;
};

describe('naming a 帮扶 partner, signed in to the school server', () => {
  it('a teacher naming a colleague is refused in words, and nothing is written', async () => {
    await signIn('王老师', 'teacher');
    expect(await codeOf(name('李老师'))).toBe('cmd_err_key_partner_self');
    expect(await db.events.count().exec()).toBe(0);
  });

  it('a teacher names themselves (spaces at the ends as the server ignores them)', async () => {
    await signIn('王老师', 'teacher');
    expect(await name(' 王老师 ')).toEqual({ appended: 1 });
    const [e] = (await db.events.find().exec()).map((d) => d.toJSON());
    // The server takes what the device wrote: the two rules agree on it.
    expect(
      designationRefusal(e as never, { name: '王老师', roles: ['teacher'] }, Date.now()),
    ).toBeUndefined();
  });

  it('a registrar or a leader names any colleague', async () => {
    await signIn('李主任', 'registrar');
    expect(await name('李老师')).toEqual({ appended: 1 });
    await signIn('张校长', 'leader');
    expect(await name('王老师')).toEqual({ appended: 1 });
  });

  it('a designation the server would call dated ahead is refused (this device’s clock is the judge here)', async () => {
    await signIn('李主任', 'registrar');
    // The command stamps its own clock: one more than the slack ahead of the rule's clock cannot be written.
    const ahead = Date.now() + DESIGNATION_CLOCK_SLACK_MS + 60_000;
    expect(await codeOf(name('李老师', ahead))).toBe('cmd_err_key_future');
    expect(await db.events.count().exec()).toBe(0);
  });

  it('without a school server, the 本机使用者 names whom they like (no server gives anyone access)', async () => {
    await writeDeviceUser(db, { name: '王老师', role: 'teacher' });
    expect(await name('李老师')).toEqual({ appended: 1 });
  });

  it('a teacher does not replace or end the partner a registrar named, in words; nothing is written', async () => {
    await signIn('李主任', 'registrar');
    expect(await name('孙老师')).toEqual({ appended: 1 });
    await signIn('王老师', 'teacher');
    const taken = await name('王老师').then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(taken).toBeInstanceOf(CodedError);
    expect((taken as CodedError).text.code).toBe('cmd_err_key_partner_taken');
    expect(JSON.stringify((taken as CodedError).text)).toContain('孙老师');
    expect(await codeOf(runCommand(db, 'key/end', { studentId: 'h-child' }))).toBe(
      'cmd_err_key_partner_taken',
    );
    expect(await db.events.count().exec()).toBe(1);
    // The leader changes it; a child with no partner a teacher takes for themselves.
    await signIn('张校长', 'leader');
    expect(await runCommand(db, 'key/end', { studentId: 'h-child' })).toEqual({ appended: 1 });
    await signIn('王老师', 'teacher');
    expect(await name('王老师')).toEqual({ appended: 1 });
    expect(await runCommand(db, 'key/end', { studentId: 'h-child' })).toEqual({ appended: 1 });
  });

  it('a pairing the registrar made stays when its teacher notes the child again: a colleague is refused, as the server does', async () => {
    const t0 = Date.now() - 60_000;
    await signIn('李主任', 'registrar');
    expect(await name('孙老师', t0)).toEqual({ appended: 1 });
    await signIn('孙老师', 'teacher');
    expect(await name('孙老师', t0 + 1000)).toEqual({ appended: 1 });
    await signIn('王老师', 'teacher');
    const taken = await name('王老师', t0 + 2000).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(taken).toBeInstanceOf(CodedError);
    expect((taken as CodedError).text.code).toBe('cmd_err_key_partner_taken');
    expect(JSON.stringify((taken as CodedError).text)).toContain('孙老师');
    expect(await db.events.count().exec()).toBe(2);
  });
});

describe('解除 on the 重点生 list is offered exactly where the command takes it', () => {
  /** Whom the list says this account may not unpair the child from, as the view asks it. */
  const refusedFor = async () => {
    const a = await readAccountSetting(db);
    const designations = (
      await db.events.find({ selector: { studentId: 'h-child', kind: 'riskNote' } }).exec()
    ).map((d) => d.toJSON() as never);
    return endRefusedFor('h-child', a && { user: a.user, roles: a.roles }, designations, Date.now());
  };
  const end = () => runCommand(db, 'key/end', { studentId: 'h-child' });

  it('a teacher: not for a pairing the registrar made with a colleague (named, as the refusal names them)', async () => {
    const t0 = Date.now() - 60_000;
    await signIn('李主任', 'registrar');
    await name('孙老师', t0);
    await signIn('王老师', 'teacher');
    expect(await refusedFor()).toBe('孙老师');
    expect(await codeOf(end())).toBe('cmd_err_key_partner_taken');
    // The partner herself, and the registrar, may end it: nothing refused, and the command takes it.
    await signIn('孙老师', 'teacher');
    expect(await refusedFor()).toBeUndefined();
    await signIn('李主任', 'registrar');
    expect(await refusedFor()).toBeUndefined();
    expect(await end()).toEqual({ appended: 1 });
  });

  it('a teacher: her own naming she ends; without a school server nothing is refused', async () => {
    await signIn('王老师', 'teacher');
    await name('王老师', Date.now() - 1000);
    expect(await refusedFor()).toBeUndefined();
    expect(await end()).toEqual({ appended: 1 });
    expect(endRefusedFor('h-child', undefined, [], Date.now())).toBeUndefined();
  });
});

describe('a partner who is no staff account of the school', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const office = () =>
    saveAccount(db, {
      url: 'https://sync.example.cn/',
      school: 'demo',
      user: '李主任',
      password: 'registrar-pw',
      roles: ['baoxue-demo', 'registrar'],
    });

  it('is refused up front in words when the server names the staff, and nothing is written', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(String(url));
      return new Response(JSON.stringify({ names: ['李主任', '孙老师', '王老师'] }), { status: 200 });
    });
    await office();
    expect(await codeOf(name('钱小满的妈妈王芳'))).toBe('cmd_err_key_partner_staff');
    expect(await db.events.count().exec()).toBe(0);
    expect(asked).toEqual(['https://sync.example.cn/_baoxue/school/demo/names']);
    // A staff name (spaces at the ends as the server ignores them) is written.
    expect(await name(' 孙老师 ')).toEqual({ appended: 1 });
  });

  it('is written when the server cannot say who the staff are (offline): the server judges it', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await office();
    expect(await name('钱小满的妈妈王芳')).toEqual({ appended: 1 });
  });
});

describe('the child’s partner now, as the gateway counts it (server/scope.ts partnersOf)', () => {
  const note = (at: number, author: string, partner?: string) => ({
    kind: 'riskNote',
    studentId: 'A',
    at,
    author,
    data: partner === undefined ? { type: 'key-student-end' } : { type: 'key-student', partner },
  });
  it('the office pairs; a teacher naming herself keeps her own pairing, ends another, and pairs nobody new', () => {
    expect(partnerNow([note(1, '李主任', '孙老师'), note(2, '孙老师', '孙老师')], 'A')).toBe('孙老师');
    // Order by time, whatever order the device lists them in.
    expect(partnerNow([note(2, '孙老师', ' 孙老师 '), note(1, '李主任', '孙老师')], 'A')).toBe('孙老师');
    expect(partnerNow([note(1, '李主任', '孙老师'), note(2, '李主任', '李主任')], 'A')).toBeUndefined();
    expect(partnerNow([note(1, '王老师', '王老师')], 'A')).toBeUndefined();
    expect(partnerNow([note(1, '李主任', '孙老师'), note(2, '李主任')], 'A')).toBeUndefined();
    expect(partnerNow([note(1, '李主任', '孙老师'), note(2, '李主任', '王老师')], 'B')).toBeUndefined();
  });
});
