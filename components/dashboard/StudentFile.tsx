/** A 重点生's file on one page: context, absences this term, tasks, visits and 劝返 attempts. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { useRx } from '@/components/useRx';
import { useIdentityHidden } from '@/components/useXjhShown';
import type { BaoxueDatabase } from '@/lib/db/types';
import { ladderTasksOf } from '@/lib/derive/tasks';
import { errorText } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { type MessageKey, t, tx } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import { parseEvents, type RiskSummary, type Student } from '@/lib/records';
import { absenceFromEvent } from '@/lib/risk/absences';
import { persuasionCases, STEP_LABEL } from '@/lib/risk/persuasion';
import { semesterOf } from '@/lib/risk/quotas';
import { todayString } from '@/lib/time/day';
import { VisitList } from './VisitList';

export function StudentFile({ db, risk, by }: { db: BaoxueDatabase; risk: RiskSummary; by: string }) {
  const id = risk.student.id;
  // 访问记录: opening a child's file is logged (who, when, which child).
  useEffect(() => {
    void command('access/record', { what: 'studentFile', studentId: id }).catch(() => {});
  }, [id]);
  const student = useRx(() => db.students.findOne(id).$, [db, id], null);
  const hidden = useIdentityHidden(db);
  const events = useRx(
    () => db.events.find({ selector: { studentId: id }, sort: [{ recordedAt: 'asc' }] }).$,
    [db, id],
    [],
  );
  const tasks = useRx(() => db.tasks.find({ ...ladderTasksOf(id), sort: [{ id: 'asc' }] }).$, [db, id], []);
  const all = useMemo(() => parseEvents(events.map((e) => e.toJSON())), [events]);
  const { from } = semesterOf(todayString());
  const absences = all
    .map(absenceFromEvent)
    .filter((m) => m !== null && m.mark !== 'present' && m.date >= from)
    .map(
      (m) =>
        `${m!.date} ${m!.half === 'day' ? '' : m!.half === 'am' ? t('att_am_short') : t('att_pm_short')}${m!.mark === 'excused' ? `（${t('att_state_excused')}）` : ''}`,
    );

  const steps = persuasionCases(all).flatMap((c) => c.steps);
  const s = student?.toJSON() as Student | undefined;
  const none = <p class="empty">{t('file_none')}</p>;
  return (
    <div class="file" data-testid="student-file">
      <h3>{t('file_context')}</h3>
      <p>
        {/* No 学籍号 held (a teacher's device): who may see it is said, never the id's hash nor a blank. */}
        {[
          risk.student.name,
          risk.student.className,
          risk.student.xjh || (hidden ? `${t('col_xjh')}：${t('xjh_office_only')}` : ''),
        ]
          .filter(Boolean)
          .join(' · ')}
        {s?.phone && ` · ${s.phone}`}
        {s?.address && ` · ${s.address}`}
      </p>
      {risk.student.specialGroups?.length ? (
        <p>{`${t('col_groups')}：${risk.student.specialGroups.join('、')}`}</p>
      ) : null}
      <GroupsInput studentId={id} />
      {risk.key && (
        <p>{`${t('key_reason')}：${risk.key.reason} · ${t('key_partner')}：${risk.key.partner}`}</p>
      )}
      {risk.reasons.length > 0 && <p>{risk.reasons.map(tx).join(t('list_separator'))}</p>}
      <h3>{t('file_absences')}</h3>
      {absences.length ? <p>{absences.join('、')}</p> : none}
      <h3>{t('file_tasks')}</h3>
      {tasks.length ? (
        <ul>
          {tasks.map((task) => (
            <li key={task.id}>
              {tx(task.title)} · {task.due} · {t(`task_${task.state}` as MessageKey)}
            </li>
          ))}
        </ul>
      ) : (
        none
      )}
      <h3>{t('file_visits')}</h3>
      <VisitList visits={all} by={by} studentOf={() => risk.student} showNames={false} />
      <h3>{t('file_persuasion')}</h3>
      {steps.length ? (
        <ul>
          {steps.map((x) => (
            <li key={`${x.step}${x.at}`}>
              {formatDateTime(x.at)} · {t(STEP_LABEL[x.step])} · {x.by} {x.outcome}
            </li>
          ))}
        </ul>
      ) : (
        none
      )}
    </div>
  );
}

/** Groups the 学籍 fields do not carry (单亲, 学困, 双困 …), entered by a teacher. */
function GroupsInput({ studentId }: { studentId: string }) {
  const [text, setText] = useState('');
  const [message, setMessage] = useState<MessageState | null>(null);
  return (
    <p>
      <input
        placeholder={t('file_groups_placeholder')}
        aria-label={t('file_groups')}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />{' '}
      <button
        type="button"
        onClick={async () => {
          const groups = text.split(/[,，、\s]+/).filter(Boolean);
          if (!groups.length) return;
          try {
            await command('groups/enter', { studentId, groups });
            setText('');
            setMessage(null);
          } catch (e) {
            setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
          }
        }}
      >
        {t('file_groups_save')}
      </button>
      <Message message={message} />
    </p>
  );
}
