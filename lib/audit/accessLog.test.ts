import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { say } from '../../tests/fixtures/say';
import { parseEvents } from '../records';
import { DATA_CATEGORIES } from '../sync/personal';
import { beijingInstant } from '../time/day';
import { auditReport } from './access';
import {
  accessRows,
  accessWords,
  auditWorkbook,
  dataCategoryWords,
  fieldsWithoutWords,
  filterAccess,
} from './accessLog';
import { partnersOf, rollClass, staffScopes } from './schoolStaff';

const XJH = 'G110105201001010011';
const at = (day: string, time = '09:30:00') => beijingInstant(day, time);
const events = [
  {
    kind: 'access',
    author: '王老师',
    at: at('2026-11-02'),
    studentId: XJH,
    data: { what: 'studentFile', name: '' },
  },
  {
    kind: 'access',
    author: '王老师',
    at: at('2026-11-03'),
    studentId: XJH,
    data: { what: 'notice', name: 'notice' },
  },
  {
    kind: 'access',
    author: '李主任',
    at: at('2026-10-31', '23:30:00'),
    studentId: '',
    data: { what: 'ledger', name: 'dropout' },
  },
  { kind: 'absence', author: '王老师', at: at('2026-11-02'), studentId: XJH, data: { date: '2026-11-02' } },
  {
    kind: 'access',
    author: '张校长',
    at: at('2025-12-31'),
    studentId: 'G2',
    data: { what: 'studentFile', name: '' },
  },
];
const names = new Map([[XJH, '甲同学']]);

describe('访问记录', () => {
  it('lists access events newest first and filters by person and by month as Beijing reads it', () => {
    const rows = accessRows(events);
    expect(rows.map((r) => r.what)).toEqual(['notice', 'studentFile', 'ledger', 'studentFile']);
    expect(filterAccess(rows, { who: '王老师', month: '' })).toHaveLength(2);
    // 23:30 on 31 October in Beijing is October, though it is already 15:30 UTC that day.
    expect(filterAccess(rows, { who: '', month: '2026-10' }).map((r) => r.who)).toEqual(['李主任']);
    expect(filterAccess(rows, { who: '李主任', month: '2026-11' })).toEqual([]);
  });

  it('names a child only from this device’s records and never shows their number', () => {
    const [notice, file] = accessRows(events);
    expect(accessWords(notice!, names, say)).toEqual({
      what: '打印文书',
      child: '甲同学',
      item: '辍学生返校通知书',
    });
    const unseen = accessWords(file!, new Map(), say);
    expect(unseen.child).toBe('（本机没有该学生的资料）');
    expect(JSON.stringify(unseen)).not.toContain(XJH);
    const ledger = accessRows(events).find((r) => r.what === 'ledger')!;
    expect(accessWords(ledger, names, say)).toMatchObject({
      what: '导出台账',
      child: '',
      item: say('ledger_dropout'),
    });
  });
});

describe('the yearly compliance audit', () => {
  it('has words for every personal field Baoxue holds', () => {
    expect(fieldsWithoutWords(DATA_CATEGORIES)).toEqual([]);
    const words = dataCategoryWords(DATA_CATEGORIES, say);
    expect(words).toContainEqual({ category: '学生学籍资料', item: '身份证件号' });
    expect(words).toContainEqual({ category: '考勤、家访与劝返记录', item: say('data_item_notes') });
    // Words only: no field code reaches the sheet.
    for (const w of words) expect(`${w.category}${w.item}`).not.toMatch(/[a-zA-Z]/);
  });

  it('writes three sheets: the year’s accesses, the staff with their scopes, the data held', async () => {
    const staff = staffScopes([
      { name: '李主任', roles: ['registrar'] },
      { name: '王老师', roles: ['teacher'], classes: ['七年级1班', '七年级2班'] },
      { name: '赵老师', roles: ['teacher'] },
    ]);
    const report = auditReport(events, staff, 2026, new Date(at('2026-12-01')));
    const wb = auditWorkbook(ExcelJS, report, names, '演示学校', say, new Map([['王老师', 1]]));
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    expect(back.worksheets.map((w) => w.name)).toEqual(['访问记录', '教职工与查看范围', '所持个人信息类别']);

    const log = back.getWorksheet('访问记录')!;
    expect(log.getCell('A1').value).toBe('演示学校 学生个人信息访问记录（2026年）');
    // 2025's access is not this year's; oldest first.
    expect(log.rowCount).toBe(2 + 3);
    expect((log.getRow(3).values as unknown[]).slice(1)).toEqual([
      '2026-10-31 23:30',
      '李主任',
      '导出台账',
      '',
      say('ledger_dropout'),
    ]);
    expect((log.getRow(5).values as unknown[]).slice(1)).toEqual([
      '2026-11-03 09:30',
      '王老师',
      '打印文书',
      '甲同学',
      '辍学生返校通知书',
    ]);

    const people = back.getWorksheet('教职工与查看范围')!;
    const rows = [3, 4, 5].map((i) => (people.getRow(i).values as unknown[]).slice(1));
    expect(rows).toEqual([
      ['李主任', '学籍管理员', '全校', 1],
      ['王老师', say('role_teacher'), '本人任教班级：七年级1班、七年级2班；帮扶的重点生 1 名', 2],
      // A teacher never given classes sees none (the gateway fails closed).
      ['赵老师', say('role_teacher'), '未分配班级', 0],
    ]);

    const data = back.getWorksheet('所持个人信息类别')!;
    const items = data.getColumn(2).values.slice(3);
    expect(items).toContain('家庭住址');
    expect(items).toContain('特殊群体（留守儿童、孤儿、残疾等）');
  });
});

describe('帮扶 partners', () => {
  it('counts the 重点生 whose latest designation names the teacher', () => {
    const note = (studentId: string, at: number, type: string, partner: string) => ({
      id: `n${studentId}${at}`,
      kind: 'riskNote' as const,
      studentId,
      author: '李主任',
      at,
      recordedAt: at,
      data: { type, reason: '', partner },
    });
    const events = parseEvents([
      note('A', 1, 'key-student', ' 王老师 '),
      note('B', 1, 'key-student', '王老师'),
      note('B', 2, 'key-student', '赵老师'),
      note('C', 1, 'key-student', '王老师'),
      note('C', 2, 'key-student-end', ''),
    ]);
    expect(Object.fromEntries(partnersOf(events, '2026-11-30'))).toEqual({ 王老师: ['A'], 赵老师: ['B'] });
  });
});

describe('帮扶 partners who read a child by it (the gateway’s rule)', () => {
  it('counts the office’s pairing (kept when its teacher notes the child again), never a teacher naming herself', () => {
    const note = (studentId: string, at: number, author: string, partner: string) => ({
      id: `n${studentId}${at}`,
      kind: 'riskNote' as const,
      studentId,
      author,
      at,
      recordedAt: at,
      data: { type: 'key-student', reason: '', partner },
    });
    const events = parseEvents([
      note('A', 1, '王老师', '王老师'),
      note('B', 1, '李主任', '赵老师'),
      note('B', 2, '赵老师', '赵老师'),
      note('C', 1, '李主任', '王老师'),
      note('C', 2, '李主任', '李主任'),
    ]);
    expect(Object.fromEntries(partnersOf(events, '2026-11-30'))).toEqual({ 赵老师: ['B'] });
  });
});

describe('a class typed by hand', () => {
  it('is taken in the roll’s spelling, or refused when the roll has no such class', () => {
    const roll = ['七年级1班', '七年级2班'];
    expect(rollClass(' 七年级１班 ', roll)).toBe('七年级1班');
    expect(rollClass('七年级3班', roll)).toBeUndefined();
    expect(rollClass('', roll)).toBeUndefined();
  });
});
