// @vitest-environment happy-dom
/**
 * The 2.0-style demo skin's tables as the real libraries draw them (fixtures v2-*.html, snapshot by
 * scripts/snapshot-fixtures.ts from the built skin), each beside the JSON its page fetched (v2-*.json):
 * Element Plus el-table (header and body in separate tables, sticky fixed columns), vxe-table (fixed
 * columns as cloned tables: each row three times), el-table-v2 (virtual: 15 of 360 rows drawn, fixed
 * columns as separate grids).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatusChangeCase, Student } from '../records';
import { findGrids, readAll } from './grid';
import type { JsonGrid } from './json';
import { appendLoushangRows } from './json';
import { learnFieldMap, learnFromPage, responseRows, undrawnRecords } from './learn';
import { elTableShape } from './library-grids';
import { jsonRecords, matchingJson, mergeSources } from './merge';
import { classify, toReadRows } from './recognise';

const DIR = 'lib/capture/pages/fixtures';
const source = { host: '127.0.0.1', pageKind: 'x', seenAt: 1 };

function load(name: string) {
  const html = readFileSync(resolve(DIR, `${name}.html`), 'utf8').replace(/<link[^>]*>/g, '');
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const obs = JSON.parse(readFileSync(resolve(DIR, `${name}.json`), 'utf8')) as { url: string; text: string };
  const json = responseRows(obs) as Record<string, string>[];
  const title = `${doc.title} ${doc.querySelector('.page-title')?.textContent ?? ''}`;
  const [shape, ...others] = findGrids(doc);
  if (!shape) throw new Error(`no grid in ${name}`);
  const c = classify(shape, { title, host: '127.0.0.1', now: 1 });
  if (c.status !== 'ok') throw new Error(`${name}: ${JSON.stringify(c)}`);
  const read = readAll(shape);
  const rows = toReadRows(c.reader, read.rows, source, c.implied);
  return { doc, obs, json, shape, others, c, rows };
}

describe('Element Plus el-table (学生名单): header and body are separate tables', () => {
  const { json, shape, others, c, rows } = load('v2-student-list');

  it('is one grid of 20 students, read by header text', () => {
    expect(others).toHaveLength(0); // the header table and the body table are not read on their own
    expect(c.kind).toBe('student-list');
    expect(shape.fields).toEqual(
      expect.arrayContaining(['xjh', 'name', 'sex', 'birthDate', 'idNumber', 'grade', 'className', 'xjfh']),
    );
    expect(shape.unknownHeaders).toEqual(['序号', '操作']);
    expect(rows).toHaveLength(20);
  });

  it('each row holds what the page fetched for that student, fixed columns included', () => {
    const records = rows.map((r) => r.record as Student);
    expect(records.map((s) => s.xjh)).toEqual(json.map((j) => j.stuNo));
    expect(records.map((s) => s.name)).toEqual(json.map((j) => j.stuName));
    expect(records.map((s) => s.idNumber)).toEqual(json.map((j) => j.certNo));
    expect(records[0]!.birthDate).toBe(json[0]!.birthday);
  });

  it('the badge goes in the 全国学籍号 cell', () => {
    expect(rows[0]!.row.keyCell?.textContent).toContain(json[0]!.stuNo);
  });
});

describe('vxe-table (学籍异动, 跨省转学): fixed columns are cloned tables', () => {
  const change = load('v2-status-change');

  it('each case once, though every row is in the DOM three times', () => {
    const copies = change.doc.querySelectorAll('tr.vxe-body--row').length;
    expect(copies).toBe(change.json.length * 3);
    expect(change.rows).toHaveLength(change.json.length);
    expect(new Set(change.rows.map((r) => r.record.id)).size).toBe(change.json.length);
  });

  it('the cases are those the page fetched, with fields from the clones and the main table', () => {
    expect(change.c.kind).toBe('status-change-apply');
    const cases = change.rows.map((r) => r.record as StatusChangeCase);
    expect(cases.map((k) => [k.xjh, k.name, k.changeType, k.appliedDate, k.reviewStatus])).toEqual(
      change.json.map((j) => [j.stuNo, j.stuName, j.changeTypeName, j.applyTime, j.flowStatus]),
    );
  });

  it('the badge goes in the 学籍号 cell the user sees (the left clone), not the hidden one', () => {
    const cell = change.rows[0]!.row.keyCell!;
    expect(cell.classList.contains('fixed--hidden')).toBe(false);
    expect(cell.closest('.vxe-table--fixed-left-wrapper')).not.toBeNull();
  });

  it('跨省转学 is its own page kind', () => {
    const cross = load('v2-cross-province');
    expect(cross.c.kind).toBe('cross-province');
    expect(cross.rows.map((r) => r.record.xjh)).toEqual(cross.json.map((j) => j.stuNo));
  });
});

describe('el-table-v2 (学生总览): a virtual list of the whole school', () => {
  const { obs, json, shape, c, rows } = load('v2-overview');

  it('draws only the visible rows; each is read once across its main and fixed grids', () => {
    expect(shape.virtual).toBe(true);
    expect(json.length).toBe(360);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(30);
    const first = rows[0]!.record as Student;
    expect([first.xjh, first.name, first.idNumber]).toEqual([
      json[0]!.stuNo,
      json[0]!.stuName,
      json[0]!.certNo,
    ]);
    expect(first.onRoll).toBe(true); // 是否在校, fixed right
  });

  it('the JSON field names are learnt from the shown rows, and give every student', async () => {
    const map = learnFieldMap(
      rows.map((r) => r.row.cells),
      json,
    )!;
    expect(Object.fromEntries(map.names)).toMatchObject({
      stuNo: 'xjh',
      stuName: 'name',
      certNo: 'idNumber',
      genderName: 'sex',
      birthday: 'birthDate',
      clazzName: 'className',
    });
    const raw: JsonGrid = { url: obs.url, fields: [], rows: [] };
    appendLoushangRows(raw, json);
    expect(raw.fields).not.toContain('xjh'); // no table knows these names
    const [learnt] = await learnFromPage(
      [raw],
      rows.map((r) => r.row.cells),
    );
    if (c.status !== 'ok') throw new Error('not read');
    const all = jsonRecords(learnt!, c.reader, source);
    expect(all).toHaveLength(360);
    expect(new Set(all.map((s) => s.id)).size).toBe(360);
    expect((all[359] as Student).name).toBe(json[359]!.stuName);
    // The shown rows and their JSON rows agree: merged without a mismatch.
    const pairs = matchingJson(rows, [learnt!], shape.fields);
    expect(pairs?.every(Boolean)).toBe(true);
    expect(mergeSources(rows, pairs, shape.fields, c.reader, source).mismatches).toBe(0);
  });

  it('the rows not drawn are the rest of the JSON, each student once', async () => {
    const raw: JsonGrid = { url: obs.url, fields: [], rows: [] };
    appendLoushangRows(raw, json);
    if (c.status !== 'ok') throw new Error('not read');
    const grids = await learnFromPage(
      [raw],
      rows.map((r) => r.row.cells),
    );
    const rest = undrawnRecords(shape, rows, grids, c.reader, source);
    expect(rest).toHaveLength(360 - rows.length);
    const all = new Set([...rows.map((r) => r.record.id), ...rest.map((r) => r.id)]);
    expect(all.size).toBe(360);
    // A list that draws every row has nothing undrawn.
    expect(undrawnRecords({ virtual: false }, rows, grids, c.reader, source)).toEqual([]);
  });

  it('JSON that is not these rows teaches nothing', () => {
    const other = json.map((j) => ({ ...j, stuNo: `X${j.stuNo}`, stuId: `x${j.stuId}` }));
    expect(
      learnFieldMap(
        rows.map((r) => r.row.cells),
        other,
      ),
    ).toBeUndefined();
  });
});

describe('responseRows: the rows of a modern API answer', () => {
  it('finds data.records, and nothing in a response without rows', () => {
    const text = JSON.stringify({
      code: 200,
      data: {
        total: 2,
        records: [
          { a: '1', b: 2 },
          { a: '3', b: 4 },
        ],
      },
    });
    expect(responseRows({ url: '/api/x', text })).toHaveLength(2);
    expect(responseRows({ url: '/api/x', text: '{"code":200,"data":{"ok":true}}' })).toBeNull();
    expect(responseRows({ url: '/api/x', text: '<html>' })).toBeNull();
  });
});

describe('Element UI (Vue 2) el-table: fixed columns drawn again as clones', () => {
  // The Element UI 2 structure: the main table holds every cell (fixed ones `is-hidden`), and
  // .el-table__fixed repeats the fixed columns for each row.
  const html = `<div class="el-table">
    <div class="el-table__header-wrapper"><table class="el-table__header"><thead><tr>
      <th class="el-table_1_column_1 is-hidden is-leaf"><div class="cell">学籍号</div></th>
      <th class="el-table_1_column_2 is-leaf"><div class="cell">姓名</div></th>
      <th class="el-table_1_column_3 is-leaf"><div class="cell">年级</div></th></tr></thead></table></div>
    <div class="el-table__body-wrapper"><table class="el-table__body"><tbody>
      <tr class="el-table__row"><td class="el-table_1_column_1 is-hidden"><div class="cell">G1</div></td>
        <td class="el-table_1_column_2"><div class="cell">甲</div></td><td class="el-table_1_column_3"><div class="cell">一年级</div></td></tr>
      <tr class="el-table__row"><td class="el-table_1_column_1 is-hidden"><div class="cell">G2</div></td>
        <td class="el-table_1_column_2"><div class="cell">乙</div></td><td class="el-table_1_column_3"><div class="cell">二年级</div></td></tr>
    </tbody></table></div>
    <div class="el-table__fixed">
      <div class="el-table__fixed-header-wrapper"><table><thead><tr>
        <th class="el-table_1_column_1 is-leaf"><div class="cell">学籍号</div></th></tr></thead></table></div>
      <div class="el-table__fixed-body-wrapper"><table><tbody>
        <tr class="el-table__row"><td class="el-table_1_column_1"><div class="cell">G1</div></td></tr>
        <tr class="el-table__row"><td class="el-table_1_column_1"><div class="cell">G2</div></td></tr>
      </tbody></table></div></div></div>`;

  it('each row once, the badge in the visible clone cell', () => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const shape = elTableShape(doc.querySelector('.el-table')!);
    const rows = readAll(shape).rows;
    expect(rows.map((r) => r.cells)).toEqual([
      { xjh: 'G1', name: '甲', grade: '一年级' },
      { xjh: 'G2', name: '乙', grade: '二年级' },
    ]);
    expect(rows[1]!.keyCell?.closest('.el-table__fixed')).not.toBeNull();
    expect(findGrids(doc)).toHaveLength(1);
  });
});
