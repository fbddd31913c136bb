/**
 * 未上传的记录 kept true (issue 16, item 2): an entry goes when the server takes the record, when the device no
 * longer holds it, or when its user discards this device's copy — through the command path, only for a record
 * the list names, and never as a deletion sent to the server.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodedError } from '../coded';
import { writeDeviceUser } from '../commands/author';
import { runCommand } from '../commands/run';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import { discardedKeys, heldReason, mergeHeld, onDevice } from './held';
import { refusalReason } from './refusals';
import { readStatus, writeStatus } from './status';

let db: BaoxueDatabase;
let n = 0;
beforeEach(async () => {
  db = await openDatabase({
    name: `held${Date.now()}${n++}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
});
afterEach(async () => {
  await db.remove();
});

const visit = (id: string) => ({
  id,
  kind: 'homeVisit' as const,
  studentId: 'h-child',
  author: '王老师',
  at: 1,
  recordedAt: 1,
  data: { method: 'phone', visitorRole: 'teacher' },
});

describe('the held list after a sync pass', () => {
  const a = { collection: 'events', id: 'a' };
  const b = { collection: 'events', id: 'b' };
  const c = { collection: 'events', id: 'c' };
  it('drops what the server took and what the device no longer holds, and says how many went', () => {
    const r = mergeHeld([a, b], [c], {
      accepted: new Set(['events/a']),
      onDevice: new Set(['events/a', 'events/c']),
    });
    expect(r.held).toEqual([c]);
    expect(r.cleared).toBe(2);
  });
  it('lists each record once, keeping the reason and the child a later entry brings', () => {
    const named = { ...a, why: 'left-class' as const, name: '甲', className: '七年级1班' };
    const r = mergeHeld([a], [named, a], { accepted: new Set(), onDevice: new Set(['events/a']) });
    expect(r.held).toEqual([named]);
    expect(r.cleared).toBe(0);
  });
  it('knows which records the device still holds, a deletion not yet purged included', async () => {
    await db.events.bulkInsert([visit('kept'), visit('deleted')]);
    await (await db.events.findOne('deleted').exec())!.remove();
    const held = ['kept', 'deleted', 'never'].map((id) => ({ collection: 'events', id }));
    expect([...(await onDevice(db, held))].sort()).toEqual(['events/deleted', 'events/kept']);
  });
  it('keeps the server’s latest reason for a record held again', () => {
    const first = { ...a, refused: 'old' };
    const r = mergeHeld([first], [{ ...a, refused: CLASS_REFUSAL }], {
      accepted: new Set(),
      onDevice: new Set(['events/a']),
    });
    expect(r.held).toEqual([{ ...a, refused: CLASS_REFUSAL }]);
  });
});

// server/sealedOnly.ts's words for a class name the server cannot read (the tester's 一年级1班（双语）).
const CLASS_REFUSAL =
  '这条记录含有未加密的学生个人信息（班级）。本校数据已加密，服务器不接收明文，请把保学助手更新到最新版本后再同步。' +
  '班级或年级的写法服务器不认得（可用：七年级1班、701班、三班、一年级实验班），请在学籍系统中核对班级名称。' +
  '(personal data in plain text refused: className)';

describe('why a held record waits (未上传的记录), by the server’s refusal code', () => {
  it('explains the school’s roles for a role or scope code, and shows the words without the code', () => {
    const scope = refusalReason('not-in-your-classes');
    expect(heldReason({ refused: scope })).toEqual({
      role: true,
      refused: '这个学生不在你的班级范围内 (this child is not in your classes)',
    });
    expect(heldReason({ refused: refusalReason('partner-taken', '孙老师') }).role).toBe(true);
    expect(heldReason({ refused: refusalReason('office-only') }).role).toBe(true);
  });
  it('gives the server’s words, not the role explanation, for a content code (a class name it cannot read)', () => {
    expect(heldReason({ refused: refusalReason('class-name-unread', CLASS_REFUSAL) })).toEqual({
      role: false,
      refused: CLASS_REFUSAL,
    });
    expect(heldReason({ refused: refusalReason('malformed-event') })).toEqual({
      role: false,
      refused: '文档格式不对 (malformed event)',
    });
  });
  it('decides from the code, not the words: reworded words do not change the explanation', () => {
    // A server that rewords a scope refusal (no English fragment the device knows) still gets the roles' words.
    expect(heldReason({ refused: 'not-in-your-classes: 该生不属于您任教的班级' })).toEqual({
      role: true,
      refused: '该生不属于您任教的班级',
    });
    // And a content refusal whose words happen to mention a role is still about its content.
    expect(heldReason({ refused: 'malformed-event: 格式不对 (staff only fields missing)' }).role).toBe(false);
  });
  it('falls back to the words for a code this device does not know (a newer server)', () => {
    expect(heldReason({ refused: 'some-new-code: 新的原因 (this child is not in your classes)' })).toEqual({
      role: true,
      refused: '新的原因 (this child is not in your classes)',
    });
    expect(heldReason({ refused: 'some-new-code: 新的原因 (content)' })).toEqual({
      role: false,
      refused: '新的原因 (content)',
    });
  });
});

describe('why a held record waits (未上传的记录), from an older server without refusal codes', () => {
  it('gives the server’s words for a record it refused for its content, not the role explanation', () => {
    expect(heldReason({ refused: CLASS_REFUSAL })).toEqual({ role: false, refused: CLASS_REFUSAL });
  });
  it('explains the school’s roles for a record held by this device’s rules or refused for role or scope', () => {
    expect(heldReason({})).toEqual({ role: true });
    expect(heldReason({ refused: 'forbidden' })).toEqual({ role: true });
    const role = '只有学籍管理员或学校领导可以写入学籍数据 (registrar or leader only)';
    expect(heldReason({ refused: role })).toEqual({ role: true, refused: role });
    const mine = '不能修改或删除他人的记录 (not your record)';
    expect(heldReason({ refused: mine })).toEqual({ role: true, refused: mine });
    const scope = '这个学生不在你的班级范围内 (this child is not in your classes)';
    expect(heldReason({ refused: scope })).toEqual({ role: true, refused: scope });
  });
});

describe('放弃本机记录 (discard this device’s copy)', () => {
  beforeEach(async () => {
    await writeDeviceUser(db, { name: '王老师', role: 'teacher' });
    await db.events.bulkInsert([visit('held-1'), visit('other')]);
    await writeStatus(db, {
      state: 'ok',
      pending: 0,
      heldBack: 1,
      held: [{ collection: 'events', id: 'held-1' }],
    });
  });

  it('removes a held-back record from this device (no copy left), takes it off the list and the count', async () => {
    expect(await runCommand(db, 'held/discard', { collection: 'events', id: 'held-1' })).toEqual({
      discarded: 1,
    });
    expect(await db.events.findOne('held-1').exec()).toBeNull();
    expect(await db.events.storageInstance.findDocumentsById(['held-1'], true)).toEqual([]);
    const status = await readStatus(db);
    expect(status.held).toEqual([]);
    expect(status.heldBack).toBe(0);
    // The push is told: this removal is never sent to the server.
    expect(await discardedKeys(db)).toEqual(new Set(['events/held-1']));
    expect(await db.events.findOne('other').exec()).not.toBeNull();
  });

  it('refuses any record the held list does not name, in words, and removes nothing', async () => {
    const refused = await runCommand(db, 'held/discard', { collection: 'events', id: 'other' }).catch(
      (e) => e,
    );
    expect(refused).toBeInstanceOf(CodedError);
    expect((refused as CodedError).text.code).toBe('cmd_err_not_held');
    expect(await db.events.findOne('other').exec()).not.toBeNull();
    expect((await readStatus(db)).held).toEqual([{ collection: 'events', id: 'held-1' }]);
    // A collection that is no shared one is refused by the command's input.
    const odd = await runCommand(db, 'held/discard', { collection: 'settings', id: 'sync-account' }).catch(
      (e) => e,
    );
    expect((odd as CodedError).text.code).toBe('cmd_err_invalid');
  });
});
