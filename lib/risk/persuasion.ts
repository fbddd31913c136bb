/**
 * 劝返 (persuading a dropout back), domain.md §5: a case opens for a 疑似辍学 student; every attempt is
 * recorded (who, when, how, outcome); a 辍学生返校通知书 sets a deadline; the case is reported to the
 * 乡镇政府; a return (返校) closes it with its date (动态销号). All append-only events; the case's state is
 * derived from them.
 */
import type { MessageKey } from '../i18n';
import type { BaoxueEvent, EventOf, PersuasionCase, PersuasionStep } from '../records';

export type { PersuasionCase, PersuasionStep };

/** Each step's name, as a message key (立案劝返, 劝返, 发出辍学生返校通知书 … in Chinese). */
export const STEP_LABEL: Record<PersuasionStep, MessageKey> = {
  open: 'step_open',
  attempt: 'step_attempt',
  notice: 'step_notice',
  report: 'step_report',
  returned: 'step_returned',
};

export function persuasionCases(events: BaoxueEvent[]): PersuasionCase[] {
  const cases = new Map<string, PersuasionCase>();
  const attempts = events.filter((x): x is EventOf<'persuasionAttempt'> => x.kind === 'persuasionAttempt');
  for (const e of attempts.sort((a, b) => a.at - b.at)) {
    const caseId = e.caseId;
    const { step, method, outcome, deadline, date } = e.data;
    if (!caseId || !e.studentId) continue;
    let c = cases.get(caseId);
    if (!c) {
      if (step !== 'open') continue;
      c = {
        id: caseId,
        studentId: e.studentId,
        openedAt: e.at,
        openedBy: e.author,
        steps: [],
        state: 'open',
      };
      cases.set(caseId, c);
    }
    // A step counts for the case's own child only: one naming another child's case (a teacher's device writing
    // "returned" with another class's case id) would otherwise close that child's case.
    if (e.studentId !== c.studentId) continue;
    c.steps.push({
      id: e.id,
      step,
      at: e.at,
      by: e.author,
      method,
      outcome,
      deadline,
      // The day a report or a return happened, as the user gave it (the event's time is when it was typed).
      ...(date ? { date } : {}),
    });
    if (step === 'notice' && deadline) c.deadline = deadline;
    if (step === 'returned') {
      c.state = 'closed';
      c.returnedOn = date || undefined;
    }
  }
  return [...cases.values()];
}

/** The open case of a student, if any. */
export function openCaseOf(cases: PersuasionCase[], studentId: string): PersuasionCase | undefined {
  return cases.find((c) => c.studentId === studentId && c.state === 'open');
}
