/**
 * What 待办 shows first, and in what order (issue 15 finding 6): a 班主任 sees the tasks about the children
 * of their classes and their own, never the registrar's paperwork; a registrar sees the tasks assigned to
 * 学籍管理员 first (the paperwork), a leader those assigned to 校领导; the rest of the school's below. Within a list: what is still to do before what is done, then by due date, so
 * the overdue come first.
 */
import type { Task } from '@/lib/records';
import type { Me } from './useMe';

/** Tasks that are a 学籍异动 case's paperwork (lib/paperwork/consequences). */
export const PAPERWORK_KINDS: ReadonlySet<string> = new Set(['urge-transfer', 'suspension-expired']);

type T = Pick<Task, 'id' | 'kind' | 'ownerRole' | 'due' | 'state' | 'studentId' | 'caseId'>;

const finished = (t: T) => t.state === 'done' || t.state === 'cancelled';

/** Still to do first; then by due date (the oldest, so the overdue, first); then a stable id. */
export function byDue<X extends T>(a: X, b: X): number {
  return Number(finished(a)) - Number(finished(b)) || a.due.localeCompare(b.due) || a.id.localeCompare(b.id);
}

export function tasksFor<X extends T>(
  me: Me,
  tasks: readonly X[],
  /** The class of the child a task is about ('' when not known). */
  classOf: (task: X) => string,
): { mine: X[]; others: X[] } {
  const sorted = [...tasks].sort(byDue);
  if (me.role === 'teacher') {
    const mine = sorted.filter((task) => {
      if (task.ownerRole === 'registrar' || (PAPERWORK_KINDS.has(task.kind) && task.ownerRole !== 'teacher'))
        return false;
      if (!task.studentId) return task.ownerRole === 'teacher';
      return me.classes.length === 0 || me.classes.includes(classOf(task));
    });
    return { mine, others: [] };
  }
  if (!me.role) return { mine: sorted, others: [] };
  // A registrar's (or leader's) own tasks are those assigned to their role: a 班主任's urging of a transfer is
  // 学籍异动 paperwork too, but the 班主任's to do, so it goes under 全校其他待办, not 我的待办.
  const isMine = (task: X) => task.ownerRole === me.role;
  return { mine: sorted.filter(isMine), others: sorted.filter((x) => !isMine(x)) };
}
