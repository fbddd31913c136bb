import { describe, expect, it } from 'vitest';
import { BaoxueEvent, EVENT_KINDS, parseEvents, StoredEvent } from './records';
import { refusal, validateDocUpdate } from './sync/school';

const base = { id: 'e1', studentId: 'A', author: '王老师', at: 1, recordedAt: 1 };

describe('events as a union on kind', () => {
  it('reads a 家访 stored before codes (method 上门/电话/微信) as today’s codes', () => {
    const old = parseEvents([
      { ...base, id: 'v1', kind: 'homeVisit', data: { method: '上门', visitorRole: 'leader', reason: '' } },
      { ...base, id: 'v2', kind: 'homeVisit', data: { method: '电话', visitorRole: 'teacher' } },
      { ...base, id: 'v3', kind: 'homeVisit', data: { method: '微信', visitorRole: 'teacher' } },
    ]);
    expect(old.map((e) => e.kind === 'homeVisit' && e.data.method)).toEqual(['home', 'phone', 'wechat']);
  });

  it('reads a 劝返 attempt stored with its Chinese method, and old steps with no method at all', () => {
    const [attempt, opened] = parseEvents([
      {
        ...base,
        kind: 'persuasionAttempt',
        caseId: 'c',
        data: { step: 'attempt', method: '村委会协助', outcome: '答应' },
      },
      { ...base, id: 'e2', kind: 'persuasionAttempt', caseId: 'c', data: { step: 'open' } },
    ]);
    expect(attempt).toMatchObject({ data: { method: 'village', outcome: '答应' } });
    expect(opened).toMatchObject({ data: { step: 'open', method: '', outcome: '', deadline: '', date: '' } });
  });

  it('types each note: a 重点生, a class day report; an unknown note or a malformed mark is left out, not half-read', () => {
    const read = parseEvents([
      { ...base, kind: 'riskNote', data: { type: 'key-student', reason: '厌学', partner: '李老师' } },
      {
        ...base,
        id: 'r2',
        kind: 'riskNote',
        studentId: '',
        data: { type: 'class-day-report', className: '一年级1班', date: '2026-11-20' },
      },
      { ...base, id: 'r3', kind: 'riskNote', data: { type: 'something-new' } },
      { ...base, id: 'a1', kind: 'absence', data: { date: '20/11/2026', half: 'day', mark: 'unexcused' } },
    ]);
    expect(read.map((e) => e.id)).toEqual(['e1', 'r2']);
  });

  it('the stored shape still holds every event as it was written (old values kept for older devices)', () => {
    const stored = { ...base, kind: 'homeVisit', data: { method: '上门', visitorRole: 'teacher' } };
    expect(StoredEvent.parse(stored).data.method).toBe('上门');
    expect(BaoxueEvent.parse(stored).data).toMatchObject({ method: 'home' });
  });

  it('the server’s write rule checks the kinds of the union, not a list of its own', () => {
    expect(EVENT_KINDS).toEqual(
      expect.arrayContaining(['absence', 'homeVisit', 'persuasionAttempt', 'documentReceived', 'riskNote']),
    );
    expect(validateDocUpdate('events')).toContain(JSON.stringify(EVENT_KINDS));
    // A kind the union does not know is refused by the gateway's rule, whatever the device sends.
    const doc = { id: 'x', kind: 'grades', author: 'wang', at: 1, recordedAt: 1, data: {} };
    expect(refusal('events', doc, undefined, { name: 'wang', roles: ['teacher'] })).toBeDefined();
    expect(
      refusal('events', { ...doc, kind: 'absence' }, undefined, { name: 'wang', roles: ['teacher'] }),
    ).toBeUndefined();
  });
});
