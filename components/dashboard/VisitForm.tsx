/** 家访记录 (domain.md §5): date, method, who visited, reason, family situation, parent's view, measures, next step. */
import { useEffect, useState } from 'preact/hooks';
import { AuthorLine } from '@/components/AuthorLine';
import { Message, type MessageState } from '@/components/Message';
import { currentAuthor } from '@/lib/commands/author';
import type { CommandInput } from '@/lib/commands/commands';
import { defaultVisitorRole, isVisitorRole, VISITOR_ROLE_OPTIONS } from '@/lib/commands/visitor';
import { getDatabase } from '@/lib/db/database';
import { errorText } from '@/lib/errors';
import { t } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import { type EventOf, type StudentRef, VISIT_METHODS } from '@/lib/records';
import { dayString, todayString } from '@/lib/time/day';

type VisitInput = CommandInput<'visit/record'>;

export function VisitForm({
  student,
  by,
  onDone,
  correcting,
}: {
  student: StudentRef;
  by: string;
  onDone: () => void;
  /** A visit record to correct: the form starts from it and the new record supersedes it. */
  correcting?: EventOf<'homeVisit'>;
}) {
  // `time` is '' when none was entered: the record then carries no time (never an invented 12:00).
  const [v, setV] = useState<
    Required<Omit<VisitInput, 'studentId' | 'supersedes'>> & { supersedes?: string }
  >(() => {
    const blank = {
      date: todayString(),
      time: '',
      method: 'home' as const,
      visitorRole: 'teacher' as const,
      reason: '',
      situation: '',
      parentOpinion: '',
      measures: '',
      nextStep: '',
    };
    if (!correcting) return blank;
    return {
      ...correcting.data,
      time: correcting.data.time ?? '',
      date: dayString(correcting.at),
      supersedes: correcting.id,
    };
  });
  const [message, setMessage] = useState<MessageState | null>(null);
  // A new visit starts on the author's own role: a 学籍管理员's or 校领导's visit is not a 班主任's.
  const [roleChosen, setRoleChosen] = useState(!!correcting);
  useEffect(() => {
    if (roleChosen) return;
    let live = true;
    getDatabase()
      .then(currentAuthor)
      .then((a) => {
        if (live) setV((x) => ({ ...x, visitorRole: defaultVisitorRole(a?.role) }));
      })
      .catch(() => undefined); // the form's 班主任 stays; the command still records a non-teacher's own role
    return () => {
      live = false;
    };
  }, [roleChosen]);
  const field = (
    key: 'reason' | 'situation' | 'parentOpinion' | 'measures' | 'nextStep',
    label: string,
    starred = false,
  ) => (
    <label>
      {label}
      {starred ? ' *' : ''}{' '}
      <input value={v[key]} onInput={(e) => setV({ ...v, [key]: e.currentTarget.value })} />
    </label>
  );
  async function save(e: Event) {
    e.preventDefault();
    // Said here before sending; the command refuses the same (lib/commands: cmd_err_visit_empty).
    if (!v.reason.trim() && !v.situation.trim() && !v.parentOpinion.trim())
      return setMessage({ ok: false, text: t('visit_missing') });
    try {
      const { time, ...rest } = v;
      await command('visit/record', { ...rest, ...(time ? { time } : {}), studentId: student.id });
      setMessage({ ok: true, text: t('visit_saved') });
      onDone();
    } catch (err) {
      setMessage({ ok: false, text: t('error_prefix', errorText(err)) });
    }
  }
  return (
    <form class="visit" onSubmit={save} data-testid="visit-form">
      <strong>
        {t(correcting ? 'visit_correct_title' : 'visit_title', `${student.name}（${student.className}）`)}
      </strong>
      <div class="filters">
        <label>
          {t('att_date')}{' '}
          <input type="date" value={v.date} onInput={(e) => setV({ ...v, date: e.currentTarget.value })} />
        </label>
        <label>
          {t('visit_time')}{' '}
          <input type="time" value={v.time} onInput={(e) => setV({ ...v, time: e.currentTarget.value })} />
        </label>
        <label>
          {t('visit_method')}{' '}
          <select
            value={v.method}
            onChange={(e) => setV({ ...v, method: e.currentTarget.value as VisitInput['method'] })}
          >
            {VISIT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`method_${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('visit_role')}{' '}
          <select
            value={v.visitorRole}
            onChange={(e) => {
              const role = e.currentTarget.value;
              setRoleChosen(true);
              if (isVisitorRole(role)) setV({ ...v, visitorRole: role });
            }}
          >
            {VISITOR_ROLE_OPTIONS.map((r) => (
              <option key={r} value={r}>
                {t(`visit_role_${r}`)}
              </option>
            ))}
          </select>
        </label>
        <AuthorLine by={by} />
      </div>
      <div class="filters">
        {field('reason', t('visit_reason'), true)}
        {field('situation', t('visit_situation'), true)}
        {field('parentOpinion', t('visit_parent'), true)}
        {field('measures', t('visit_measures'))}
        {field('nextStep', t('visit_next'))}
      </div>
      <p class="hint">{t('visit_need_one')}</p>
      <button type="submit">{t('visit_save')}</button>{' '}
      <button type="button" onClick={onDone}>
        {t('visit_cancel')}
      </button>
      <Message message={message} />
    </form>
  );
}
