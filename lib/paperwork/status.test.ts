/**
 * Issue 15 §5: a case the host system refused (审核不通过, 核办不通过) or withdrew (已撤销) is closed, not
 * complete — in the 学籍异动台账 (screen and xlsx, same rows) and on the host page's badge.
 */
import { describe, expect, it } from 'vitest';
import { say } from '../../tests/fixtures/say';
import type { BaoxueEvent, StatusChangeCase } from '../records';
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

describe('a leaving child with every paper in but no 去向 (seed 002 篇一 §五.7)', () => {
  const settings = Settings.parse({});
  const abroad: StatusChangeCase = { ...aCase('5', '待审核'), changeType: '出境学习', toSchool: '' };
  const ticks: BaoxueEvent[] = ['application', 'exit-proof'].map((doc, i) => ({
    id: `t${i}`,
    kind: 'documentReceived',
    studentId: '',
    caseId: '5',
    author: '李主任',
    at: 1000 + i,
    recordedAt: 1000 + i,
    data: { doc, state: 'received', note: '' },
  }));

  it('still has one thing to do, on the list and in the 学籍异动台账, until the 去向 is recorded', () => {
    const [check] = checkAll([abroad], ticks, settings, '2026-11-22');
    expect(check!.list.missing).toEqual([]);
    expect(paperworkStatus(check!.list)).toMatchObject({ state: 'missing', missing: 1 });
    const ledger = buildLedger(
      'changes',
      { students: [], events: ticks, checks: [check!], today: '2026-11-22' },
      say,
    );
    expect(String(ledger.rows[0]!.paperwork)).toBe('缺 1 项：学生流出去向');
  });

  it('is 已齐全 once the 去向 is recorded', () => {
    const dest: BaoxueEvent = {
      id: 'd',
      kind: 'documentReceived',
      studentId: '',
      caseId: '5',
      author: '李主任',
      at: 2000,
      recordedAt: 2000,
      data: { doc: 'destination', state: 'received', note: '', destKind: 'abroad', dest: '新加坡' },
    };
    const [check] = checkAll([abroad], [...ticks, dest], settings, '2026-11-22');
    expect(paperworkStatus(check!.list).state).toBe('complete');
  });
});
