import { describe, expect, it } from 'vitest';
import { BaoxueEvent, parseEvents } from '../records';
import { openCaseOf, persuasionCases } from './persuasion';

/** A step as stored (any step name); read as the app reads it, through the event union. */
const raw = (at: number, step: string, data: Record<string, string> = {}) => ({
  id: `e${at}`,
  kind: 'persuasionAttempt',
  studentId: 's1',
  caseId: 'p1',
  author: '王老师',
  at,
  recordedAt: at,
  data: { step, ...data },
});
const ev = (at: number, step: string, data: Record<string, string> = {}): BaoxueEvent =>
  BaoxueEvent.parse(raw(at, step, data));

describe('劝返 cases', () => {
  it('follows a case from opening through attempts and a notice to the return', () => {
    const events = [
      ev(1, 'open'),
      ev(2, 'attempt', { method: '上门', outcome: '家长不同意' }),
      ev(3, 'notice', { deadline: '2026-12-01' }),
    ];
    const [open] = persuasionCases(events);
    expect(open).toMatchObject({ state: 'open', deadline: '2026-12-01' });
    expect(open!.steps.map((s) => s.step)).toEqual(['open', 'attempt', 'notice']);
    expect(openCaseOf([open!], 's1')?.id).toBe('p1');

    const [closed] = persuasionCases([...events, ev(4, 'returned', { date: '2026-11-28' })]);
    expect(closed).toMatchObject({ state: 'closed', returnedOn: '2026-11-28' });
    expect(openCaseOf([closed!], 's1')).toBeUndefined();
  });

  it('ignores steps of a case that was never opened, and unknown steps', () => {
    expect(persuasionCases([ev(1, 'attempt')])).toEqual([]);
    expect(persuasionCases(parseEvents([raw(1, 'open'), raw(2, 'bribe')]))[0]!.steps).toHaveLength(1);
  });
});
