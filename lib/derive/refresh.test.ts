import { addRxPlugin } from 'rxdb';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateZSchemaStorage } from 'rxdb/plugins/validate-z-schema';
import { afterEach, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { zh } from '../coded.testing';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import { refreshDerived } from './refresh';

addRxPlugin(RxDBDevModePlugin);
let db: BaoxueDatabase | undefined;
afterEach(async () => {
  await db?.remove();
});

// What the background alarm runs with no page open: from the store alone, an overdue 转出 (filed weeks
// ago, no documents) becomes a 疑似辍学 on the list and a task for the class teacher.
it('brings paperwork tasks and the at-risk list up to date from the store alone', async () => {
  db = await openDatabase({
    name: `refresh${Date.now()}`,
    storage: wrappedValidateZSchemaStorage({ storage: getRxStorageDexie() }),
    multiInstance: false,
  });
  await db.students.insert(makeStudent({ id: 'G1', xjh: 'G1', name: '甲', className: '七年级1班' }));
  await db.cases.insert({
    id: 'case-1',
    xjh: 'G1',
    name: '甲',
    grade: '七年级',
    className: '七年级1班',
    changeType: '转出',
    reason: '随父母务工',
    changeDate: '2026-10-12',
    appliedDate: '2026-10-12',
    reviewStatus: '待审核',
    currentUnit: '本校',
    toSchool: '',
    fromSchool: '',
    flags: [],
    source: { host: 'h', pageKind: 'status-change-apply', seenAt: 1 },
    updatedAt: 1,
  });
  const now = new Date('2026-11-20T09:00:00').getTime();
  expect(await refreshDerived(db, now)).toEqual({ mode: 'full', recomputed: 1 });
  expect(zh((await db.risks.findOne('G1').exec())!.reasons[0]!)).toMatch(
    /^疑似辍学：转出手续逾期未办结（期限 \d{4}-\d{2}-\d{2}），请班主任催促办理$/,
  );
  expect((await db.tasks.find().exec()).map((t) => [t.kind, t.studentId, t.state])).toEqual([
    ['urge-transfer', 'G1', 'open'],
  ]);
  // Nothing changed: the next alarm writes nothing.
  expect(await refreshDerived(db, now + 60_000)).toEqual({ mode: 'unchanged', recomputed: 0 });
});
