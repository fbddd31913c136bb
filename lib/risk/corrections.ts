/**
 * Corrections without edits: a record is never changed; a correction is a new event naming the one it
 * `supersedes`. What stands is every event no later event supersedes — so two devices correcting at once
 * both keep their records, and the history shows what was first written.
 *
 * A correction corrects a record about the same child only: one naming a record about another child (or a
 * record this list does not hold) drops nothing. A teacher's device could otherwise take another class's
 * 旷课 mark off the registrar's ledger by writing "present" about their own child with that mark's id.
 */
export function standing<T extends { id: string; supersedes?: string; studentId?: string }>(
  events: T[],
): T[] {
  const childOf = new Map<string, string>();
  for (const e of events) childOf.set(e.id, e.studentId ?? '');
  const superseded = new Set<string>();
  for (const e of events)
    if (e.supersedes && childOf.get(e.supersedes) === (e.studentId ?? '')) superseded.add(e.supersedes);
  return superseded.size ? events.filter((e) => !superseded.has(e.id)) : events;
}
