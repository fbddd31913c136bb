// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSchool } from '../../demo/generator';
import { readGrids } from './grid';
import { parseLoushang } from './json';
import { matchingJson, mergeSources } from './merge';
import { studentList } from './pages/student-list';
import { recognise } from './recognise';

const school = generateSchool();
const html = readFileSync(resolve('lib/capture/pages/fixtures/student-list.html'), 'utf8').replace(
  /<link[^>]*>/g,
  '',
);
const source = { host: '127.0.0.1', pageKind: 'student-list', seenAt: 1 };
const json = (students = school.students.slice(0, 20)) =>
  parseLoushang({
    url: '/command/ajax/x.QueryCmd/query',
    text: JSON.stringify({ total: 360, metaData: { root: 'rows' }, rows: students }),
  })!;

function domRows() {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const read = readGrids(doc)[0]!;
  const r = recognise(read, { title: doc.title, host: '127.0.0.1', now: 1 });
  if (r.status !== 'read') throw new Error(r.status);
  return { rows: r.rows, shown: read.fields };
}

describe('DOM and JSON together', () => {
  it('takes the richer JSON record when the DOM agrees with it', () => {
    const { rows, shown } = domRows();
    const match = matchingJson(rows, [json()], shown);
    const merged = mergeSources(rows, match, shown, studentList, source);
    expect(merged.mismatches).toBe(0);
    const first = merged.rows[0]!.record as { phone?: string; specialGroups?: string[] };
    expect(first.phone).toBe(school.students[0]!.lxdh);
    expect(first.specialGroups).toBeDefined();
  });

  it('flags a row where the page shows something its own data does not say', () => {
    const { rows, shown } = domRows();
    const altered = school.students.slice(0, 20).map((s, i) => (i === 2 ? { ...s, xm: '别的名字' } : s));
    const merged = mergeSources(rows, matchingJson(rows, [json(altered)], shown), shown, studentList, source);
    expect(merged.mismatches).toBe(1);
    expect(merged.rows[2]!.record.flags).toContain('source-mismatch');
    expect(merged.rows[3]!.record.flags).not.toContain('source-mismatch');
  });

  it('ignores JSON for other rows (another page of the list)', () => {
    const { rows, shown } = domRows();
    expect(matchingJson(rows, [json(school.students.slice(40, 60))], shown)).toBeUndefined();
  });
});
