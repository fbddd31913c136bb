import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../records';
import { changeLines, GROUP_FROM } from './changeGroups';

const source = { host: 'h', pageKind: 'student-list', seenAt: 1 };
const change = (id: string, kind: ChangeEvent['kind'], at: number): ChangeEvent => ({
  id,
  kind,
  recordId: id,
  summary: id,
  at,
  source,
});

describe('最近变动 at a first reading (issue 15)', () => {
  it('shows 360 new students of the first reading as one line, not 360 rows', () => {
    const first = Array.from({ length: 360 }, (_, i) => change(`s${i}`, 'student-new', 1000 + i)).reverse();
    const lines = changeLines(first, 's0');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'reading', first: true, from: 1000, to: 1359 });
    expect(lines[0]!.kind === 'reading' && lines[0]!.changes).toHaveLength(360);
  });

  it('keeps other changes on their own lines, and a few new students as rows', () => {
    const later = [
      change('c1', 'case-status', 5000),
      ...Array.from({ length: GROUP_FROM - 1 }, (_, i) => change(`n${i}`, 'student-new', 4000 - i)),
      change('g1', 'student-gone', 3000),
      ...Array.from({ length: 40 }, (_, i) => change(`m${i}`, 'student-new', 2000 - i)),
    ];
    const lines = changeLines(later, 'first-of-all');
    expect(lines.map((l) => l.kind)).toEqual(['one', ...Array(GROUP_FROM - 1).fill('one'), 'one', 'reading']);
    expect(lines.at(-1)).toMatchObject({ kind: 'reading', first: false });
  });
});
