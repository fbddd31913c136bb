import { useMemo, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { bulkTick } from '@/components/paperwork/BulkTick';
import { ChecklistView } from '@/components/paperwork/ChecklistView';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { type MessageKey, t, tx } from '@/lib/i18n';
import { gradeOfClass } from '@/lib/lists/listRows';
import { command } from '@/lib/messaging-client';
import type { CaseCheck } from '@/lib/paperwork/checks';
import { DESTINATION_CODE } from '@/lib/paperwork/destination';
import type { RiskSummary, Task } from '@/lib/records';
import { todayString } from '@/lib/time/day';
import { ConfirmDated } from './ConfirmDated';
import {
  ListControls,
  NoMatchRow,
  type ShownColumn,
  SortHeaders,
  useListTools,
  useSchool,
} from './ListTools';
import { tasksFor } from './taskOrder';
import { type Me, useMe } from './useMe';
import { VisitForm } from './VisitForm';

/**
 * 今天要做的事, for the person using the dashboard (issue 15 finding 6): a 班主任 gets 我的班级 and 我的待办
 * (the tasks about their children and their own, the overdue first); a registrar gets the paperwork first,
 * each with its 手续清单 a click away; what is still to do comes before what is done, by due date.
 */
export function TasksView({
  db,
  by,
  risks,
  paperwork,
}: {
  db: BaoxueDatabase;
  by: string;
  risks: RiskSummary[];
  /** Every case's checklist, by case id (the dashboard computes it once). */
  paperwork: Map<string, CaseCheck>;
}) {
  const me = useMe(db);
  const students = useMemo(() => new Map(risks.map((r) => [r.student.id, r.student])), [risks]);
  // Each child's open 劝返 case: the 辍学学生情况报告表 a task asks for is printed on it.
  const persuasionOf = useMemo(
    () => new Map(risks.flatMap((r) => (r.persuasion ? [[r.student.id, r.persuasion.id] as const] : []))),
    [risks],
  );
  const [message, setMessage] = useState<MessageState | null>(null);
  const tasks = useRx(() => db.tasks.find().$, [db], []);
  const plain = useMemo(() => tasks.map((d) => d.toJSON() as Task), [tasks]);
  const classOf = (task: Task) =>
    students.get(task.studentId)?.className ??
    (task.caseId ? (paperwork.get(task.caseId)?.c.className ?? '') : '');
  const { mine, others } = tasksFor(me, plain, classOf);
  const { school, system } = useSchool(db);
  // Sort (by 期限, 事项 or 班级), grade/class filters, search and export over both groups; 我的待办 stays
  // above the others, each group in its own order until a header is clicked.
  const columns: ShownColumn<Task>[] = [
    { key: 'task', header: t('col_task'), kind: 'text', value: (x) => tx(x.title) },
    { key: 'class', header: t('col_class'), kind: 'grade', value: classOf },
    {
      key: 'owner',
      header: t('col_owner'),
      kind: 'text',
      value: (x) => t(`role_${x.ownerRole}` as MessageKey),
    },
    { key: 'due', header: t('col_due'), kind: 'date', value: (x) => x.due },
    { key: 'state', header: t('col_state'), kind: 'text', value: (x) => t(`task_${x.state}` as MessageKey) },
  ];
  const mineIds = new Set(mine.map((x) => x.id));
  const tools = useListTools([...mine, ...others], columns, {
    gradeOf: (x) => gradeOfClass(classOf(x)),
    classOf,
    searchOf: (x) => [tx(x.title), students.get(x.studentId)?.name ?? '', classOf(x)],
    groupOf: (x) => (mineIds.has(x.id) ? 0 : 1),
    system,
  });
  // Both groups on the list: each gets its heading on screen, and the file a 分组 column in their place.
  const split = mine.length > 0 && others.length > 0;
  const groupColumn: ShownColumn<Task> = {
    key: 'group',
    header: t('tasks_group_col'),
    kind: 'text',
    value: (x) => t(mineIds.has(x.id) ? 'tasks_group_mine' : 'tasks_group_others'),
  };
  const shownMine = tools.shown.filter((x) => mineIds.has(x.id));
  const shownOthers = tools.shown.filter((x) => !mineIds.has(x.id));
  const today = todayString();
  const open = (x: Task) => x.state !== 'done' && x.state !== 'cancelled';
  const dueNow = mine.filter((x) => open(x) && x.due <= today).length;
  const run = (write: () => Promise<unknown>) =>
    write().then(
      () => setMessage(null),
      (e) => {
        setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
        throw e;
      },
    );

  return (
    <section>
      {me.role === 'teacher' && <MyClasses me={me} />}
      {!me.role && <p class="msg">{t('tasks_who_am_i')}</p>}
      {mine.length + others.length === 0 ? (
        <p class="empty">{t(me.role === 'teacher' ? 'tasks_none_teacher' : 'tasks_none')}</p>
      ) : (
        <>
          <h2 data-testid="due-now">
            {t(me.role === 'teacher' ? 'tasks_mine_title' : 'tasks_today', dueNow)}
          </h2>
          <Message message={message} />
          <ListControls
            tools={tools}
            countTestId="task-count"
            exportAs={{ list: t('list_tasks'), school, ...(split ? { leadColumns: [groupColumn] } : {}) }}
          />
          <table class="data" data-testid="tasks">
            <thead>
              <SortHeaders tools={tools}>
                <th />
              </SortHeaders>
            </thead>
            <tbody>
              <NoMatchRow shown={tools.shown.length} colSpan={6} />
              {split && shownMine.length > 0 && (
                <tr class="group" data-testid="tasks-mine-title">
                  <th colSpan={6}>{t('tasks_mine_group_title', shownMine.length)}</th>
                </tr>
              )}
            </tbody>
            <Rows
              rows={shownMine}
              group="mine"
              {...{ by, students, paperwork, classOf, run, today, persuasionOf }}
            />
            {shownOthers.length > 0 && (
              <>
                <tbody>
                  <tr class="group">
                    <th colSpan={6}>{t('tasks_others_title', shownOthers.length)}</th>
                  </tr>
                </tbody>
                <Rows
                  rows={shownOthers}
                  group="others"
                  {...{ by, students, paperwork, classOf, run, today, persuasionOf }}
                />
              </>
            )}
          </table>
          {mine.length === 0 && <p class="empty">{t('tasks_none_mine')}</p>}
        </>
      )}
    </section>
  );
}

function MyClasses({ me }: { me: Me }) {
  return (
    <p data-testid="my-classes" class="my-classes">
      <strong>{t('tasks_my_classes')}</strong>{' '}
      {me.classes.length ? me.classes.join('、') : <span class="muted">{t('tasks_my_classes_unknown')}</span>}
    </p>
  );
}

function Rows({
  rows,
  group,
  by,
  students,
  paperwork,
  classOf,
  run,
  today,
  persuasionOf,
}: {
  rows: Task[];
  group: string;
  by: string;
  students: Map<string, RiskSummary['student']>;
  paperwork: Map<string, CaseCheck>;
  classOf: (t: Task) => string;
  run: (write: () => Promise<unknown>) => Promise<unknown>;
  today: string;
  persuasionOf: Map<string, string>;
}) {
  const [openRow, setOpenRow] = useState<{ id: string; what: 'visit' | 'checklist' }>();
  const toggle = (id: string, what: 'visit' | 'checklist') =>
    setOpenRow(openRow?.id === id && openRow.what === what ? undefined : { id, what });
  return (
    <tbody data-group={group}>
      {rows.map((task) => {
        const student = students.get(task.studentId);
        const check = task.caseId ? paperwork.get(task.caseId) : undefined;
        const live = task.state !== 'done' && task.state !== 'cancelled';
        const overdue = live && task.due < today;
        return (
          <>
            <tr
              key={task.id}
              data-kind={task.kind}
              data-state={task.state}
              data-overdue={overdue ? 'true' : undefined}
              class={overdue ? 'overdue' : undefined}
            >
              <td>{tx(task.title)}</td>
              <td>{classOf(task)}</td>
              <td>{t(`role_${task.ownerRole}` as MessageKey)}</td>
              <td>
                {task.due}
                {overdue && <strong class="overdue-label"> {t('tasks_overdue')}</strong>}
              </td>
              <td>{t(`task_${task.state}` as MessageKey)}</td>
              <td class="actions">
                {live && check && (
                  <button type="button" onClick={() => toggle(task.id, 'checklist')}>
                    {t('tasks_open_checklist')}
                  </button>
                )}
                {live && task.studentId && task.kind === 'followup-key-check' && (
                  <button
                    type="button"
                    onClick={() =>
                      void run(() => command('key/check', { studentId: task.studentId })).catch(() => {})
                    }
                  >
                    {t('task_key_checked')}
                  </button>
                )}
                {live && task.studentId && task.kind === 'followup-township-report' && task.caseId && (
                  <ConfirmDated
                    label="pers_report_gov"
                    dateLabel="pers_reported_on"
                    explain={t('confirm_report_gov', student?.name ?? '')}
                    testId="confirm-report"
                    onConfirm={(date) =>
                      run(() =>
                        command('persuasion/report', {
                          studentId: task.studentId,
                          caseId: task.caseId!,
                          date,
                        }),
                      )
                    }
                  />
                )}
                {live && task.studentId && task.kind === 'ladder-dropout-report' && (
                  // 疑似辍学 (校领导): the task is the 辍学学生情况报告表 itself, on the child's 劝返 case (opened
                  // here when there is none yet), recorded as PersuasionPanel records it.
                  <button
                    type="button"
                    data-testid="task-dropout-report"
                    onClick={() =>
                      void run(async () => {
                        const studentId = task.studentId;
                        const caseId =
                          persuasionOf.get(studentId) ??
                          (await command('persuasion/open', { studentId })).caseId;
                        await command('dropout/report', { studentId });
                        window.open(
                          `/notice.html?doc=report&student=${encodeURIComponent(studentId)}&case=${encodeURIComponent(caseId)}`,
                          '_blank',
                          'noopener',
                        );
                      }).catch(() => {})
                    }
                  >
                    {t('pers_report_print')}
                  </button>
                )}
                {live &&
                  task.studentId &&
                  (task.kind.startsWith('ladder-') || task.kind === 'followup-dropout') && (
                    <button type="button" onClick={() => toggle(task.id, 'visit')}>
                      {t('visit_log')}
                    </button>
                  )}
              </td>
            </tr>
            {openRow?.id === task.id && openRow.what === 'visit' && student && (
              <tr key={`${task.id}:visit`}>
                <td colSpan={6}>
                  <VisitForm student={student} by={by} onDone={() => setOpenRow(undefined)} />
                </td>
              </tr>
            )}
            {openRow?.id === task.id && openRow.what === 'checklist' && check && (
              <tr key={`${task.id}:checklist`}>
                <td colSpan={6}>
                  <ChecklistView
                    c={check.c}
                    list={check.list}
                    verifier={by}
                    printHref={`/print.html?case=${encodeURIComponent(check.c.id)}`}
                    bulk={bulkTick(paperwork.values())}
                    onTick={async (doc, state, note, destination) => {
                      if (doc === DESTINATION_CODE && destination && state === 'received')
                        await command('destination/record', { caseId: check.c.id, ...destination });
                      else await command('document/tick', { caseId: check.c.id, doc, state, note });
                    }}
                  />
                </td>
              </tr>
            )}
          </>
        );
      })}
    </tbody>
  );
}
