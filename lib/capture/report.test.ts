import { describe, expect, it } from 'vitest';
import { redact, structureReport } from './report';

const students = [
  { name: '测试甲', xjh: 'G110101201501010011', id: '110101201501010011', phone: '13800001234' },
  { name: '欧阳小明', xjh: 'L220202201603030022', id: '22020220160303002X', phone: '13900005678' },
];

describe('页面结构报告', () => {
  const report = structureReport({
    host: 'xj.example.cn',
    path: `/student/detail/${students[0]!.id}`,
    title: `学生详情 - ${students[1]!.name}`,
    tables: [
      {
        structure: 'div.el-table',
        headers: ['学生标识', '姓名', '联系电话', `备注${students[0]!.name}`],
        rows: 2,
      },
    ],
    jsonFields: [['stuCode', 'stuName', 'phone']],
    definitionVersion: 3,
    status: 'missing',
    cellTexts: students.flatMap((s) => [s.name, s.xjh, s.id, s.phone, '一年级(1)班', '2', '10']),
  });

  it('has the structure: path, title, headers with their fields, JSON names, the definition version', () => {
    expect(report).toContain('host: xj.example.cn');
    expect(report).toContain('学生详情');
    expect(report).toContain('div.el-table, 2 rows');
    expect(report).toContain('学生标识 → ?');
    expect(report).toContain('姓名 → name');
    expect(report).toContain('stuCode, stuName, phone');
    expect(report).toContain('v3');
  });

  it('holds none of the students’ names or numbers, wherever the page put them', () => {
    for (const s of students) for (const v of Object.values(s)) expect(report).not.toContain(v);
    expect(report).not.toMatch(/\d{6,}/);
  });

  it('keeps short codes and counts (they identify no one): the structure stays legible', () => {
    expect(report).toContain('2 rows');
  });

  it('removes identifier-shaped runs even when no row shows them', () => {
    expect(redact('/detail/110101201501010011?x', [])).toBe('/detail/＊?x');
    expect(redact('学籍号 G110101201501010011', [])).toBe('学籍号 ＊');
    expect(redact('一年级 2 班', [])).toBe('一年级 2 班');
  });
});
