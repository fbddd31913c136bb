import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { zh } from '../coded.testing';
import type { BaoxueEvent } from '../records';
import { computeRisk, computeRiskInChunks } from './engine';

const absent = (studentId: string, date: string, i: number): BaoxueEvent => ({
  id: `a${studentId}${date}`,
  kind: 'absence',
  studentId,
  author: '王老师',
  at: i,
  recordedAt: i,
  data: { date, half: 'day', mark: 'unexcused', reason: '' },
});

describe('computeRisk', () => {
  const a = makeStudent({ id: 'A', xjh: 'A', name: '甲' });
  const b = makeStudent({ id: 'B', xjh: 'B', name: '乙' });
  const c = makeStudent({ id: 'C', xjh: 'C', name: '丙' });

  it('gives a tier with reasons and the ladder’s tasks to students with records, and nothing to the rest', () => {
    const events = [absent('A', '2026-11-19', 1), absent('A', '2026-11-20', 2), absent('B', '2026-11-20', 3)];
    const risks = computeRisk([a, b, c], events, [], '2026-11-20', 10);
    expect(risks.map((r) => [r.student.id, r.tier, r.reasons.map(zh), r.tasks.map((t) => t.state)])).toEqual([
      [
        'A',
        'warning',
        ['连续缺课 2 天', '1 项处置逾期未完成', '本学期缺课 2 天'],
        ['escalated', 'open', 'open'],
      ],
      ['B', 'watch', ['缺课 1 天', '本学期缺课 1 天'], ['open', 'open']],
    ]);
    expect(risks.find((r) => r.student.id === 'C')).toBeUndefined();
  });

  it('lists a student named only by an overdue transfer-out', () => {
    const risks = computeRisk(
      [a],
      [],
      [
        {
          xjh: 'X',
          name: '丁',
          className: '二年级1班',
          reason: 'transfer-overdue',
          caseId: 'k',
          since: '2026-11-03',
        },
      ],
      '2026-11-20',
      10,
    );
    expect(risks).toEqual([
      expect.objectContaining({ student: expect.objectContaining({ id: 'X', name: '丁' }), tier: 'urgent' }),
    ]);
  });

  it('gives the same list when computed in chunks, yielding between them', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      makeStudent({ id: `S${i}`, xjh: `S${i}`, name: `生${i}` }),
    );
    const events = many.flatMap((s, i) =>
      i % 3 ? [] : [absent(s.id, '2026-11-19', i), absent(s.id, '2026-11-20', i + 100)],
    );
    const chunks: number[] = [];
    const chunked = await computeRiskInChunks(many, events, [], '2026-11-20', 10, {}, 4, (ms) =>
      chunks.push(ms),
    );
    expect(chunked).toEqual(computeRisk(many, events, [], '2026-11-20', 10));
    expect(chunked).toHaveLength(10);
    expect(chunks).toHaveLength(3); // 10 noted students, 4 per chunk
  });
});
