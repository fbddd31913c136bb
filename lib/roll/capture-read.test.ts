// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSchool } from '../../demo/generator';
import { forgetAllFrames, frameGrids, takeResponse } from '../capture/frame-grids';
import { readGrids } from '../capture/grid';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import { CodedError, say } from '../say';
import { readAndSave } from './capture-read';

const school = generateSchool();
const html = readFileSync(resolve('lib/capture/pages/fixtures/student-list.html'), 'utf8').replace(
  /<link[^>]*>/g,
  '',
);
const doc = new DOMParser().parseFromString(html, 'text/html');
const grid = readGrids(doc)[0]!;
const input = (save: boolean, rows = grid.rows.map((r) => r.cells)) => ({
  family: 'students' as const,
  implied: {},
  source: { host: '127.0.0.1', pageKind: 'student-list', seenAt: 1 },
  fields: grid.fields,
  rows,
  virtual: false,
  withJson: true,
  save,
});
const captureOn = <T>(work: () => Promise<T>) => work();

let db: BaoxueDatabase;
beforeEach(async () => {
  forgetAllFrames();
  db = await openDatabase({
    name: `read${Math.random().toString(36).slice(2)}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
});
afterEach(() => db.remove());

describe("the worker's read of a grid", () => {
  it('answers each row for its badge without writing, then saves when asked: once, not again', async () => {
    const first = await readAndSave(db, input(false), frameGrids('f'), captureOn);
    expect(first.rows[0]).toMatchObject({ id: school.students[0]!.grbsm, xjh: school.students[0]!.grbsm });
    expect(first.saved).toBeUndefined();
    expect(await db.students.count().exec()).toBe(0);
    const saved = await readAndSave(db, input(true), frameGrids('f'), captureOn);
    expect(saved.saved?.saved).toBe(grid.rows.length);
    expect(await db.students.count().exec()).toBe(grid.rows.length);
    expect(saved.known.flags[school.students[0]!.grbsm]).toBeDefined();
    const again = await readAndSave(db, input(true), frameGrids('f'), captureOn);
    expect(again.saved).toMatchObject({ saved: 0, changes: 0 }); // a second visit adds nothing
  });

  it("stores what only the frame's JSON holds", async () => {
    const text = JSON.stringify({ metaData: { root: 'rows' }, rows: school.students.slice(0, 20) });
    await takeResponse('f', 1, { url: '/command/ajax/x.QueryCmd/query', text }, []);
    const r = await readAndSave(db, input(true), frameGrids('f'), captureOn);
    expect(r.origin).toBe('dom+json');
    const stored = await db.students.findOne(school.students[0]!.grbsm).exec();
    expect(stored?.phone).toBe(school.students[0]!.lxdh);
  });

  it('refuses a read whose record does not fit the schema, and writes none of the rows', async () => {
    const rows = grid.rows.map((r) => r.cells);
    const bad = [...rows, { ...rows[0]!, xjh: 'G2'.padEnd(300, '1'), name: '超长' }];
    await expect(readAndSave(db, input(true, bad), frameGrids('f'), captureOn)).rejects.toMatchObject({
      text: say('msg_refused_invalid', 'capture/read'),
    });
    expect(await db.students.count().exec()).toBe(0);
  });

  it("writes nothing where the admin switched reading off for the host (the worker's own check)", async () => {
    const off = () => Promise.reject(new CodedError(say('msg_capture_off', '127.0.0.1')));
    await expect(readAndSave(db, input(true), frameGrids('f'), off)).rejects.toThrow(CodedError);
    expect(await db.students.count().exec()).toBe(0);
  });
});
