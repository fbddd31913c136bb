/**
 * Which child each 劝返 case is about, as the server can tell: the children its steps (`persuasionAttempt`
 * events naming the case by `caseId`) are about. server/eventRefs.ts judges a teacher's step on a case by it;
 * the school's index (server/scope.ts `ClassIndex`) keeps it from the events' changes feed it already follows,
 * so one reader of that feed serves both.
 */

type Doc = Record<string, unknown>;

export interface CaseSteps {
  /** caseId → (step event id → the child it names). */
  cases: Map<string, Map<string, string>>;
  /** event id → the case it names (to move or drop it when the event changes). */
  caseOf: Map<string, string>;
}

export const noCaseSteps = (): CaseSteps => ({ cases: new Map(), caseOf: new Map() });

/** One row of the events' changes feed: a step moved to the case it names now, or dropped. */
export function noteCaseStep(ix: CaseSteps, row: { id: string; deleted?: boolean; doc?: Doc }): void {
  const was = ix.caseOf.get(row.id);
  if (was !== undefined) {
    ix.cases.get(was)?.delete(row.id);
    if (ix.cases.get(was)?.size === 0) ix.cases.delete(was);
    ix.caseOf.delete(row.id);
  }
  const c = row.doc?.caseId;
  if (row.deleted || typeof c !== 'string' || c === '' || row.doc?.kind !== 'persuasionAttempt') return;
  let steps = ix.cases.get(c);
  if (!steps) {
    steps = new Map();
    ix.cases.set(c, steps);
  }
  steps.set(row.id, String(row.doc.studentId ?? ''));
  ix.caseOf.set(row.id, c);
}
