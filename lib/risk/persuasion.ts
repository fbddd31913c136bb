/**
 * 劝返 (persuading a dropout back), domain.md §5: a case opens for a 疑似辍学 student; every attempt is
 * recorded (who, when, how, outcome); a 辍学生返校通知书 sets a deadline; the case is reported to the
 * 乡镇政府; a return (返校) closes it with its date (动态销号). All append-only events; the case's state is
 * derived from them.
 */
import type { BaoxueEvent } from '../records';

export type PersuasionStep = 'open' | 'attempt' | 'notice' | 'report' | 'returned';

export const STEP_LABEL: Record<PersuasionStep, string> = {
  open: '立案劝返',
  attempt: '劝返',
  notice: '发出辍学生返校通知书',
  report: '报告乡镇政府、县教育局',
  returned: '返校（销号）',
};

export interface PersuasionCase {
  id: string;
  studentId: string;
  openedAt: number;
  openedBy: string;
  steps: {
    /** The event that recorded this step (what closes a task it answers). */
    id: string;
    step: PersuasionStep;
    at: number;
    by: string;
    method: string;
    outcome: string;
    deadline: string;
  }[];
  /** The 返校通知书 deadline, once one was issued. */
  deadline?: string;
  returnedOn?: string;
  state: 'open' | 'closed';
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function persuasionCases(events: BaoxueEvent[]): PersuasionCase[] {
  const cases = new Map<string, PersuasionCase>();
  for (const e of [...events].filter((x) => x.kind === 'persuasionAttempt').sort((a, b) => a.at - b.at)) {
    const caseId = e.caseId;
    const step = str(e.data.step) as PersuasionStep;
    if (!caseId || !e.studentId || !(step in STEP_LABEL)) continue;
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
    c.steps.push({
      id: e.id,
      step,
      at: e.at,
      by: e.author,
      method: str(e.data.method),
      outcome: str(e.data.outcome),
      deadline: str(e.data.deadline),
    });
    if (step === 'notice' && str(e.data.deadline)) c.deadline = str(e.data.deadline);
    if (step === 'returned') {
      c.state = 'closed';
      c.returnedOn = str(e.data.date) || undefined;
    }
  }
  return [...cases.values()];
}

/** The open case of a student, if any. */
export function openCaseOf(cases: PersuasionCase[], studentId: string): PersuasionCase | undefined {
  return cases.find((c) => c.studentId === studentId && c.state === 'open');
}
