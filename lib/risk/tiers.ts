/**
 * A student's risk tier (关注 / 预警 / 紧急) from what can change — absences, the ladder, paperwork,
 * persuasion — always with its reasons. Special groups (留守, 贫困 …) are context for care and support, never
 * points in the tier.
 */
import { type Coded, type Phrase, say } from '../coded';
import type { MessageKey } from '../i18n';
import type { Streak } from './absences';

export type Tier = 'urgent' | 'warning' | 'watch';
/** Each tier's label, as a message key (紧急 / 预警 / 关注 in Chinese). */
export const TIER_LABEL: Record<Tier, MessageKey> = {
  urgent: 'risk_tier_urgent',
  warning: 'risk_tier_warning',
  watch: 'risk_tier_watch',
};

export interface RiskInput {
  streak: Streak;
  term: { unexcused: number; schoolDays: number; rate: number };
  escalatedTasks: number;
  /** The deadline an incomplete 转出 passed, if it did. */
  transferOverdue?: string;
  /** The day a 休学 ended with no 复学 or 续休, if it did. */
  suspensionExpired?: string;
  persuasionOpen: boolean;
  /** The 返校通知书 deadline that passed with the child not back, if one did (篇四), and whether the
   * 乡镇政府 has been told since. */
  noticeOverdue?: { deadline: string; reported: boolean };
  /** The latest 劝返 attempt's outcome, shown with the reason. */
  persuasionOutcome?: string;
  keyStudent: boolean;
  /** Absent every school day of the term's first week. */
  notArrived?: boolean;
  /** A 重点生 whose weekly 家访 is overdue. */
  keyVisitOverdue?: boolean;
  /** 疑似辍学 threshold in consecutive school days (county rule; default 3). */
  suspectedDropoutDays?: number;
}

/** A length of absence as a registrar says it (半天, 1 天, 1 天半, 3 天), as a phrase in either language. */
export const days = (n: number): Phrase => {
  const whole = Math.floor(n);
  if (whole === n) return whole === 1 ? say('days_one') : say('days_whole', n);
  return whole === 0 ? say('days_half') : say('days_whole_half', whole);
};

/** The tier and its reasons, each reason a coded text (lib/coded.ts) the UI renders in its language. */
export function riskTier(r: RiskInput): { tier?: Tier; reasons: Coded[] } {
  const threshold = r.suspectedDropoutDays ?? 3;
  const urgent: Coded[] = [];
  const warning: Coded[] = [];
  const watch: Coded[] = [];
  // The run is counted in half-days (lib/risk/absences.ts): said as 半天, 1 天, 1 天半 …
  const run = days(r.streak.days);
  if (r.streak.days >= threshold) urgent.push(say('reason_suspected_run', run));
  else if (r.streak.days >= 2) warning.push(say('reason_run', run));
  else if (r.streak.days > 0)
    watch.push(r.streak.days === 0.5 ? say('reason_absent_half') : say('reason_absent', run));
  if (r.notArrived) urgent.push(say('reason_not_arrived'));
  if (r.noticeOverdue)
    urgent.push(
      say(
        r.noticeOverdue.reported ? 'reason_notice_reported' : 'reason_notice_overdue',
        r.noticeOverdue.deadline,
      ),
    );
  if (r.transferOverdue) urgent.push(say('reason_transfer_overdue', r.transferOverdue));
  if (r.persuasionOpen)
    urgent.push(
      // The outcome is what the teacher wrote: data, quoted as written.
      r.persuasionOutcome
        ? say('reason_persuasion_open_latest', r.persuasionOutcome)
        : say('reason_persuasion_open'),
    );
  if (r.term.schoolDays > 0 && r.term.rate >= 0.1)
    warning.push(say('reason_chronic', Math.round(r.term.rate * 100), days(r.term.unexcused)));
  else if (r.term.unexcused >= 1) watch.push(say('reason_term_absent', days(r.term.unexcused)));
  if (r.escalatedTasks > 0) warning.push(say('reason_tasks_overdue', r.escalatedTasks));
  if (r.suspensionExpired) warning.push(say('reason_suspension_expired', r.suspensionExpired));
  if (r.keyVisitOverdue) warning.push(say('reason_key_visit_overdue'));
  else if (r.keyStudent) watch.push(say('reason_key_student'));
  const tier: Tier | undefined = urgent.length
    ? 'urgent'
    : warning.length
      ? 'warning'
      : watch.length
        ? 'watch'
        : undefined;
  return { tier, reasons: [...urgent, ...warning, ...watch] };
}
