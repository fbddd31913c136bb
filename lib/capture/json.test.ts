import { describe, expect, it } from 'vitest';
import { generateSchool } from '../../demo/generator';
import { disagreements, parseLoushang, studentExtras } from './json';
import { studentList } from './pages/student-list';

const school = generateSchool();
const response = (rows: unknown[]) =>
  JSON.stringify({ total: rows.length, success: true, metaData: { root: 'rows', fields: [] }, rows });
const url = '/command/ajax/com.inspur.mems.xsxxgl.cmd.ZxxsXsJbxxQueryCmd/query';
const source = { host: 'h', pageKind: 'student-list', seenAt: 1 };

describe('the host grid JSON', () => {
  it('maps Loushang rows through the same reader as the DOM', () => {
    const grid = parseLoushang({ url, text: response(school.students.slice(0, 3)) })!;
    expect(grid.fields).toEqual(
      expect.arrayContaining(['xjh', 'name', 'sex', 'birthDate', 'idNumber', 'className']),
    );
    const s = studentList.toRecord(grid.rows[0]!.cells, source) as {
      xjh: string;
      sex: string;
      birthDate: string;
    };
    const raw = school.students[0]!;
    expect(s.xjh).toBe(raw.grbsm);
    expect(s.sex).toBe(raw.xbm === '1' ? '男' : '女');
    expect(s.birthDate).toBe(`${raw.csrq.slice(0, 4)}-${raw.csrq.slice(4, 6)}-${raw.csrq.slice(6)}`);
  });

  it('reads special groups and contact details only the JSON carries', () => {
    expect(
      studentExtras({
        sflsetm: '2',
        sfsqznm: '0',
        sfge: '0',
        jkzkm: '10',
        sfdb: '1',
        lxdh: '13800000000',
        jdfsm: '2',
        rxny: '202409',
      }),
    ).toEqual({
      specialGroups: ['留守儿童', '低保'],
      phone: '13800000000',
      boarding: true,
      enrolled: '2024-09',
    });
    expect(studentExtras({}).specialGroups).toBeUndefined();
  });

  it('refuses what is not a Loushang grid response', () => {
    expect(parseLoushang({ url, text: 'not json' })).toBeNull();
    expect(parseLoushang({ url: '/other/api', text: response([]) })).toBeNull();
    expect(parseLoushang({ url, text: '{"rows": 5}' })).toBeNull();
  });

  it('names the fields where what the page shows contradicts its own data', () => {
    expect(
      disagreements({ name: '甲', sex: '男' }, { name: '乙', sex: '男' }, ['name', 'sex', 'grade']),
    ).toEqual(['name']);
  });

  it('does not call a difference of form a contradiction, nor a value one side lacks', () => {
    expect(
      disagreements(
        {
          birthDate: '2025-09-10',
          sex: '男',
          changeType: '转学（转出）',
          name: '张 三',
          reviewStatus: '待审核',
        },
        { birthDate: '20250910', sex: '1', changeType: '转学(转出)', name: '张三' },
        ['birthDate', 'sex', 'changeType', 'name', 'reviewStatus'],
      ),
    ).toEqual([]);
    expect(
      disagreements({ birthDate: '2025-09-11', sex: '女' }, { birthDate: '20250910', sex: '1' }, [
        'birthDate',
        'sex',
      ]),
    ).toEqual(['birthDate', 'sex']);
  });
});
