/** 家访记录 (domain.md §5): date, method, who visited, reason, family situation, parent's view, measures, next step. */
import { useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { t } from '@/lib/i18n';
import type { BaoxueEvent } from '@/lib/records';
import type { StudentRef } from '@/lib/risk/engine';
import { recordVisit, type VisitInput } from '@/lib/risk/store';
import { dayString, todayString } from '@/lib/time/day';

export function VisitForm({
  db,
  student,
  by,
  onDone,
  correcting,
}: {
  db: BaoxueDatabase;
  student: StudentRef;
  by: string;
  onDone: () => void;
  /** A visit record to correct: the form starts from it and the new record supersedes it. */
  correcting?: BaoxueEvent;
}) {
  const [v, setV] = useState<Omit<VisitInput, 'studentId'>>(() => {
    const blank: Omit<VisitInput, 'studentId'> = {
      date: todayString(),
      method: '上门',
      visitorRole: 'teacher',
      by,
      reason: '',
      situation: '',
      parentOpinion: '',
      measures: '',
      nextStep: '',
    };
    if (!correcting) return blank;
    const d = correcting.data;
    const str = (x: unknown) => (typeof x === 'string' ? x : '');
    return {
      ...blank,
      date: dayString(correcting.at),
      method: d.method === '电话' || d.method === '微信' ? d.method : '上门',
      visitorRole:
        d.visitorRole === 'leader' || d.visitorRole === 'subjectTeacher' ? d.visitorRole : 'teacher',
      reason: str(d.reason),
      situation: str(d.situation),
      parentOpinion: str(d.parentOpinion),
      measures: str(d.measures),
      nextStep: str(d.nextStep),
      supersedes: correcting.id,
    };
  });
  const [message, setMessage] = useState<MessageState | null>(null);
  const field = (key: 'reason' | 'situation' | 'parentOpinion' | 'measures' | 'nextStep', label: string) => (
    <label>
      {label} <input value={v[key]} onInput={(e) => setV({ ...v, [key]: e.currentTarget.value })} />
    </label>
  );
  async function save(e: Event) {
    e.preventDefault();
    if (!v.by.trim()) return setMessage({ ok: false, text: t('att_by_needed') });
    try {
      await recordVisit(db, { ...v, by: v.by.trim(), studentId: student.id });
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
          {t('visit_method')}{' '}
          <select
            value={v.method}
            onChange={(e) => setV({ ...v, method: e.currentTarget.value as VisitInput['method'] })}
          >
            <option value="上门">上门</option>
            <option value="电话">电话</option>
            <option value="微信">微信</option>
          </select>
        </label>
        <label>
          {t('visit_role')}{' '}
          <select
            value={v.visitorRole}
            onChange={(e) => setV({ ...v, visitorRole: e.currentTarget.value as VisitInput['visitorRole'] })}
          >
            <option value="teacher">{t('visit_role_teacher')}</option>
            <option value="leader">{t('visit_role_leader')}</option>
            <option value="subjectTeacher">{t('visit_role_subjectTeacher')}</option>
          </select>
        </label>
        <label>
          {t('att_by')} <input value={v.by} onInput={(e) => setV({ ...v, by: e.currentTarget.value })} />
        </label>
      </div>
      <div class="filters">
        {field('reason', t('visit_reason'))}
        {field('situation', t('visit_situation'))}
        {field('parentOpinion', t('visit_parent'))}
        {field('measures', t('visit_measures'))}
        {field('nextStep', t('visit_next'))}
      </div>
      <button type="submit">{t('visit_save')}</button>{' '}
      <button type="button" onClick={onDone}>
        {t('visit_cancel')}
      </button>
      <Message message={message} />
    </form>
  );
}
