import { describe, expect, it } from 'vitest';
import { noCaseSteps, noteCaseStep } from './caseSteps';
import { CASE_REFUSED, EventRefs } from './eventRefs';
import type { Scope } from './scope';
import type { Upstream } from './upstream';

const step = (id: string, caseId: string, studentId: string) => ({
  id,
  doc: { _id: id, kind: 'persuasionAttempt', caseId, studentId },
});

describe('a 劝返 case’s steps, from the events’ changes feed', () => {
  it('lists each case’s steps by the child they name', () => {
    const ix = noCaseSteps();
    noteCaseStep(ix, step('s1', 'K1', 'A'));
    noteCaseStep(ix, step('s2', 'K1', 'A'));
    noteCaseStep(ix, step('s3', 'K2', 'B'));
    expect([...ix.cases.get('K1')!]).toEqual([
      ['s1', 'A'],
      ['s2', 'A'],
    ]);
    expect([...ix.cases.get('K2')!]).toEqual([['s3', 'B']]);
  });

  it('moves a step rewritten onto another case, and forgets a case whose last step is deleted', () => {
    const ix = noCaseSteps();
    noteCaseStep(ix, step('s1', 'K1', 'A'));
    noteCaseStep(ix, step('s1', 'K2', 'A'));
    expect(ix.cases.has('K1')).toBe(false);
    expect([...ix.cases.get('K2')!]).toEqual([['s1', 'A']]);
    noteCaseStep(ix, { id: 's1', deleted: true });
    expect(ix.cases.size).toBe(0);
    expect(ix.caseOf.size).toBe(0);
  });

  it('takes only 劝返 steps: another kind naming a case is no step of it', () => {
    const ix = noCaseSteps();
    noteCaseStep(ix, { id: 't1', doc: { kind: 'documentReceived', caseId: 'K1', studentId: '' } });
    noteCaseStep(ix, { id: 'v1', doc: { kind: 'homeVisit', caseId: 'K1', studentId: 'A' } });
    noteCaseStep(ix, { id: 's0', doc: { kind: 'persuasionAttempt', caseId: '', studentId: 'A' } });
    expect(ix.cases.size).toBe(0);
  });
});

describe('a teacher’s 劝返 step judged by the index’s steps (server/eventRefs.ts)', () => {
  const teacher: Scope = { all: false, classes: new Set(['七年级1班']), name: '王老师', self: '王老师' };
  // No `supersedes` in these writes: nothing is read from the engine.
  const refs = new EventRefs({} as Upstream);
  const write = (caseId: string, studentId: string, s = 'attempt') => ({
    _id: `w-${caseId}-${studentId}-${s}`,
    kind: 'persuasionAttempt',
    studentId,
    caseId,
    data: { step: s },
  });
  const ix = noCaseSteps();
  noteCaseStep(ix, step('s1', 'K1', 'A'));
  const index = { classes: new Map(), partners: new Map(), caseSteps: ix.cases };

  it('takes a step on a case about the same child, refuses one on a case about another', async () => {
    expect(await refs.refusals('s', teacher, [write('K1', 'A')], () => false, index)).toEqual([undefined]);
    expect(await refs.refusals('s', teacher, [write('K1', 'B')], () => false, index)).toEqual([CASE_REFUSED]);
  });

  it('refuses any step naming a case when no index is at hand (deny by default)', async () => {
    const answers = await refs.refusals('s', teacher, [write('K9', 'A', 'open')], () => false, undefined);
    expect(answers).toEqual([CASE_REFUSED]);
  });
});
