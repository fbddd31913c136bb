/**
 * Corrections without edits: a record is never changed; a correction is a new event naming the one it
 * `supersedes`. What stands is every event no later event supersedes — so two devices correcting at once
 * both keep their records, and the history shows what was first written.
 */
export function standing<T extends { id: string; supersedes?: string }>(events: T[]): T[] {
  const superseded = new Set(events.map((e) => e.supersedes).filter(Boolean));
  return superseded.size ? events.filter((e) => !superseded.has(e.id)) : events;
}
