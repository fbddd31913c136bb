// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { generateSchool } from '../../demo/generator';
import type { Student } from '../records';
import {
  forgetAllFrames,
  forgetTab,
  frameGrids,
  keepAcrossRestarts,
  loadFrameGrids,
  reportOf,
  takeResponse,
} from './frame-grids';
import { readGrids } from './grid';
import { readGrid, readNewestJson } from './read-grid';

const school = generateSchool();
const html = readFileSync(resolve('lib/capture/pages/fixtures/student-list.html'), 'utf8').replace(
  /<link[^>]*>/g,
  '',
);
const source = { host: '127.0.0.1', pageKind: 'student-list', seenAt: 1 };
const url = '/command/ajax/x.QueryCmd/query';
const response = (students = school.students.slice(0, 20)) =>
  JSON.stringify({ total: 360, metaData: { root: 'rows' }, rows: students });

/** The committed 学籍数据维护 fixture's rows, as the content script reads them: cells only. */
function shown() {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const read = readGrids(doc)[0]!;
  return { fields: read.fields, rows: read.rows.map((r) => r.cells) };
}

const input = (o: Partial<Parameters<typeof readGrid>[0]> = {}) => ({
  family: 'students' as const,
  implied: {},
  source,
  ...shown(),
  virtual: false,
  ...o,
});

beforeEach(() => {
  forgetAllFrames();
  keepAcrossRestarts(undefined);
});

describe("a grid's rows read in the worker", () => {
  it('makes each shown row a record in its place, and says a filler row is none', async () => {
    const { fields, rows } = shown();
    const read = await readGrid(input({ rows: [...rows, { name: '' }] }), [], false);
    expect(read.origin).toBe('dom');
    expect(read.drawn).toHaveLength(rows.length + 1);
    expect(read.drawn.at(-1)).toBeNull();
    expect(read.drawn[0]?.xjh).toBe(school.students[0]!.grbsm);
    expect(read.undrawn).toEqual([]);
    expect(fields).toContain('xjh');
  });

  it("merges the frame's own JSON: what only the JSON holds (联系电话, special groups) reaches the record", async () => {
    await takeResponse('frame', 1, { url, text: response() }, []);
    const read = await readGrid(input(), frameGrids('frame').grids, true);
    expect(read.origin).toBe('dom+json');
    expect(read.mismatches).toBe(0);
    const first = read.drawn[0] as Student;
    expect(first.phone).toBe(school.students[0]!.lxdh);
    expect(first.specialGroups).toBeDefined();
    // Used by a list that draws all its rows: the rows as mapped on arrival are dropped, the packed kept.
    expect(frameGrids('frame').grids[0]!.fresh).toBeUndefined();
    expect((await readGrid(input(), frameGrids('frame').grids, true)).origin).toBe('dom+json');
  });

  it("adds a virtual list's undrawn rows from its JSON, once each", async () => {
    await takeResponse('frame', 1, { url, text: response(school.students.slice(0, 60)) }, []);
    const read = await readGrid(input({ virtual: true }), frameGrids('frame').grids, true);
    const drawn = read.drawn.filter(Boolean);
    expect(drawn.length + read.undrawn.length).toBe(60);
    expect(new Set([...drawn.map((r) => r!.id), ...read.undrawn.map((r) => r.id)]).size).toBe(60);
    expect(frameGrids('frame').grids[0]!.fresh).toBeDefined(); // read again at each scroll
  });

  it('saves a page with no grid from its newest response alone', async () => {
    await takeResponse('frame', 1, { url, text: response(school.students.slice(0, 5)) }, []);
    const records = await readNewestJson('students', {}, source, frameGrids('frame').grids);
    expect(records.map((r) => r.xjh)).toEqual(school.students.slice(0, 5).map((s) => s.grbsm));
  });
});

describe('the JSON kept per frame in the worker', () => {
  it('keeps each frame its own responses, the newest five, and takes a response without rows as nothing', async () => {
    for (let i = 0; i < 7; i++)
      await takeResponse('a', 1, { url, text: response(school.students.slice(i, i + 3)) }, []);
    expect(await takeResponse('b', 2, { url, text: '{"ok":true}' }, [])).toEqual({
      taken: false,
      version: 0,
      fields: [],
    });
    expect(frameGrids('a').grids).toHaveLength(5);
    expect(frameGrids('a').version).toBe(7);
    expect(frameGrids('b').grids).toHaveLength(0);
  });

  it("forgets a tab's frames when it closes, and the least recently used frame beyond sixteen", async () => {
    await takeResponse('tab:1:0:x', 1, { url, text: response() }, []);
    await takeResponse('doc:abc', 1, { url, text: response() }, []);
    await forgetTab(1);
    expect(frameGrids('tab:1:0:x').grids).toHaveLength(0);
    expect(frameGrids('doc:abc').grids).toHaveLength(0);
    for (let i = 0; i < 17; i++)
      await takeResponse(`f${i}`, 3, { url, text: response(school.students.slice(0, 2)) }, []);
    expect(frameGrids('f0').grids).toHaveLength(0); // the first, least recently used, went
    expect(frameGrids('f16').grids).toHaveLength(1);
  });

  it("gives the structure report the responses' field names and every value, to be redacted", async () => {
    await takeResponse('frame', 1, { url, text: response(school.students.slice(0, 2)) }, []);
    const report = reportOf(frameGrids('frame'));
    expect(report.fields[0]).toContain('grbsm');
    expect(report.values).toContain(school.students[1]!.xm);
  });

  describe('when the browser stops the worker (about 30 s without a message)', () => {
    // storage.session as the worker sees it: values go through structured cloning.
    const sessionStore = () => {
      const m = new Map<string, unknown>();
      return {
        m,
        get: async (k: string) => structuredClone(m.get(k)),
        set: async (k: string, v: unknown) => void m.set(k, structuredClone(v)),
        remove: async (ks: string[]) => {
          for (const k of ks) m.delete(k);
        },
      };
    };

    it("takes the frame's newest response back from the session store, and the read still merges it", async () => {
      keepAcrossRestarts(sessionStore());
      await takeResponse('frame', 1, { url, text: response(school.students.slice(5, 9)) }, []);
      await takeResponse('frame', 1, { url, text: response() }, []);
      forgetAllFrames(); // the worker was stopped: its memory is gone
      const kept = await loadFrameGrids('frame');
      expect(kept.grids).toHaveLength(1); // the newest only
      const read = await readGrid(input(), kept.grids, true);
      expect(read.origin).toBe('dom+json');
      expect((read.drawn[0] as Student).phone).toBe(school.students[0]!.lxdh);
    });

    it('keeps at most eight frames there, and none of a closed tab', async () => {
      const store = sessionStore();
      keepAcrossRestarts(store);
      for (let i = 0; i < 9; i++)
        await takeResponse(`f${i}`, i, { url, text: response(school.students.slice(0, 2)) }, []);
      await forgetTab(8);
      forgetAllFrames();
      expect((await loadFrameGrids('f0')).grids).toHaveLength(0); // the least recently saved went
      expect((await loadFrameGrids('f1')).grids).toHaveLength(1);
      expect((await loadFrameGrids('f8')).grids).toHaveLength(0); // its tab closed
      expect([...store.m.keys()].filter((k) => k !== 'frameJson')).toHaveLength(7);
    });
  });
});
