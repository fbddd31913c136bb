/**
 * What incomplete paperwork means for a child (seeds 篇一 §五.7): a 转出 still incomplete past its deadline
 * is a suspected dropout (疑似辍学) and its class teacher is reminded to urge the family; a 休学 past its end
 * with no 复学 or 续休 needs the registrar. Pure: checklists in, at-risk entries and tasks out.
 */
import { say } from '../coded';
import type { StatusChangeCase, Task } from '../records';
import type { Checklist } from './checklist';

export interface AtRiskEntry {
  xjh: string;
  name: string;
  className: string;
  reason: 'transfer-overdue' | 'suspension-expired';
  caseId: string;
  since: string;
}

export function paperworkConsequences(
  checked: { c: StatusChangeCase; list: Checklist }[],
  now: number,
): { atRisk: AtRiskEntry[]; tasks: Task[] } {
  const atRisk: AtRiskEntry[] = [];
  const tasks: Task[] = [];
  for (const { c, list } of checked) {
    if (list.suspectedDropout) {
      atRisk.push({
        xjh: c.xjh,
        name: c.name,
        className: c.className,
        reason: 'transfer-overdue',
        caseId: c.id,
        since: list.due!,
      });
      tasks.push({
        id: `urge-transfer:${c.id}`,
        kind: 'urge-transfer',
        title: say('task_urge_transfer', c.name, c.className, list.missing.length),
        caseId: c.id,
        studentId: c.xjh,
        ownerRole: 'teacher',
        due: list.due!,
        state: 'open',
        createdAt: now,
        updatedAt: now,
      });
    }
    if (list.flags.includes('suspension-expired')) {
      atRisk.push({
        xjh: c.xjh,
        name: c.name,
        className: c.className,
        reason: 'suspension-expired',
        caseId: c.id,
        since: list.suspensionEnds!,
      });
      tasks.push({
        id: `suspension-expired:${c.id}`,
        kind: 'suspension-expired',
        title: say('task_suspension_expired', c.name, c.className),
        caseId: c.id,
        studentId: c.xjh,
        ownerRole: 'registrar',
        due: list.suspensionEnds!,
        state: 'open',
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  return { atRisk, tasks };
}
