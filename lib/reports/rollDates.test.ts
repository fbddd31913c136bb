/**
 * A bare 转学 case (a 跨省转学 list shows no 异动类别, so the case says only 转学) dates the roll the way the
 * paperwork check reads it: a transfer into this school is a join, a transfer out a leaving — so 年辍学率's
 * base, the roll at 学年初, counts a child who came in mid-year out and a child who left mid-year in.
 */
import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import type { StatusChangeCase } from '../records';
import { onRollOn, rollDates } from './rates';

const transfer = (xjh: string, over: Partial<StatusChangeCase>): StatusChangeCase => ({
  id: `${xjh}|转学`,
  xjh,
  name: '甲',
  grade: '七年级',
  className: '七年级1班',
  changeType: '转学',
  reason: '',
  changeDate: '2026-10-15',
  appliedDate: '2026-10-01',
  reviewStatus: '审核通过',
  currentUnit: '',
  toSchool: '',
  fromSchool: '',
  flags: [],
  source: { host: 'h', pageKind: 'cross-province', seenAt: 1 },
  updatedAt: 1,
  ...over,
});
const YEAR_START = '2026-09-01';

describe('a bare 转学 on the roll at 学年初', () => {
  const cameIn = makeStudent({ id: 'GIN', xjh: 'GIN', onRoll: true, enrolled: '2020-09' });
  const wentOut = makeStudent({
    id: 'GOUT',
    xjh: 'GOUT',
    onRoll: false,
    enrolled: '2020-09',
    updatedAt: Date.UTC(2026, 10, 20),
  });

  it('by the school’s name: 转入学校 is this school → joined that day; 转出学校 → left that day', () => {
    const roll = rollDates(
      [cameIn, wentOut],
      [
        transfer('GIN', { toSchool: '实验中学', fromSchool: '外省一中' }),
        transfer('GOUT', { fromSchool: '实验中学', toSchool: '外省一中', changeDate: '2026-10-10' }),
      ],
      [],
      '实验中学',
    );
    expect(roll.get('GIN')).toEqual({ joined: '2026-10-15', left: undefined });
    expect(roll.get('GOUT')?.left).toBe('2026-10-10');
    expect(onRollOn(roll.get('GIN'), YEAR_START)).toBe(false);
    expect(onRollOn(roll.get('GOUT'), YEAR_START)).toBe(true);
  });

  it('without the school’s name: on the roll now → came in; off it → went out', () => {
    const roll = rollDates(
      [cameIn, wentOut],
      [transfer('GIN', {}), transfer('GOUT', { changeDate: '2026-10-10' })],
    );
    expect(roll.get('GIN')?.joined).toBe('2026-10-15');
    expect(roll.get('GOUT')?.left).toBe('2026-10-10');
  });
});
