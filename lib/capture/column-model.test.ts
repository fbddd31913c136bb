// @vitest-environment happy-dom
/**
 * Pages captured from the demo 学籍系统 (scripts/snapshot-fixtures.ts) and hand-written variants: a grid
 * whose JSON names its fields differently and says so in its column model, a 跨省转学 list without
 * 异动类别, a 休学 list, headers typed with full-width forms.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatusChangeCase } from '../records';
import { findColumnModels, modelFor } from './columns';
import type { FieldKey } from './fields';
import { readGrids } from './grid';
import { type JsonGrid, loushangRows, parseLoushang, rowKeys } from './json';
import { matchingJson, mergeSources } from './merge';
import { comparable } from './normalize';
import { classify, recognise, toReadRows } from './recognise';
import type { ReadRow } from './shapes';

const DIR = 'lib/capture/pages/fixtures';
const source = { host: '127.0.0.1', pageKind: 'x', seenAt: 1 };

function page(name: string) {
  const html = readFileSync(resolve(DIR, name), 'utf8').replace(/<link[^>]*>/g, '');
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const title = `${doc.title} ${doc.querySelector('.page-title')?.textContent ?? ''}`;
  const [shape] = readGrids(doc);
  if (!shape) throw new Error(`no grid in ${name}`);
  const c = classify(shape, { title, host: '127.0.0.1', now: 1 });
  if (c.status !== 'ok') throw new Error(`${name}: ${JSON.stringify(c)}`);
  return { shape, c, rows: toReadRows(c.reader, shape.rows, source, c.implied) };
}

/** The grid's JSON response and the page's globals, as the main-world observer sees them. */
function observed(name: string, edit?: (rows: Record<string, unknown>[]) => void) {
  const fixture = JSON.parse(readFileSync(resolve(DIR, name), 'utf8')) as {
    url: string;
    text: string;
    L5_GRID: unknown;
  };
  const response = JSON.parse(fixture.text) as { rows: Record<string, unknown>[] };
  edit?.(response.rows);
  const obs = { url: fixture.url, text: JSON.stringify(response) };
  const models = findColumnModels({ L5_GRID: fixture.L5_GRID, other: { title: 'x' }, fn: () => 1 });
  return { obs, model: modelFor(models, rowKeys(loushangRows(obs)!)) };
}

const cases = (rows: ReadRow[]) => rows.map((r) => r.record as StatusChangeCase);

/**
 * Each field the page shows, as the record holds it, compared in meaning with the cell. A case record has
 * no 性别 of its own (the student's record holds it), so that column is the one not compared.
 */
function keepsWhatThePageShows(rows: ReadRow[], shown: FieldKey[]) {
  expect(shown).toEqual(expect.arrayContaining(['xjh', 'name', 'changeType', 'appliedDate', 'reviewStatus']));
  for (const { row, record } of rows)
    for (const f of shown.filter((x) => x !== 'sex')) {
      const held = (record as unknown as Record<string, string>)[f];
      expect(comparable(f, held), `${record.id} ${f}`).toBe(comparable(f, row.cells[f]));
    }
}

describe('a grid whose JSON uses other field names, with a column model', () => {
  it('keeps every column the registrar saw, 审核状态 included, with no source-mismatch', () => {
    const { shape, c, rows } = page('status-change-fieldnames.html');
    const { obs, model } = observed('status-change-fieldnames.json');
    expect(model?.names.get('spzt')).toBe('reviewStatus');
    const json = parseLoushang(obs, model)!;
    expect(json.fields).toEqual(expect.arrayContaining(['reviewStatus', 'grade', 'className', 'changeDate']));
    const pairs = matchingJson(rows, [json], shape.fields);
    const merged = mergeSources(rows, pairs, shape.fields, c.reader, source, c.implied);
    expect(merged.mismatches).toBe(0);
    expect(merged.rows.length).toBe(rows.length);
    expect(cases(merged.rows).every((r) => !r.flags.includes('source-mismatch'))).toBe(true);
    expect(cases(merged.rows).map((r) => r.reviewStatus)).toEqual(rows.map((r) => r.row.cells.reviewStatus));
    expect(cases(merged.rows).some((r) => r.reviewStatus === '待审核')).toBe(true);
    keepsWhatThePageShows(merged.rows, shape.fields);
    // 当前办理单位 is a hidden column: only the column model says its JSON field is `dqbldwmc`.
    expect(shape.fields).not.toContain('currentUnit');
    const raw = (JSON.parse(obs.text) as { rows: { dqbldwmc: string }[] }).rows;
    expect(cases(merged.rows).map((r) => r.currentUnit)).toEqual(raw.map((r) => r.dqbldwmc));
  });

  it('without the column model, the fields the JSON lacks are kept from the page, still no mismatch', () => {
    const { shape, c, rows } = page('status-change-fieldnames.html');
    const { obs } = observed('status-change-fieldnames.json');
    const json = parseLoushang(obs)!; // only grbsm, xm, ydlb, sqrq are names the table knows
    expect(json.fields).not.toContain('reviewStatus');
    const merged = mergeSources(
      rows,
      matchingJson(rows, [json], shape.fields),
      shape.fields,
      c.reader,
      source,
    );
    expect(merged.mismatches).toBe(0);
    keepsWhatThePageShows(merged.rows, shape.fields);
    expect(cases(merged.rows).every((r) => r.currentUnit === '')).toBe(true); // the table cannot name it
  });

  it('a real difference between the page and its JSON is still flagged', () => {
    const { shape, c, rows } = page('status-change-fieldnames.html');
    const first = rows[0]!.row.cells;
    const { obs, model } = observed('status-change-fieldnames.json', (raw) => {
      raw[0]!.spzt = first.reviewStatus === '审核通过' ? '审核不通过' : '审核通过';
    });
    const json: JsonGrid = parseLoushang(obs, model)!;
    const merged = mergeSources(
      rows,
      matchingJson(rows, [json], shape.fields),
      shape.fields,
      c.reader,
      source,
    );
    expect(merged.mismatches).toBe(1);
    expect(merged.rows[0]!.record.flags).toContain('source-mismatch');
    expect(merged.rows[1]!.record.flags).not.toContain('source-mismatch');
  });
});

describe('a 跨省转学 list with no 异动类别 column', () => {
  it('is captured, every row as 转学, and paired with its JSON (which has no 异动类别 either)', () => {
    const { shape, c, rows } = page('cross-province-notype.html');
    expect(c.kind).toBe('cross-province');
    expect(shape.fields).not.toContain('changeType');
    expect(rows.length).toBeGreaterThan(0);
    const { obs, model } = observed('cross-province-notype.json');
    const json = parseLoushang(obs, model)!;
    const merged = mergeSources(
      rows,
      matchingJson(rows, [json], shape.fields),
      shape.fields,
      c.reader,
      source,
      c.implied,
    );
    expect(merged.rows.length).toBe(rows.length);
    expect(merged.mismatches).toBe(0);
    expect(cases(merged.rows).every((r) => r.changeType === '转学' && r.id.includes('|转学|'))).toBe(true);
    expect(cases(merged.rows).map((r) => r.reviewStatus)).toEqual(rows.map((r) => r.row.cells.reviewStatus));
  });
});

describe('hand-written variants', () => {
  it('a 休学 list without 异动类别 is all 休学 (fixture suspension-list.html)', () => {
    const { c, rows } = page('suspension-list.html');
    expect(cases(rows).map((r) => [r.name, r.changeType, r.reviewStatus])).toEqual([
      ['示例丙', '休学', '审核通过'],
      ['示例丁', '休学', '待审核'],
    ]);
    expect(c.kind).toBe('status-change-apply');
  });

  it('headers typed with full-width forms and spaces are recognised (fixture fullwidth-headers.html)', () => {
    const doc = new DOMParser().parseFromString(
      readFileSync(resolve(DIR, 'fullwidth-headers.html'), 'utf8'),
      'text/html',
    );
    const [read] = readGrids(doc);
    expect(read?.fields).toEqual([
      'xjh',
      'name',
      'sex',
      'className',
      'changeType',
      'changeDate',
      'appliedDate',
      'reviewStatus',
    ]);
    const r = recognise(read!, { title: doc.title, host: 'h', now: 1 });
    if (r.status !== 'read') throw new Error(r.status);
    expect(cases(r.rows).map((x) => [x.changeType, x.changeDate, x.appliedDate, x.flags])).toEqual([
      ['转学（转出）', '2026-10-12', '2026-10-12', []],
      ['出国（境）学习', '2026-10-09', '2026-10-09', []],
    ]);
    // One case, however its type is typed: the id reads 转学(转出) either way.
    expect(cases(r.rows)[0]!.id).toBe('G370304201511184064|转学(转出)|2026-10-12');
  });
});
