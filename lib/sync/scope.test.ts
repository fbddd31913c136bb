/**
 * Lost permissions on the device (lib/sync/scope.ts): what left a teacher's scope is removed from the store
 * (tombstones too) with what was derived from it, and nothing else.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inScope, NO_CHILD_EVENTS } from '../../server/scope';
import { makeStudent } from '../../tests/fixtures/records';
import { writeDeviceUser } from '../commands/author';
import { runCommand } from '../commands/run';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import { refreshRiskIndex } from '../derive/riskIndex';
import {
  DEVICE_NO_CHILD_EVENTS,
  type DeviceScope,
  outOfScope,
  purgeOutOfScope,
  replicationSuffix,
  scopeKey,
} from './scope';

let db: BaoxueDatabase;
let n = 0;
beforeEach(async () => {
  db = await openDatabase({
    name: `scope${Date.now()}${n++}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
});
afterEach(async () => {
  await db.remove();
});

const C1 = '七年级1班';
const C2 = '七年级2班';
const hash = async (id: string) => `h-${id}`;
const teacherOf = (classes: string[], children: string[] = []): DeviceScope => ({
  school: 'demo',
  all: false,
  classes,
  children,
});

describe('which records left a scope', () => {
  const local = {
    students: [
      { id: 'A', className: C1 },
      { id: 'B', className: C2 },
      { id: 'K', className: C2 },
    ],
    cases: [
      { id: 'case-a', className: C1 },
      { id: 'case-b', className: C2 },
    ],
    events: [
      { id: 'e-a', studentId: 'A' },
      { id: 'e-b', studentId: 'B' },
      { id: 'e-k', studentId: 'K' },
      { id: 'e-gone', studentId: 'X' },
      { id: 'e-own', studentId: '' },
      { id: 'tick-a', studentId: '', kind: 'documentReceived', caseId: 'case-a' },
      { id: 'tick-b', studentId: '', kind: 'documentReceived', caseId: 'case-b' },
    ],
    changes: [{ id: 'ch-1' }],
  };

  it('keeps the classes and the 帮扶 children (by local id or its server hash); drops the rest', async () => {
    expect(await outOfScope(local, teacherOf([C1], ['h-K']), hash)).toEqual({
      students: ['B'],
      // case-b may be K's (a case names its child to the server only): the server's answer decides
      // (purgeOutOfScope's onServer), not this device.
      cases: [],
      events: ['e-b'], // e-gone's child is not on this device: the device's own, kept
      changes: ['ch-1'],
    });
  });

  it('with no 帮扶 child drops a case of another class, and its 材料 ticks with it', async () => {
    expect(await outOfScope(local, teacherOf([C1]), hash)).toEqual({
      students: ['B', 'K'],
      cases: ['case-b'],
      events: ['e-b', 'e-k', 'tick-b'],
      changes: ['ch-1'],
    });
  });

  it('with no classes keeps nothing of the school’s children; the whole school keeps everything', async () => {
    expect((await outOfScope(local, teacherOf([]), hash)).students).toEqual(['A', 'B', 'K']);
    expect(await outOfScope(local, { school: 'demo', all: true }, hash)).toEqual({
      students: [],
      cases: [],
      events: [],
      changes: [],
    });
  });

  it('names a changed scope differently (a grown scope pulls afresh), the whole school by nothing', () => {
    expect(scopeKey({ school: 'demo', all: true })).toBe('');
    expect(scopeKey(undefined)).toBe('');
    expect(scopeKey(teacherOf([C1]))).not.toBe(scopeKey(teacherOf([C2])));
    expect(scopeKey(teacherOf([C1, C2]))).toBe(scopeKey(teacherOf([C2, C1])));
    expect(scopeKey(teacherOf([C1]))).not.toBe(scopeKey(teacherOf([C1], ['h-K'])));
  });
});

describe('the replication’s identity', () => {
  it('stays for the whole school, and is new at every change of scope, also back to an earlier one', async () => {
    const suffix = async (scope: DeviceScope | undefined) => (await replicationSuffix(db, scope)).suffix;
    expect(await replicationSuffix(db, { school: 'demo', all: true })).toEqual({ suffix: '' });
    const first = await replicationSuffix(db, teacherOf([C1]));
    expect(first.suffix).not.toBe('');
    expect(first.previous).toBe(''); // the whole school's replication is to be forgotten
    expect(await replicationSuffix(db, teacherOf([C1]))).toEqual({ suffix: first.suffix });
    expect(await suffix(undefined)).toBe(first.suffix); // the server did not say: as it was
    const second = await replicationSuffix(db, teacherOf([C2]));
    expect(second.previous).toBe(first.suffix);
    expect(second.suffix).not.toBe(first.suffix);
    const back = await suffix(teacherOf([C1]));
    expect([first.suffix, second.suffix]).not.toContain(back);
    // Made registrar after being a teacher: a fresh pull of the whole school too.
    expect([first.suffix, second.suffix, back, '']).not.toContain(
      await suffix({ school: 'demo', all: true }),
    );
  });
});

describe('purging a device', () => {
  it('removes the records of a class no longer taught, their tombstones, tasks and 风险名单 rows', async () => {
    await db.students.bulkInsert([
      makeStudent({ id: 'A', xjh: 'A', name: '甲', className: C1 }),
      makeStudent({ id: 'B', xjh: 'B', name: '乙', className: C2 }),
    ]);
    await writeDeviceUser(db, { name: '王老师', role: 'teacher' });
    for (const [sid, date] of [
      ['A', '2026-11-18'],
      ['A', '2026-11-19'],
      ['A', '2026-11-20'],
      ['B', '2026-11-18'],
      ['B', '2026-11-19'],
      ['B', '2026-11-20'],
    ] as const)
      await runCommand(db, 'absence/record', {
        marks: [{ studentId: sid, date, half: 'day', mark: 'unexcused' }],
      });
    await refreshRiskIndex(db, { paperwork: [], today: '2026-11-20', now: 1_000, opts: {} });
    const aTasks = (await db.tasks.find({ selector: { studentId: 'A' } }).exec()).length;
    expect(aTasks).toBeGreaterThan(0);
    expect((await db.risks.findByIds(['A', 'B']).exec()).size).toBe(2);

    const gone = await purgeOutOfScope(db, teacherOf([C2]), hash);
    expect(gone.students).toEqual(['A']);
    expect(gone.events).toHaveLength(3);
    expect((await db.students.find().exec()).map((s) => s.id)).toEqual(['B']);
    expect((await db.events.find().exec()).every((e) => e.studentId === 'B')).toBe(true);
    expect(await db.tasks.find({ selector: { studentId: 'A' } }).exec()).toEqual([]);
    expect((await db.tasks.find({ selector: { studentId: 'B' } }).exec()).length).toBeGreaterThan(0);
    expect([...(await db.risks.findByIds(['A', 'B']).exec()).keys()]).toEqual(['B']);
    // Nothing readable stays in the store: not even a deleted copy with the child's name.
    const kept = await db.students.storageInstance.findDocumentsById(['A'], true);
    expect(kept).toEqual([]);
    const keptRisk = await db.risks.storageInstance.findDocumentsById(['A'], true);
    expect(keptRisk).toEqual([]);
    // A later derive pass makes nothing new about A.
    await refreshRiskIndex(db, { paperwork: [], today: '2026-11-21', now: 2_000, opts: {} });
    expect((await db.risks.findByIds(['A']).exec()).size).toBe(0);
  });
});

describe('what the server no longer gives a teacher, beyond their children (issue 16, item 1)', () => {
  const ev = (id: string, o: Record<string, unknown>) => ({
    id,
    author: '王老师',
    at: 1,
    recordedAt: 1,
    studentId: '',
    ...o,
  });
  const dayReport = (id: string, className: string) =>
    ev(id, { kind: 'riskNote', data: { type: 'class-day-report', className, date: '2026-11-20' } });
  const access = (id: string, author: string, studentId = '') =>
    ev(id, {
      kind: 'access',
      author,
      studentId,
      data: { what: studentId ? 'studentFile' : 'ledger', name: '' },
    });

  it('mirrors the gateway’s list of events naming no child (server/scope.ts NO_CHILD_EVENTS)', () => {
    expect(DEVICE_NO_CHILD_EVENTS).toEqual(NO_CHILD_EVENTS);
  });

  it('drops a former class’s day reports and colleagues’ access events; keeps its own and its class’s', async () => {
    const local = {
      students: [{ id: 'A', className: C1 }],
      cases: [],
      events: [
        dayReport('day-1', C1),
        dayReport('day-2', C2),
        access('acc-mine', '王老师'),
        access('acc-mine-a', '王老师', 'A'),
        access('acc-other', '李主任'),
        access('acc-other-a', '李主任', 'A'),
        ev('visit-a', { kind: 'homeVisit', studentId: 'A', data: {} }),
      ],
      changes: [],
    };
    const gone = await outOfScope(local, teacherOf([C1]), hash, '王老师');
    expect(gone.events.sort()).toEqual(['acc-other', 'acc-other-a', 'day-2']);
    // The whole school keeps everything, whoever wrote it.
    expect((await outOfScope(local, { school: 'demo', all: true }, hash, '王老师')).events).toEqual([]);
  });

  it('drops a former class’s day report that also names a child of a class kept (as the gateway judges it)', async () => {
    const named = (id: string, className: string, studentId: string) => ({
      ...dayReport(id, className),
      studentId,
    });
    const local = {
      students: [
        { id: 'A', className: C1 },
        { id: 'K', className: C2 },
      ],
      cases: [],
      events: [named('day-c2-a', C2, 'A'), named('day-c2-k', C2, 'K'), named('day-c1-k', C1, 'K')],
      changes: [],
    };
    // 'K' is a 帮扶 child of another class: the child stays, the other class's report does not.
    const gone = await outOfScope(local, teacherOf([C1], ['K']), hash, '王老师');
    expect(gone.students).toEqual([]);
    expect(gone.events.sort()).toEqual(['day-c2-a', 'day-c2-k']);
    // The gateway answers the same of each (server/scope.ts inScope).
    const index = {
      classes: new Map([
        ['A', C1],
        ['K', C2],
      ]),
      partners: new Map([['K', '王老师']]),
    };
    const scope = { all: false as const, classes: new Set([C1]), name: '王老师', self: '王老师' };
    for (const e of local.events)
      expect(inScope(scope, 'events', e, index)).toBe(!gone.events.includes(e.id));
  });

  it('removes them from the store at the purge, tombstones too; keeps what this device has not sent', async () => {
    await db.students.bulkInsert([makeStudent({ id: 'A', xjh: '', name: '甲', className: C1 })]);
    await db.events.bulkInsert([
      dayReport('day-1', C1),
      dayReport('day-2', C2),
      dayReport('day-2-unsent', C2),
      access('acc-mine', '王老师'),
      access('acc-other', '李主任'),
      access('acc-other-a', '李主任', 'A'),
    ] as never[]);
    const gone = await purgeOutOfScope(
      db,
      teacherOf([C1]),
      hash,
      new Set(['events/day-2-unsent']),
      undefined,
      '王老师',
    );
    expect(gone.events.sort()).toEqual(['acc-other', 'acc-other-a', 'day-2']);
    expect((await db.events.find().exec()).map((e) => e.id).sort()).toEqual([
      'acc-mine',
      'day-1',
      'day-2-unsent',
    ]);
    expect(await db.events.storageInstance.findDocumentsById(['day-2', 'acc-other'], true)).toEqual([]);
  });

  it('names an unsent record about a child who left (name and class), for the held-back list', async () => {
    await db.students.bulkInsert([
      makeStudent({ id: 'A', xjh: '', name: '甲', className: C1 }),
      makeStudent({ id: 'B', xjh: '', name: '乙', className: C2 }),
    ]);
    await db.events.bulkInsert([
      ev('visit-a', { kind: 'homeVisit', studentId: 'A', data: { method: 'phone', visitorRole: 'teacher' } }),
      ev('visit-a-sent', {
        kind: 'homeVisit',
        studentId: 'A',
        data: { method: 'phone', visitorRole: 'teacher' },
      }),
    ] as never[]);
    const gone = await purgeOutOfScope(db, teacherOf([C2]), hash, new Set(['events/visit-a']));
    expect(gone.students).toEqual(['A']);
    expect(gone.events).toEqual(['visit-a-sent']);
    expect(gone.stranded).toEqual([{ id: 'visit-a', name: '甲', className: C1 }]);
    expect(await db.events.findOne('visit-a').exec()).not.toBeNull();
  });
});
