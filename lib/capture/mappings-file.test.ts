/**
 * A page-mappings file read back in 设置: a good file is taken whole; a damaged, foreign or hostile one is
 * refused whole (not even its good entries), with the reason in words.
 */
import { describe, expect, it } from 'vitest';
import { english, zh } from '../coded.testing';
import { readMappingsFile } from './teach';

const mapping = {
  host: 'xj.example.cn',
  path: '/jsp/xsxx/xjsjwh.jsp',
  kind: 'student-list',
  columns: [
    { header: '学生标识码', field: 'xjh' },
    { header: '姓名', field: 'name' },
    { header: '家长签字', field: null },
  ],
};
const file = (mappings: unknown[]) =>
  JSON.stringify({ format: 'baoxue-page-mappings', version: 1, mappings });

describe('读取页面识别文件', () => {
  it('takes a good file whole', () => {
    const r = readMappingsFile(file([mapping]));
    expect(r.ok && r.file.mappings).toEqual([mapping]);
  });

  it.each([
    ['damaged', file([mapping]).slice(0, 40), '不是 JSON'],
    [
      'another kind of file',
      JSON.stringify({ format: 'baoxue-backup', mappings: [] }),
      '不是保学助手的页面识别文件',
    ],
    [
      'markup for a host',
      file([mapping, { ...mapping, host: '<img src=x onerror=alert(1)>' }]),
      '第 2 项不对（站点地址）',
    ],
    ['an unknown page kind', file([{ ...mapping, kind: 'payroll' }]), '第 1 项不对（页面类型）'],
    [
      'a field given twice',
      file([{ ...mapping, columns: [...mapping.columns, { header: '编号', field: 'xjh' }] }]),
      '第 1 项不对（表头与字段：两列对应了同一个字段',
    ],
  ])('refuses a %s file, saying why', (_, text, why) => {
    const r = readMappingsFile(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && zh(r.message)).toContain(why);
    expect(!r.ok && zh(r.message)).toContain('什么也没有改变');
  });

  it('says why in English too, with no Chinese in it', () => {
    const r = readMappingsFile(
      file([{ ...mapping, columns: [...mapping.columns, { header: '编号', field: 'xjh' }] }]),
    );
    expect(!r.ok && english(r.message)).toMatch(
      /^File not imported: entry 1 is not valid \(.+: .+\)\. Nothing changed\.$/,
    );
  });
});
