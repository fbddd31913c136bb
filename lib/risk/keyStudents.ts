/**
 * 重点生 (students at risk a class names, seeds 篇三): designated with a reason and a 帮扶 partner teacher,
 * visited weekly. Designation and its end are append-only notes; the latest says whether a student is one.
 */

import type { BaoxueEvent, KeyStudent } from '../records';
import { addDaysTo, dayString } from '../time/day';

export const KEY_VISIT_DAYS = 7;

export type { KeyStudent };

export function keyStudents(events: BaoxueEvent[], today: string): Map<string, KeyStudent> {
  const out = new Map<string, KeyStudent>();
  const sorted = [...events].sort((a, b) => a.at - b.at);
  for (const e of sorted) {
    if (e.kind !== 'riskNote' || !e.studentId) continue;
    if (e.data.type === 'key-student') {
      const since = dayString(e.at);
      out.set(e.studentId, {
        studentId: e.studentId,
        since,
        reason: e.data.reason,
        partner: e.data.partner,
        by: e.author,
        nextVisitDue: since,
        visitOverdue: false,
      });
    } else if (e.data.type === 'key-student-end') out.delete(e.studentId);
  }
  for (const k of out.values()) {
    const visits = sorted.filter(
      (e) => e.kind === 'homeVisit' && e.studentId === k.studentId && dayString(e.at) >= k.since,
    );
    k.lastVisit = visits.length ? dayString(visits.at(-1)!.at) : undefined;
    k.nextVisitDue = addDaysTo(k.lastVisit ?? k.since, KEY_VISIT_DAYS);
    k.visitOverdue = today > k.nextVisitDue;
  }
  return out;
}
