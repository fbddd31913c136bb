import { useState } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { type MessageKey, t } from '@/lib/i18n';
import type { RiskSummary } from '@/lib/records';
import { recordKeyCheck, recordPersuasion } from '@/lib/risk/store';
import { todayString } from '@/lib/time/day';
import { VisitForm } from './VisitForm';

/** 今天要做的事: open tasks first, by due date. */
export function TasksView({ db, by, risks }: { db: BaoxueDatabase; by: string; risks: RiskSummary[] }) {
  const studentOf = (id: string) => risks.find((r) => r.student.id === id)?.student;
  const [visiting, setVisiting] = useState<string>();
  const tasks = useRx(() => db.tasks.find({ sort: [{ updatedAt: 'desc' }] }).$, [db], []);
  const sorted = [...tasks].sort(
    (a, b) => Number(b.state === 'open') - Number(a.state === 'open') || a.due.localeCompare(b.due),
  );
  const today = todayString();
  const dueNow = sorted.filter((x) => x.state !== 'done' && x.state !== 'cancelled' && x.due <= today).length;
  if (!sorted.length) return <p class="empty">{t('tasks_none')}</p>;
  return (
    <section>
      <h2 data-testid="due-now">{t('tasks_today', dueNow)}</h2>
      <table class="data" data-testid="tasks">
        <thead>
          <tr>
            <th>{t('col_task')}</th>
            <th>{t('col_owner')}</th>
            <th>{t('col_due')}</th>
            <th>{t('col_state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sorted.map((task) => (
            <>
              <tr key={task.id} data-kind={task.kind} data-state={task.state}>
                <td>{task.title}</td>
                <td>{t(`role_${task.ownerRole}` as MessageKey)}</td>
                <td>{task.due}</td>
                <td>{t(`task_${task.state}` as MessageKey)}</td>
                <td>
                  {task.studentId && task.state !== 'done' && task.kind === 'followup-key-check' && (
                    <button type="button" onClick={() => void recordKeyCheck(db, task.studentId, by || '—')}>
                      {t('task_key_checked')}
                    </button>
                  )}
                  {task.studentId && task.state !== 'done' && task.kind === 'followup-township-report' && (
                    <button
                      type="button"
                      onClick={() =>
                        void recordPersuasion(db, {
                          studentId: task.studentId,
                          ...(task.caseId ? { caseId: task.caseId } : {}),
                          step: 'report',
                          by: by || '—',
                        })
                      }
                    >
                      {t('pers_report_gov')}
                    </button>
                  )}
                  {task.studentId &&
                    task.state !== 'done' &&
                    (task.kind.startsWith('ladder-') || task.kind === 'followup-dropout') && (
                      <button
                        type="button"
                        onClick={() => setVisiting(visiting === task.id ? undefined : task.id)}
                      >
                        {t('visit_log')}
                      </button>
                    )}
                </td>
              </tr>
              {visiting === task.id && task.studentId && studentOf(task.studentId) && (
                <tr key={`${task.id}:visit`}>
                  <td colSpan={5}>
                    <VisitForm
                      db={db}
                      student={studentOf(task.studentId)!}
                      by={by}
                      onDone={() => setVisiting(undefined)}
                    />
                  </td>
                </tr>
              )}
            </>
          ))}
        </tbody>
      </table>
    </section>
  );
}
