/**
 * 劝返 for one student: open a case, record each attempt, issue the 返校通知书 (with its deadline) and the
 * 辍学学生情况报告表, note the report to the 乡镇政府, and close the case by the return (动态销号).
 */
import { useState } from 'preact/hooks';
import { AuthorLine } from '@/components/AuthorLine';
import { Message, type MessageState } from '@/components/Message';
import { errorText } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { t } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import { PERSUASION_METHODS, type PersuasionMethod, type RiskSummary } from '@/lib/records';
import { STEP_LABEL } from '@/lib/risk/persuasion';
import { addWorkingDays, DEFAULT_CALENDAR } from '@/lib/time/calendar';
import { dayString, todayString } from '@/lib/time/day';
import { ConfirmDated } from './ConfirmDated';

/** A step's method: a code since wave 2; a method stored in words by an older version is shown as it is. */
const methodLabel = (m: string) =>
  (PERSUASION_METHODS as readonly string[]).includes(m)
    ? t(`method_${m as Exclude<PersuasionMethod, ''>}`)
    : m;

export function PersuasionPanel({ risk, by }: { risk: RiskSummary; by: string }) {
  const c = risk.persuasion;
  const [method, setMethod] = useState<PersuasionMethod>('home');
  const [outcome, setOutcome] = useState('');
  const [deadline, setDeadline] = useState(addWorkingDays(todayString(), 5, DEFAULT_CALENDAR));
  const [message, setMessage] = useState<MessageState | null>(null);
  const studentId = risk.student.id;
  const print = (doc: 'notice' | 'report', caseId: string) =>
    // noopener: a page opened with a live opener was seen starting without its extension APIs.
    window.open(
      `/notice.html?doc=${doc}&student=${encodeURIComponent(studentId)}&case=${encodeURIComponent(caseId)}`,
      '_blank',
      'noopener',
    );

  async function step(run: () => Promise<unknown>) {
    try {
      await run();
      setMessage(null);
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }

  if (!c)
    return (
      <div class="persuasion" data-testid="persuasion">
        <AuthorLine by={by} />{' '}
        <button type="button" onClick={() => void step(() => command('persuasion/open', { studentId }))}>
          {t('pers_open')}
        </button>
        <Message message={message} />
      </div>
    );

  const ids = { studentId, caseId: c.id };
  // 篇四: the 返校通知书's deadline passed and the child is not back → the 乡镇政府 must be told.
  const overdue = c.state === 'open' && c.deadline && todayString() > c.deadline ? c.deadline : undefined;
  const reported =
    overdue && c.steps.some((s) => s.step === 'report' && (s.date || dayString(s.at)) >= overdue);
  return (
    <div class="persuasion" data-testid="persuasion" data-case={c.id}>
      <strong>{t('pers_title', `${risk.student.name}（${risk.student.className}）`)}</strong>
      {overdue && (
        <p class={reported ? 'msg' : 'msg error'} data-testid="notice-overdue">
          {t(reported ? 'pers_notice_overdue_reported' : 'pers_notice_overdue', overdue)}
        </p>
      )}
      <ul>
        {c.steps.map((s) => (
          <li key={`${s.step}${s.at}`}>
            {formatDateTime(s.at)} · {t(STEP_LABEL[s.step])} · {s.by}
            {s.method && ` · ${methodLabel(s.method)}`}
            {s.outcome && ` · ${s.outcome}`}
            {s.deadline && ` · ${t('pers_deadline')} ${s.deadline}`}
            {s.date && ` · ${t(s.step === 'returned' ? 'pers_returned_on' : 'pers_reported_on')} ${s.date}`}
          </li>
        ))}
      </ul>
      <div class="filters">
        <AuthorLine by={by} />
        <label>
          {t('pers_method')}{' '}
          <select value={method} onChange={(e) => setMethod(e.currentTarget.value as PersuasionMethod)}>
            {PERSUASION_METHODS.filter((m) => m !== '').map((m) => (
              <option key={m} value={m}>
                {t(`method_${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('pers_outcome')} <input value={outcome} onInput={(e) => setOutcome(e.currentTarget.value)} />
        </label>
        <button
          type="button"
          onClick={() =>
            void step(async () => {
              if (!outcome.trim()) throw new Error(t('pers_need', t('pers_outcome')));
              if (method === '') return;
              await command('persuasion/attempt', { ...ids, method, outcome: outcome.trim() });
              setOutcome('');
            })
          }
        >
          {t('pers_attempt')}
        </button>
      </div>
      <div class="filters">
        <label>
          {t('pers_deadline')}{' '}
          <input type="date" value={deadline} onInput={(e) => setDeadline(e.currentTarget.value)} />
        </label>
        <button
          type="button"
          onClick={() =>
            void step(async () => {
              await command('persuasion/notice', { ...ids, deadline });
              print('notice', c.id);
            })
          }
        >
          {t('pers_notice')}
        </button>
        <button
          type="button"
          onClick={() =>
            void step(async () => {
              await command('dropout/report', { studentId });
              print('report', c.id);
            })
          }
        >
          {t('pers_report_print')}
        </button>
      </div>
      {/* On record and not to be taken back: each asks what it does and on which day, then a second click. */}
      <div class="filters">
        <ConfirmDated
          label="pers_report_gov"
          dateLabel="pers_reported_on"
          explain={t('confirm_report_gov', risk.student.name)}
          testId="confirm-report"
          onConfirm={(date) => command('persuasion/report', { ...ids, date })}
        />
        <ConfirmDated
          label="pers_returned"
          dateLabel="pers_returned_on"
          explain={t('confirm_returned', risk.student.name)}
          testId="confirm-returned"
          onConfirm={(date) => command('persuasion/return', { ...ids, date })}
        />
      </div>
      <Message message={message} />
    </div>
  );
}
