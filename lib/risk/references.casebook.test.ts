/**
 * Casebook: a record that names another record (a correction's `supersedes`, a 劝返 step's `caseId`) acts on
 * that record only when both are about the same child. Follows lib/records.ts ("a correction is a new event
 * naming the one it supersedes") and domain.md §劝返 ("Every attempt recorded (who, when, how, outcome) …
 * Closed by 返校 (动态销号) with the date"): a case is one child's, closed by that child's return; a mark is
 * one child's, corrected by a record about that child. Anything else is kept in the history and changes
 * nothing (the school server refuses it too: server/eventRefs.ts).
 */
import { describe, expect, it } from 'vitest';
import { BaoxueEvent } from '../records';
import { standing } from './corrections';
import { openCaseOf, persuasionCases } from './persuasion';

const mark = (id: string, studentId: string, mark: string, at: number, supersedes?: string) =>
  BaoxueEvent.parse({
    id,
    kind: 'absence',
    studentId,
    author: studentId === 'Y' ? '李主任' : '王老师',
    at,
    recordedAt: at,
    ...(supersedes ? { supersedes } : {}),
    data: { date: '2026-11-20', half: 'am', mark },
  });
const step = (id: string, studentId: string, caseId: string, s: string, at: number, date = '') =>
  BaoxueEvent.parse({
    id,
    kind: 'persuasionAttempt',
    studentId,
    caseId,
    author: '王老师',
    at,
    recordedAt: at,
    data: { step: s, method: '', date },
  });

describe('corrections name a record about the same child', () => {
  it('情形: 王老师 marks her own child 到 "correcting" another class\'s 旷课 mark → the other mark stands', () => {
    const other = mark('m-other', 'Y', 'unexcused', 1);
    const stray = mark('t-own', 'X', 'present', 2, 'm-other');
    expect(standing([other, stray]).map((e) => e.id)).toEqual(['m-other', 't-own']);
  });

  it("情形: a correction of the same child's mark (旷 → 假) → only the correction stands", () => {
    const first = mark('m1', 'X', 'unexcused', 1);
    const fix = mark('m2', 'X', 'excused', 2, 'm1');
    expect(standing([first, fix]).map((e) => e.id)).toEqual(['m2']);
  });
});

describe("劝返 steps count for their case's own child", () => {
  it("情形: another child's step \"returned\" with Y's case id → Y's case stays open, without that step", () => {
    const cases = persuasionCases([
      step('o', 'Y', 'K', 'open', 1),
      step('r', 'X', 'K', 'returned', 2, '2026-11-21'),
    ]);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ studentId: 'Y', state: 'open' });
    expect(cases[0]!.steps.map((s) => s.id)).toEqual(['o']);
    expect(openCaseOf(cases, 'Y')?.id).toBe('K');
  });

  it("情形: the child's own return closes the case with its date (动态销号)", () => {
    const cases = persuasionCases([
      step('o', 'Y', 'K', 'open', 1),
      step('r', 'Y', 'K', 'returned', 2, '2026-11-21'),
    ]);
    expect(cases[0]).toMatchObject({ state: 'closed', returnedOn: '2026-11-21' });
  });
});
