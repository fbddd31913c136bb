// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { readGrids } from './grid';
import { recognise } from './recognise';
import {
  MAPPINGS_FILE_FORMAT,
  mappingFor,
  mappingsFile,
  PageMapping,
  pagePath,
  readMappingsFile,
  useTaughtPage,
} from './teach';

const table = (headers: string[], rows: string[][]) => {
  const el = document.createElement('div');
  el.innerHTML = `<table><tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</table>`;
  return el;
};
const page = () =>
  table(
    ['学生标识', '姓名', '性别', '班级', '家长签字'],
    [['G110101201501010011', '测试甲', '男', '一年级(1)班', '已签']],
  );
const mapping: PageMapping = PageMapping.parse({
  host: 'xj.example.cn',
  path: '/v3/roster',
  kind: 'student-list',
  columns: [
    { header: '学生标识', field: 'xjh' },
    { header: '家长签字', field: null },
  ],
});
const ctx = { title: '名单', host: 'xj.example.cn', now: 1 };

afterEach(() => useTaughtPage());

describe('a taught page (识别此页)', () => {
  it('untaught, a 学籍-looking grid without its 学籍号 column is only a notice', () => {
    const [grid] = readGrids(page());
    expect(grid?.unknownHeaders).toEqual(['学生标识', '家长签字']);
    expect(recognise(grid!, ctx).status).toBe('missing');
  });

  it('taught, the same grid is read: the taught column as 学籍号, the ignored one neither read nor unknown', () => {
    useTaughtPage(mapping);
    const [grid] = readGrids(page());
    expect(grid?.unknownHeaders).toEqual([]);
    const r = recognise(grid!, ctx);
    if (r.status !== 'read') throw new Error(r.status);
    expect(r.kind).toBe('student-list');
    expect(r.rows.map((x) => [x.record.xjh, x.record.name])).toEqual([['G110101201501010011', '测试甲']]);
  });

  it('a taught kind of case list reads the grid as cases', () => {
    useTaughtPage({
      ...mapping,
      kind: 'status-change-review',
      columns: [
        { header: '学生标识', field: 'xjh' },
        { header: '家长签字', field: 'changeType' },
      ],
    });
    const [grid] = readGrids(page());
    const r = recognise(grid!, ctx);
    if (r.status !== 'read') throw new Error(r.status);
    expect(r.kind).toBe('status-change-review');
    expect(r.rows[0]?.record).toMatchObject({ xjh: 'G110101201501010011', changeType: '已签' });
  });

  it('finds the mapping of the page by host and path; the newest wins', () => {
    const newer = { ...mapping, kind: 'student-card' as const };
    expect(mappingFor([mapping, newer], 'XJ.example.cn', '/v3/roster')).toBe(newer);
    expect(mappingFor([mapping], 'xj.example.cn', '/v3/other')).toBeUndefined();
    expect(pagePath({ pathname: '/v2/', hash: '#/students?page=2' })).toBe('/v2/#/students');
    expect(pagePath({ pathname: '/a.jsp', hash: '#top' })).toBe('/a.jsp');
  });

  it('refuses a mapping that reads two columns as one field, or names no known field', () => {
    const twice = PageMapping.safeParse({
      ...mapping,
      columns: [
        { header: 'a', field: 'xjh' },
        { header: 'b', field: 'xjh' },
      ],
    });
    expect(twice.success).toBe(false);
    expect(PageMapping.safeParse({ ...mapping, columns: [{ header: 'a', field: 'score' }] }).success).toBe(
      false,
    );
  });

  it('exports one mapping per page and imports it back; another file changes nothing', () => {
    const file = mappingsFile([mapping, { ...mapping, kind: 'student-card' }]);
    expect(file.format).toBe(MAPPINGS_FILE_FORMAT);
    expect(file.mappings).toHaveLength(1);
    const back = readMappingsFile(JSON.stringify(file));
    expect(back.ok && back.file.mappings[0]?.kind).toBe('student-card');
    expect(readMappingsFile('{"format":"other"}').ok).toBe(false);
    expect(readMappingsFile('not json').ok).toBe(false);
  });
});
