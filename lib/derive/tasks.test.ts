/**
 * A 待办 stored by a version that wrote its title as Chinese words takes today's coded title at the next
 * pass, so an English UI reads it in English (the reconciler used to rewrite only a changed state or due).
 */
import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import type { Task } from '../records';
import type { StudentRisk } from '../risk/engine';
import { say } from '../say';
import { syncLadderTasks } from './tasks';

let db: BaoxueDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

it('rewrites a ladder task stored with a title in words as its coded title', async () => {
  db = await openDatabase({
    name: `tasks${Math.random().toString(36).slice(2)}`,
    storage: getRxStorageDexie(),
  });
  const task: Task = {
    id: 'ladder:G1:visit',
    kind: 'ladder-visit',
    title: say('task_mobilise', '甲', '七年级1班'),
    studentId: 'G1',
    ownerRole: 'teacher',
    due: '2026-11-20',
    state: 'open',
    createdAt: 1,
    updatedAt: 1,
  };
  await db.tasks.insert({ ...task, title: '家访：甲' });
  await syncLadderTasks(db, [{ tasks: [task] } as unknown as StudentRisk], 2);
  const stored = (await db.tasks.findOne(task.id).exec())?.toJSON() as Task;
  expect(stored.title).toEqual(task.title);
  expect(stored.createdAt).toBe(1);
});
