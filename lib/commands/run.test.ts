import { afterEach, describe, expect, it } from 'vitest';
import { CodedError } from '../coded';
import { openDatabase } from '../db/database';
import { writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import { dispatch, type Handlers } from '../messaging';
import { parseEvents } from '../records';
import { ACCOUNT_SETTING_ID } from '../sync/account';
import { currentAuthor, writeDeviceUser } from './author';
import { runCommand } from './run';

let db: BaoxueDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

async function open() {
  db = await openDatabase({
    name: `cmd${Date.now()}${Math.random().toString(36).slice(2, 6)}`,
    multiInstance: false,
  });
  return db;
}

const signIn = (d: BaoxueDatabase, user: string) =>
  writeSetting(d, ACCOUNT_SETTING_ID, {
    url: 'https://sync.example.cn/',
    school: 'demo',
    user,
    roles: ['teacher', 'baoxue-demo'],
    sealedPassword: 'sealed',
  });

const events = async (d: BaoxueDatabase) =>
  parseEvents((await d.events.find().exec()).map((e) => e.toJSON()));

const marks = (ids: string[]) => ({
  marks: ids.map((studentId) => ({ studentId, date: '2026-11-20', half: 'day', mark: 'unexcused' })),
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CodedError) return e.text.code;
    throw e;
  }
  throw new Error('not refused');
}

describe('running a command', () => {
  it('stamps the signed-in user as the author of every event it appends', async () => {
    const d = await open();
    await writeDeviceUser(d, { name: '本机的人', role: 'registrar' });
    await signIn(d, 'wanglaoshi');
    expect(await runCommand(d, 'absence/record', marks(['A', 'B']))).toEqual({ appended: 2 });
    expect((await events(d)).map((e) => [e.studentId, e.author])).toEqual([
      ['A', 'wanglaoshi'],
      ['B', 'wanglaoshi'],
    ]);
  });

  it('with no server, stamps the device’s one configured user (本机使用者)', async () => {
    const d = await open();
    await writeDeviceUser(d, { name: ' 李老师 ', role: 'teacher' });
    expect(await currentAuthor(d)).toEqual({ name: '李老师', role: 'teacher', from: 'device' });
    const { caseId } = await runCommand(d, 'persuasion/open', { studentId: 'A' });
    const [e] = await events(d);
    expect(e).toMatchObject({ author: '李老师', caseId, kind: 'persuasionAttempt' });
  });

  it('refuses to record with nobody set, and writes nothing', async () => {
    const d = await open();
    expect(await codeOf(runCommand(d, 'key/check', { studentId: 'A' }))).toBe('cmd_err_no_user');
    expect(await d.events.count().exec()).toBe(0);
  });

  it('refuses bad input with its reason and writes none of a batch (all or nothing)', async () => {
    const d = await open();
    await signIn(d, 'wanglaoshi');
    const bad = marks(['A', 'B']);
    bad.marks[1]!.date = '2026-13-45x';
    expect(await codeOf(runCommand(d, 'absence/record', bad))).toBe('cmd_err_date');
    expect(await d.events.count().exec()).toBe(0);
  });

  it('through the message map: a name typed into the message cannot become the author', async () => {
    const d = await open();
    await signIn(d, 'wanglaoshi');
    const handlers = {
      command: ({ name, input }) => runCommand(d, name, input),
    } as Partial<Handlers> as Handlers;
    const self = { id: 'ext', pagesOrigin: 'chrome-extension://ext/' };
    const page = { id: 'ext', url: 'chrome-extension://ext/dashboard.html' };
    const message = {
      type: 'command',
      payload: {
        name: 'document/tick',
        author: '假冒的校长',
        input: {
          caseId: 'c1',
          doc: 'transfer-form',
          state: 'received',
          by: '假冒的校长',
          author: '假冒的校长',
        },
      },
    };
    expect(await dispatch(handlers, message, page, self)).toEqual({ ok: true, result: { appended: 1 } });
    const [e] = await events(d);
    expect(e).toMatchObject({ author: 'wanglaoshi', kind: 'documentReceived', caseId: 'c1' });
    expect(JSON.stringify(e)).not.toContain('假冒');
  });
});
