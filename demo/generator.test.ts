import { describe, expect, it } from 'vitest';
import { checkCitizenId, identifierProblems } from '../lib/identifiers';
import { generateSchool } from './generator';

describe('demo school generator', () => {
  const school = generateSchool();

  it('makes a few hundred students with unique 学籍号, mostly valid IDs and exactly three broken ones', () => {
    expect(school.students.length).toBe(360);
    expect(new Set(school.students.map((s) => s.grbsm)).size).toBe(360);
    const bad = school.students.filter(
      (s) =>
        identifierProblems({
          xjh: s.grbsm,
          idType: s.sfzjlxm,
          idNumber: s.sfzjh,
          sex: s.xbm === '1' ? '男' : '女',
          birthDate: `${s.csrq.slice(0, 4)}-${s.csrq.slice(4, 6)}-${s.csrq.slice(6)}`,
        }).length > 0,
    );
    expect(bad.length).toBe(3);
    expect(school.students.filter((s) => s.grbsm.startsWith('L')).length).toBeGreaterThan(0);
    expect(school.students.filter((s) => s.grbsm.startsWith('J')).length).toBeGreaterThan(0);
    const good = school.students.find((s) => s.grbsm.startsWith('G') && !bad.includes(s))!;
    expect(checkCitizenId(good.sfzjh).problems).toEqual([]);
  });

  it('has cases in every state, including a 休学 past its end date', () => {
    const states = new Set(school.cases.map((c) => c.shzt));
    for (const s of ['待审核', '审核通过', '审核不通过', '等待调档', '调档完毕', '已撤销'])
      expect(states).toContain(s);
    const today = new Date().toISOString().slice(0, 10);
    expect(school.scenarios.expiredSuspension.xxjsrq! < today).toBe(true);
    expect(school.scenarios.pendingTransfer).toMatchObject({ ydlb: '转出', shzt: '待审核' });
    expect(school.scenarios.graduatingTransfer.njmc).toBe('九年级');
    expect(new Set(school.cases.map((c) => c.ydlb))).toEqual(
      new Set([
        '转出',
        '转入',
        '跨省转出',
        '跨省转入',
        '休学',
        '复学',
        '关键数据变更',
        '出境学习',
        '其他异动',
      ]),
    );
  });

  it('is deterministic for a seed', () => {
    expect(generateSchool().students[10]).toEqual(school.students[10]);
  });
});
