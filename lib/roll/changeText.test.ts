/**
 * 最近变动 in the reader's language: a change of 性别 reads "male → female" in the English UI and 男 → 女 in
 * the Chinese one; the stored summary keeps the values as they were (issue 14, coded text).
 */
import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { english, zh } from '../coded.testing';
import type { StatusChangeCase } from '../records';
import { changeSummaryText } from './changeText';
import { diffCase, diffStudent } from './diff';

const shown = (d: ReturnType<typeof diffStudent>, render: typeof english) =>
  d.changed && d.event ? changeSummaryText(d.event, render) : undefined;

const makeCase = (over: Partial<StatusChangeCase>): StatusChangeCase => ({
  id: 'c1',
  xjh: 'G110105201001010011',
  name: '王五',
  grade: '七年级',
  className: '七年级2班',
  changeType: '转出',
  reason: '随父母务工',
  changeDate: '2026-11-01',
  appliedDate: '2026-11-01',
  reviewStatus: '待审核',
  currentUnit: '',
  toSchool: '',
  fromSchool: '',
  flags: [],
  source: { host: 'xj.example', pageKind: 'cases', seenAt: 0 },
  updatedAt: 0,
  ...over,
});

describe('changeSummaryText', () => {
  it("shows a changed 性别 and 是否在校 in the reader's language, the stored summary unchanged", () => {
    const before = makeStudent({ name: '张三', className: '七年级1班', sex: '男', onRoll: true });
    const d = diffStudent(before, { ...before, sex: '女', onRoll: false });
    expect(d.changed && d.event?.summary).toContain('男 → 女'); // the stored record is unchanged
    expect(shown(d, english)).toContain('male → female；yes → no');
    expect(shown(d, english)).not.toMatch(/[男女是否]/);
    expect(shown(d, zh)).toContain('男 → 女；是 → 否');
  });

  it('shows names and classes as they are', () => {
    const before = makeStudent({ name: '李四', className: '1' });
    const d = diffStudent(before, { ...before, className: '2' });
    expect(shown(d, english)).toContain('1 → 2');
    expect(shown(d, english)).toContain('李四');
  });

  it("shows a case's 异动类别 in the reader's language", () => {
    const c = makeCase({ changeType: '转出', reviewStatus: '待审核' });
    const d = diffCase(undefined, c);
    expect(d.changed && d.event?.summary).toContain('转出');
    expect(shown(d, english)).toContain('Transfer out');
    expect(shown(d, english)).not.toContain('转出');
    const moved = diffCase(c, { ...c, reviewStatus: '审核通过' });
    expect(shown(moved, english)).toContain('Transfer out：待审核 → 审核通过');
  });
});
