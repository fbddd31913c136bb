import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import type { StatusChangeCase } from '../records';
import { markRoll, recordWithChanges, saveCapture } from './save';

let db: BaoxueDatabase;
beforeEach(async () => {
  db = await openDatabase({
    name: `save${Math.random().toString(36).slice(2)}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
});
afterEach(() => db.remove());

const source = (seenAt: number) => ({ host: '127.0.0.1', pageKind: 'student-list', seenAt });
const aCase = (over: Partial<StatusChangeCase> = {}): StatusChangeCase => ({
  id: 'G11010519491231002X|转出|2026-11-16',
  xjh: 'G11010519491231002X',
  name: '测试学生',
  grade: '七年级',
  className: '七年级3班',
  changeType: '转出',
  reason: '随父母工作调动',
  changeDate: '2026-11-16',
  appliedDate: '2026-11-16',
  reviewStatus: '待审核',
  currentUnit: '本校',
  toSchool: '东城中学',
  fromSchool: '本校',
  flags: [],
  source: source(1),
  updatedAt: 1,
  ...over,
});

describe('saving a capture', () => {
  it('adds nothing when the same page is read twice', async () => {
    const students = [
      makeStudent(),
      makeStudent({
        id: 'G440524188001010014',
        xjh: 'G440524188001010014',
        idNumber: '440524188001010014',
        sex: '男',
        birthDate: '1880-01-01',
      }),
    ];
    expect(await saveCapture(db, { source: source(1), students, cases: [aCase()] })).toEqual({
      saved: 3,
      unchanged: 0,
      changes: 3,
    });
    expect(await saveCapture(db, { source: source(2), students, cases: [aCase()] })).toEqual({
      saved: 0,
      unchanged: 3,
      changes: 0,
    });
    expect(await db.students.count().exec()).toBe(2);
    expect(await db.changes.count().exec()).toBe(3);
  });

  it('keeps a stored 身份证件类型 when a list without that column reads the same child: no change said', async () => {
    const child = makeStudent({ idType: '1', xjfh: '3701234567' });
    await saveCapture(db, { source: source(1), students: [child], cases: [] });
    // The 2.0 list shows no 身份证件类型 or 学籍辅号: the reader leaves them empty.
    const fromList = { ...child, idType: '', xjfh: '' };
    expect(await saveCapture(db, { source: source(2), students: [fromList], cases: [] })).toMatchObject({
      changes: 0,
    });
    const stored = await db.students.findOne(child.id).exec();
    expect(stored?.idType).toBe('1');
    expect(stored?.xjfh).toBe('3701234567');
    // Another value shown is a change, as before.
    await saveCapture(db, { source: source(3), students: [{ ...child, idType: '2' }], cases: [] });
    expect((await db.students.findOne(child.id).exec())?.idType).toBe('2');
  });

  it('records a class change and a review state that moved on', async () => {
    await saveCapture(db, { source: source(1), students: [makeStudent()], cases: [aCase()] });
    const r = await saveCapture(db, {
      source: source(2),
      students: [makeStudent({ className: '七年级4班', updatedAt: 2 })],
      cases: [aCase({ reviewStatus: '审核通过', updatedAt: 2 })],
    });
    expect(r).toEqual({ saved: 2, unchanged: 0, changes: 2 });
    const changes = await db.changes.find({ selector: { at: 2 } }).exec();
    expect(changes.map((c) => [c.kind, c.summary]).sort()).toEqual([
      ['case-status', '测试学生 · 七年级3班 · G11010519491231002X · 转出：待审核 → 审核通过'],
      ['student-changed', '测试学生 · 七年级4班 · G11010519491231002X：七年级3班 → 七年级4班'],
    ]);
  });

  it('recomputes identifier flags instead of trusting the sender', async () => {
    await saveCapture(db, {
      source: source(1),
      students: [
        makeStudent({ idNumber: '110105194912310021', flags: [] }),
        makeStudent({ id: 'X1', xjh: 'X1', flags: ['id-checksum'] }),
      ],
      cases: [],
    });
    // The G-number is G + a different (correct) ID number: both problems are named.
    expect((await db.students.findOne('G11010519491231002X').exec())?.flags).toEqual([
      'id-checksum',
      'xjh-id-mismatch',
    ]);
    expect((await db.students.findOne('X1').exec())?.flags).toEqual(['xjh-format']);
  });

  it('marks students missing from a complete roll as gone, once', async () => {
    const other = makeStudent({ id: 'G440524188001010014', xjh: 'G440524188001010014', name: '乙' });
    await saveCapture(db, { source: source(1), students: [makeStudent(), other], cases: [] });
    expect(await markRoll(db, '127.0.0.1', ['G11010519491231002X'], 5)).toEqual({ gone: 1 });
    expect(await markRoll(db, '127.0.0.1', ['G11010519491231002X'], 6)).toEqual({ gone: 0 });
    expect(await markRoll(db, 'other.host', [], 7)).toEqual({ gone: 0 }); // another school's roll says nothing
    const { record, changes } = await recordWithChanges(db, other.id, 'students');
    expect(record).toMatchObject({ onRoll: false, name: '乙' });
    expect(changes.map((c) => c.kind)).toEqual(['student-gone', 'student-new']);
  });
});
