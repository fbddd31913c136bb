import { useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { type MessageKey, t, tx } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import type { RiskSummary } from '@/lib/records';
import { todayString } from '@/lib/time/day';
import { VisitForm } from './VisitForm';

/** 今天要做的事: open tasks first, by due date. */
export function TasksView({ db, by, risks }: { db: BaoxueDatabase; by: string; risks: RiskSummary[] }) {
  const studentOf = (id: string) => risks.find((r) => r.student.id === id)?.student;
  const [visiting, setVisiting] = useState<string>();
  const [message, setMessage] = useState<MessageState | null>(null);
  // A command refused (nobody set as this device's user …) says so above the list.
  const run = (write: () => Promise<unknown>) =>
    void write().then(
      () => setMessage(null),
      (e) => setMessage({ ok: false, text: t('error_prefix', errorText(e)) }),
    );
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
      <Message message={message} />
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
                <td>{tx(task.title)}</td>
                <td>{t(`role_${task.ownerRole}` as MessageKey)}</td>
                <td>{task.due}</td>
                <td>{t(`task_${task.state}` as MessageKey)}</td>
                <td>
                  {task.studentId && task.state !== 'done' && task.kind === 'followup-key-check' && (
                    <button
                      type="button"
                      onClick={() => run(() => command('key/check', { studentId: task.studentId }))}
                    >
                      {t('task_key_checked')}
                    </button>
                  )}
                  {task.studentId && task.state !== 'done' && task.kind === 'followup-township-report' && (
                    <button
                      type="button"
                      onClick={() =>
                        run(() =>
                          // The task names its 劝返 case; one without (never written so) opens nothing.
                          task.caseId
                            ? command('persuasion/report', { studentId: task.studentId, caseId: task.caseId })
                            : Promise.resolve(),
                        )
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
