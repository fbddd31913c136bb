/**
 * 批量登记 (issue 15): one document received for several cases at once, or every missing document of one
 * case, in ONE command: every item checked first, the author stamped, all events appended or none.
 */
import { afterEach, describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import zh from '../../public/_locales/zh_CN/messages.json';
import { CodedError } from '../coded';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import { dispatch, type Handlers } from '../messaging';
import { latestReceipts } from '../paperwork/checklist';
import { parseEvents } from '../records';
import { writeDeviceUser } from './author';
import { buildEvents, CommandRefused, parseCommand } from './commands';
import { runCommand } from './run';

const stamp = { author: '李主任', now: Date.UTC(2026, 10, 20, 2), nonce: (i: number) => `n${i}` };
const three = ['c1', 'c2', 'c3'].map((caseId) => ({ caseId, doc: 'transfer-form' }));

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof CommandRefused) return e.key;
    throw e;
  }
  throw new Error('not refused');
}

let db: BaoxueDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

async function open() {
  db = await openDatabase({
    name: `bulk${Date.now()}${Math.random().toString(36).slice(2, 6)}`,
    multiInstance: false,
  });
  await writeDeviceUser(db, { name: '李主任', role: 'registrar' });
  return db;
}

describe('documents/tick: one command for many receipts', () => {
  it('one receipt event per item, each received, in the stamped author’s name and with the note', () => {
    const { events } = buildEvents(
      'documents/tick',
      parseCommand('documents/tick', { items: three, note: '教务处代收', by: '假冒' }),
      stamp,
    );
    expect(events.map((e) => [e.kind, e.caseId, e.author, e.data])).toEqual(
      ['c1', 'c2', 'c3'].map((c) => [
        'documentReceived',
        c,
        '李主任',
        { doc: 'transfer-form', state: 'received', note: '教务处代收' },
      ]),
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it('refuses, in a registrar’s words, an empty batch, a nameless case or document, the 去向, the same tick twice', () => {
    expect(refusal(() => parseCommand('documents/tick', { items: [] }))).toBe('cmd_err_no_ticks');
    expect(
      refusal(() => parseCommand('documents/tick', { items: [...three, { caseId: ' ', doc: 'x' }] })),
    ).toBe('cmd_err_case');
    expect(refusal(() => parseCommand('documents/tick', { items: [{ caseId: 'c1', doc: '' }] }))).toBe(
      'cmd_err_doc',
    );
    expect(
      refusal(() => parseCommand('documents/tick', { items: [{ caseId: 'c1', doc: 'destination' }] })),
    ).toBe('cmd_err_tick_destination');
    expect(refusal(() => parseCommand('documents/tick', { items: [...three, three[1]] }))).toBe(
      'cmd_err_tick_twice',
    );
    for (const k of [
      'cmd_err_no_ticks',
      'cmd_err_doc',
      'cmd_err_tick_destination',
      'cmd_err_tick_twice',
      'cmd_err_too_many_ticks',
    ]) {
      expect(Object.keys(zh)).toContain(k);
      expect(Object.keys(en)).toContain(k);
    }
  });

  it('ticks three cases in the store, each showing the receipt by the device’s user', async () => {
    const d = await open();
    expect(await runCommand(d, 'documents/tick', { items: three })).toEqual({ appended: 3 });
    const events = parseEvents((await d.events.find().exec()).map((e) => e.toJSON()));
    for (const c of ['c1', 'c2', 'c3'])
      expect(latestReceipts(events, c).get('transfer-form')).toMatchObject({ by: '李主任' });
  });

  it('a bad item refuses the whole batch: nothing is written for the good ones', async () => {
    const d = await open();
    let code = '';
    try {
      await runCommand(d, 'documents/tick', { items: [...three, { caseId: 'c4', doc: 'destination' }] });
    } catch (e) {
      if (e instanceof CodedError) code = e.text.code;
    }
    expect(code).toBe('cmd_err_tick_destination');
    expect(await d.events.count().exec()).toBe(0);
  });
});

describe('documents/tick: who may send it', () => {
  it('the host page’s overlay may not (deny by default); the dashboard may', async () => {
    const ran: string[] = [];
    const handlers = {
      command: async ({ name }: { name: string }) => {
        ran.push(name);
        return { appended: 3 };
      },
    } as Partial<Handlers> as Handlers;
    const self = { id: 'ext', pagesOrigin: 'chrome-extension://ext/' };
    const hostPage = { id: 'ext', url: 'http://127.0.0.1:8080/jsp/xsxx/xjydsq.jsp', tab: { id: 1 } };
    const dashboard = { id: 'ext', url: 'chrome-extension://ext/dashboard.html', tab: { id: 7 } };
    const message = { type: 'command', payload: { name: 'documents/tick', input: { items: three } } };
    expect((await dispatch(handlers, message, hostPage, self)).ok).toBe(false);
    expect(ran).toEqual([]);
    expect(await dispatch(handlers, message, dashboard, self)).toEqual({ ok: true, result: { appended: 3 } });
  });
});
