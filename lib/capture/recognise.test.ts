// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatusChangeCase, Student } from '../records';
import { readGrids } from './grid';
import { recognise } from './recognise';
import type { ReadRow } from './shapes';

const studentsOf = (rows: ReadRow[]) => rows.map((r) => r.record as Student);
const casesOf = (rows: ReadRow[]) => rows.map((r) => r.record as StatusChangeCase);

function load(name: string) {
  const html = readFileSync(resolve('lib/capture/pages/fixtures', name), 'utf8').replace(/<link[^>]*>/g, '');
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return { doc, ctx: { title: doc.title, host: '127.0.0.1', now: 1_763_800_000_000 } };
}

function readOne(name: string) {
  const { doc, ctx } = load(name);
  const grids = readGrids(doc);
  expect(grids).toHaveLength(1);
  return recognise(grids[0]!, ctx);
}

describe('recognising host pages by their header text', () => {
  it('reads the 学籍数据维护 grid into students with identifier flags', () => {
    const r = readOne('student-list.html');
    if (r.status !== 'read') throw new Error(r.status);
    expect(r.kind).toBe('student-list');
    expect(studentsOf(r.rows)).toHaveLength(20);
    const first = studentsOf(r.rows)[0]!;
    expect(first.xjh).toMatch(/^[GLJ]\d{17}[\dX]$/);
    expect(first.id).toBe(first.xjh);
    expect(first.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first.sex).toMatch(/^[男女]$/);
    // The generator breaks student #6's check digit: it is kept and flagged, not dropped or fixed.
    expect(studentsOf(r.rows)[5]!.flags).toContain('id-checksum');
    expect(studentsOf(r.rows).filter((s) => s.flags.length === 0).length).toBeGreaterThan(15);
  });

  it('reads the same students when columns are renamed and reordered', () => {
    const a = readOne('student-list.html');
    const b = readOne('student-list-renamed.html');
    if (a.status !== 'read' || b.status !== 'read') throw new Error('not read');
    expect(studentsOf(b.rows).map((s) => [s.xjh, s.name, s.idNumber, s.className])).toEqual(
      studentsOf(a.rows).map((s) => [s.xjh, s.name, s.idNumber, s.className]),
    );
  });

  it('names the missing key column instead of reading a grid without it', () => {
    const r = readOne('student-list-nokey.html');
    expect(r).toEqual({ status: 'missing', kind: 'student-list', missing: ['全国学籍号/学籍号/个人标识码'] });
  });

  it('tells the 学籍异动 pages apart and reads their cases', () => {
    const apply = readOne('status-change-apply.html');
    const review = readOne('status-change-review.html');
    const cross = readOne('cross-province.html');
    if (apply.status !== 'read' || review.status !== 'read' || cross.status !== 'read')
      throw new Error('not read');
    expect([apply.kind, review.kind, cross.kind]).toEqual([
      'status-change-apply',
      'status-change-review',
      'cross-province',
    ]);
    expect(casesOf(review.rows).every((c) => c.reviewStatus === '待审核')).toBe(true);
    expect(casesOf(cross.rows).map((c) => c.reviewStatus)).toContain('等待调档');
    const out = casesOf(apply.rows).find((c) => c.changeType === '转出')!;
    expect(out.id).toBe(`${out.xjh}|转出|${out.appliedDate}`);
    expect(out.toSchool).not.toBe('');
  });

  it('reads 在办业务 as cases still in progress', () => {
    const r = readOne('pending-business.html');
    if (r.status !== 'read') throw new Error(r.status);
    expect(r.kind).toBe('pending-business');
    const cases = casesOf(r.rows);
    expect(cases.length).toBeGreaterThan(5);
    expect(cases.every((c) => /待审核|核办中|等待调档/.test(c.reviewStatus))).toBe(true);
    expect(new Set(cases.map((c) => c.changeType))).toContain('跨省转出');
  });

  it('reads a plain table with a header row (2.0 / provincial variants), flagging an unreadable date (not stored: left blank)', () => {
    const r = readOne('plain-table-2.0.html');
    if (r.status !== 'read') throw new Error(r.status);
    expect(studentsOf(r.rows).map((s) => [s.name, s.birthDate, s.flags])).toEqual([
      ['示例甲', '1949-12-31', []],
      ['示例乙', '1880-01-01', []],
      ['示例丙', '', ['birthdate-unreadable', 'id-checksum', 'xjh-checksum']],
    ]);
  });

  it('ignores tables that are not 学籍 grids', () => {
    const doc = new DOMParser().parseFromString(
      '<table><tr><th>用户名</th><th>密码</th></tr><tr><td>a</td><td>b</td></tr></table>',
      'text/html',
    );
    expect(readGrids(doc)).toEqual([]);
  });
});
