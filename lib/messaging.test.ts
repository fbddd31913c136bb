import { describe, expect, it, vi } from 'vitest';
import { makeStudent } from '../tests/fixtures/records';
import { CodedError, say } from './coded';
import { english, zh } from './coded.testing';
import { dispatch, type Handlers } from './messaging';

const self = { id: 'ext-id', pagesOrigin: 'chrome-extension://ext-id/' };
const contentScript = { id: 'ext-id', url: 'http://127.0.0.1:8080/jsp/xsxx/xjsjwh.jsp', tab: { id: 1 } };
const extensionPage = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html' };

function handlers() {
  return {
    'capture/save': vi.fn(async () => ({ saved: 1, unchanged: 0, changes: 1 })),
    'capture/json': vi.fn(async () => ({ taken: true, version: 1, fields: ['xjh'] })),
    'capture/read': vi.fn(async () => ({
      rows: [],
      undrawnIds: [],
      origin: 'dom' as const,
      mismatches: 0,
      known: { flags: {}, paperwork: {} },
    })),
    'capture/json-read': vi.fn(async () => ({ count: 0, changes: 0 })),
    'capture/json-report': vi.fn(async () => ({ fields: [], values: [] })),
    'capture/known': vi.fn(async () => ({ flags: {}, paperwork: {} })),
    'capture/record': vi.fn(async () => ({ record: null, changes: [] })),
    'capture/roll': vi.fn(async () => ({ gone: 0 })),
    'paperwork/checklist': vi.fn(async () => ({ case: null, checklist: null, verifier: '', schoolName: '' })),
    'paperwork/print': vi.fn(async () => ({ opened: true })),
    command: vi.fn(async () => ({ appended: 1 })),
    'hosts/sync': vi.fn(async () => ({ registered: [] })),
    'sync/status': vi.fn(async () => ({ state: 'off' as const, pending: 0, at: 0 })),
    'readers/page': vi.fn(async () => ({ definition: null, mappings: [] })),
    'readers/unread': vi.fn(async () => ({ kept: true })),
  } satisfies Handlers;
}

const save = {
  type: 'capture/save',
  payload: {
    pageKind: 'student-list',
    source: { host: '127.0.0.1:8080', pageKind: 'student-list', seenAt: 1 },
    students: [makeStudent()],
    cases: [],
  },
};

describe('message dispatch', () => {
  it('runs a valid content-script capture', async () => {
    const h = handlers();
    expect(await dispatch(h, save, contentScript, self)).toEqual({
      ok: true,
      result: { saved: 1, unchanged: 0, changes: 1 },
    });
    expect(h['capture/save']).toHaveBeenCalledOnce();
  });

  it('refuses messages from another extension', async () => {
    const h = handlers();
    expect(await dispatch(h, save, { ...contentScript, id: 'evil' }, self)).toEqual({
      ok: false,
      error: say('msg_refused_foreign'),
    });
    expect(h['capture/save']).not.toHaveBeenCalled();
  });

  it("words every refusal as a code, read in the reader's language (never English in the Chinese UI)", async () => {
    const h = handlers();
    const refusals = [
      await dispatch(h, save, { ...contentScript, id: 'evil' }, self),
      await dispatch(h, { type: 'nope', payload: {} }, contentScript, self),
      await dispatch(h, { type: 'hosts/sync', payload: {} }, contentScript, self),
      await dispatch(h, { type: 'capture/known', payload: { ids: 'G1' } }, contentScript, self),
    ].map((r) => (r.ok ? '' : r.error));
    expect(refusals.map(zh)).toEqual([
      '已拒绝：消息不是本扩展发出的',
      '已拒绝：未知的消息',
      '已拒绝：此处不允许“hosts/sync”',
      '已拒绝：“capture/known”的内容不合规定',
    ]);
    expect(refusals.map(english)).toEqual([
      'Refused: the message did not come from Baoxue',
      'Refused: unknown message',
      'Refused: “hosts/sync” is not allowed here',
      'Refused: the content of “capture/known” is not valid',
    ]);
    // A handler's coded error reaches the page as its code, not as words in the worker's language.
    h['capture/known'].mockRejectedValueOnce(new CodedError(say('err_no_reply')));
    expect(await dispatch(h, { type: 'capture/known', payload: { ids: [] } }, contentScript, self)).toEqual({
      ok: false,
      error: say('err_no_reply'),
    });
  });

  it('refuses privileged messages from a content script but takes them from an extension page', async () => {
    const h = handlers();
    const msg = { type: 'hosts/sync', payload: {} };
    expect((await dispatch(h, msg, contentScript, self)).ok).toBe(false);
    expect((await dispatch(h, msg, extensionPage, self)).ok).toBe(true);
  });

  it('refuses malformed payloads and unknown types without calling a handler', async () => {
    const h = handlers();
    const bad = { ...save, payload: { ...save.payload, students: [{ ...makeStudent(), onRoll: 'yes' }] } };
    const r = await dispatch(h, bad, contentScript, self);
    expect(r.ok).toBe(false);
    expect((await dispatch(h, { type: 'db/drop', payload: {} }, extensionPage, self)).ok).toBe(false);
    expect((await dispatch(h, 'not an object', extensionPage, self)).ok).toBe(false);
    expect(h['capture/save']).not.toHaveBeenCalled();
  });

  it('lets the overlay tick a document, and refuses any other command from a content script (deny by default)', async () => {
    const h = handlers();
    const tick = { name: 'document/tick', input: { caseId: 'c1', doc: 'transfer-form', state: 'received' } };
    expect(await dispatch(h, { type: 'command', payload: tick }, contentScript, self)).toEqual({
      ok: true,
      result: { appended: 1 },
    });
    for (const name of ['absence/record', 'key/name', 'persuasion/open', 'class-day/report']) {
      const r = await dispatch(h, { type: 'command', payload: { name, input: {} } }, contentScript, self);
      expect(r).toEqual({ ok: false, error: say('msg_refused_here', 'command') });
    }
    expect(h.command).toHaveBeenCalledOnce();
    // The same commands from an extension page reach the worker.
    const page = await dispatch(
      h,
      { type: 'command', payload: { name: 'key/name', input: {} } },
      extensionPage,
      self,
    );
    expect(page.ok).toBe(true);
    // The dashboard sits in a tab: still an extension page by its URL.
    const dashboardTab = { id: 'ext-id', url: 'chrome-extension://ext-id/dashboard.html', tab: { id: 7 } };
    const inTab = await dispatch(
      h,
      { type: 'command', payload: { name: 'key/name', input: {} } },
      dashboardTab,
      self,
    );
    expect(inTab.ok).toBe(true);
    // A command nobody defined is refused before any handler, from anywhere.
    const unknown = await dispatch(
      h,
      { type: 'command', payload: { name: 'db/drop', input: {} } },
      extensionPage,
      self,
    );
    expect(unknown.ok).toBe(false);
    expect(h.command).toHaveBeenCalledTimes(3);
  });

  it('lets a host page teach only its own host (识别此页 reaches every colleague)', async () => {
    const h = handlers();
    const teach = (host: string) => ({
      type: 'command',
      payload: { name: 'page/teach', input: { host, path: '/x', kind: 'student-list', columns: {} } },
    });
    expect((await dispatch(h, teach('127.0.0.1'), contentScript, self)).ok).toBe(true);
    expect(await dispatch(h, teach('xj.jyb.gov.cn'), contentScript, self)).toEqual({
      ok: false,
      error: say('msg_refused_here', 'command'),
    });
    expect(h.command).toHaveBeenCalledOnce();
  });

  it("binds a capture and a roll to the sender's own host: another host's roll, or an empty one, marks nobody off", async () => {
    const h = handlers();
    const roll = (host: string, ids: string[]) => ({
      type: 'capture/roll',
      payload: { host, ids, seenAt: 1 },
    });
    // The real 学籍 host named from another page: refused before the worker marks its students gone.
    expect(await dispatch(h, roll('xj.jyb.gov.cn', ['G1']), contentScript, self)).toEqual({
      ok: false,
      error: say('msg_refused_here', 'capture/roll'),
    });
    // The host without its port is another host than the page's.
    expect((await dispatch(h, roll('127.0.0.1', ['G1']), contentScript, self)).ok).toBe(false);
    // An empty roll would mark every student of the host off: refused even from its own page.
    expect((await dispatch(h, roll('127.0.0.1:8080', []), contentScript, self)).ok).toBe(false);
    expect(h['capture/roll']).not.toHaveBeenCalled();
    expect((await dispatch(h, roll('127.0.0.1:8080', ['G1']), contentScript, self)).ok).toBe(true);
    expect(h['capture/roll']).toHaveBeenCalledOnce();
    // A capture whose source names another host is refused too.
    const foreign = {
      ...save,
      payload: { ...save.payload, source: { ...save.payload.source, host: 'xj.jyb.gov.cn' } },
    };
    expect(await dispatch(h, foreign, contentScript, self)).toEqual({
      ok: false,
      error: say('msg_refused_here', 'capture/save'),
    });
    expect(h['capture/save']).not.toHaveBeenCalled();
  });

  it("binds a grid's read, and a save of its JSON alone, to the sender's own host", async () => {
    const h = handlers();
    const source = (host: string) => ({ host, pageKind: 'student-list', seenAt: 1 });
    const read = (host: string) => ({
      type: 'capture/read',
      payload: {
        pageKind: 'student-list',
        family: 'students',
        implied: {},
        source: source(host),
        fields: ['xjh', 'name'],
        rows: [{ xjh: 'G1', name: '张三' }],
        virtual: false,
        withJson: true,
        save: true,
      },
    });
    const jsonRead = (host: string) => ({
      type: 'capture/json-read',
      payload: { pageKind: 'student-list', family: 'students', implied: {}, source: source(host) },
    });
    expect(await dispatch(h, read('xj.jyb.gov.cn'), contentScript, self)).toEqual({
      ok: false,
      error: say('msg_refused_here', 'capture/read'),
    });
    expect((await dispatch(h, jsonRead('xj.jyb.gov.cn'), contentScript, self)).ok).toBe(false);
    expect(h['capture/read']).not.toHaveBeenCalled();
    expect(h['capture/json-read']).not.toHaveBeenCalled();
    expect((await dispatch(h, read('127.0.0.1:8080'), contentScript, self)).ok).toBe(true);
    expect((await dispatch(h, jsonRead('127.0.0.1:8080'), contentScript, self)).ok).toBe(true);
    // More rows than a message may carry, or a cell longer than any host shows: refused, nothing read.
    const big = read('127.0.0.1:8080');
    const tooMany = { ...big, payload: { ...big.payload, rows: Array(5001).fill({ xjh: 'G1' }) } };
    const tooLong = { ...big, payload: { ...big.payload, rows: [{ xjh: 'G'.repeat(2001) }] } };
    expect((await dispatch(h, tooMany, contentScript, self)).ok).toBe(false);
    expect((await dispatch(h, tooLong, contentScript, self)).ok).toBe(false);
    expect(h['capture/read']).toHaveBeenCalledOnce();
  });
});
