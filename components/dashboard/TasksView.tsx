import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/database';
import { type MessageKey, t } from '@/lib/i18n';

/** 今天要做的事: open tasks first, by due date. */
export function TasksView({ db }: { db: BaoxueDatabase }) {
  const tasks = useRx(() => db.tasks.find({ sort: [{ updatedAt: 'desc' }] }).$, [db], []);
  const sorted = [...tasks].sort(
    (a, b) => Number(b.state === 'open') - Number(a.state === 'open') || a.due.localeCompare(b.due),
  );
  if (!sorted.length) return <p class="empty">{t('tasks_none')}</p>;
  return (
    <table class="data" data-testid="tasks">
      <thead>
        <tr>
          <th>{t('col_task')}</th>
          <th>{t('col_owner')}</th>
          <th>{t('col_due')}</th>
          <th>{t('col_state')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((task) => (
          <tr key={task.id} data-kind={task.kind} data-state={task.state}>
            <td>{task.title}</td>
            <td>{t(`role_${task.ownerRole}` as MessageKey)}</td>
            <td>{task.due}</td>
            <td>{t(`task_${task.state}` as MessageKey)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
