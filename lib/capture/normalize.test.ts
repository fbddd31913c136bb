/**
 * Class names read from a page (the tester's sealed demo school): 一年级 1 班 and 一年级1班 are one class, so the
 * lists, the counts and a sealed school's server (server/sealedShape.ts) see one name.
 */
import { describe, expect, it } from 'vitest';
import { classCell } from './normalize';
import { statusChangeList } from './pages/status-change';
import { studentList } from './pages/student-list';

const source = { host: 'xj.example.cn', path: '/jsp/list.jsp', title: '学生名单', seenAt: 1 } as never;

describe('class names as the page readers keep them', () => {
  it('drops the spaces inside a class name, full-width ones too, and keeps the rest as written', () => {
    expect(classCell('一年级 1 班')).toBe('一年级1班');
    expect(classCell(' 一年级\u30001班（双语） ')).toBe('一年级1班（双语）');
    expect(classCell('一年级1班(双语)')).toBe('一年级1班(双语)');
    expect(classCell(undefined)).toBe('');
  });
  it('a student read from 学生名单 and a case from 在办业务 carry the class without its spaces', () => {
    const cells = { xjh: 'G110105201401010099', name: '钱小满', className: '一年级 1 班' };
    expect(studentList.toRecord(cells, source)?.className).toBe('一年级1班');
    expect(statusChangeList.toRecord({ ...cells, changeType: '转学' }, source)?.className).toBe('一年级1班');
  });
});
