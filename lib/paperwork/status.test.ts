/**
 * Issue 15 §5: a case the host system refused (审核不通过, 核办不通过) or withdrew (已撤销) is closed, not
 * complete — in the 学籍异动台账 (screen and xlsx, same rows) and on the host page's badge.
 */
import { describe, expect, it } from 'vitest';
import { say } from '../../tests/fixtures/say';
import type { StatusChangeCase } from '../records';
import { buildLedger } from '../reports/ledgers';
import { Settings } from '../settings/settings';
import { checkAll } from './checks';
import { paperworkStatus } from './status';

const source = { host: 'h', pageKind: 'status-change-apply', seenAt: 1 };
const aCase = (id: string, reviewStatus: string): StatusChangeCase => ({
  id,
  xjh: `G${id}`,
  name: '甲',
  grade: '七年级',
  className: '七年级1班',
  changeType: '转出',
  reason: '',
  changeDate: '2026-11-16',
  appliedDate: '2026-11-16',
  reviewStatus,
  currentUnit: '本校',
  toSchool: '东城中学',
  fromSchool: '',
  flags: [],
  source,
  updatedAt: 1,
});

describe('paperwork of a refused or withdrawn case', () => {
  const settings = Settings.parse({});
  const closed = ['审核不通过', '核办不通过', '已撤销'];
  const checks = checkAll(
    [...closed.map((s, i) => aCase(String(i), s)), aCase('9', '待审核')],
    [],
    settings,
    '2026-11-22',
  );

  it.each(closed.map((s, i) => [s, i] as const))('%s reads as closed, not complete', (_status, i) => {
    expect(paperworkStatus(checks[i]!.list).state).toBe('closed');
  });

  it('says 已结束（不通过/已撤销） in the 学籍异动台账, never 已齐全', () => {
    const ledger = buildLedger('changes', { students: [], events: [], checks, today: '2026-11-22' }, say);
    const cells = ledger.rows.map((r) => String(r.paperwork));
    expect(cells.slice(0, 3)).toEqual(Array(3).fill('已结束（不通过/已撤销），无需材料'));
    expect(cells.filter((c) => c === '已齐全')).toEqual([]);
    // The case still in progress still lists what is missing.
    expect(cells[3]).toMatch(/^缺 \d+ 项/);
  });
});
