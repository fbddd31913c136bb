/**
 * A student's risk tier (关注 / 预警 / 紧急) from what can change — absences, the ladder, paperwork,
 * persuasion — always with its reasons. Special groups (留守, 贫困 …) are context for care and support, never
 * points in the tier.
 */
import type { Streak } from './absences';

export type Tier = 'urgent' | 'warning' | 'watch';
export const TIER_LABEL: Record<Tier, string> = { urgent: '紧急', warning: '预警', watch: '关注' };

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

/** A length of absence as a registrar says it: 半天, 1 天, 1 天半, 3 天. */
export const days = (n: number) => {
  const whole = Math.floor(n);
  if (whole === n) return `${n} 天`;
  return whole === 0 ? '半天' : `${whole} 天半`;
};

export function riskTier(r: RiskInput): { tier?: Tier; reasons: string[] } {
  const threshold = r.suspectedDropoutDays ?? 3;
  const urgent: string[] = [];
  const warning: string[] = [];
  const watch: string[] = [];
  // The run is counted in half-days (lib/risk/absences.ts): said as 半天, 1 天, 1 天半 …
  const run = (n: number) => (n === 0.5 ? '缺课半天' : `缺课 ${days(n)}`);
  if (r.streak.days >= threshold) urgent.push(`疑似辍学：连续${run(r.streak.days)}`);
  else if (r.streak.days >= 2) warning.push(`连续${run(r.streak.days)}`);
  else if (r.streak.days > 0) watch.push(run(r.streak.days));
  if (r.notArrived) urgent.push('开学一周未到校');
  if (r.noticeOverdue)
    urgent.push(
      r.noticeOverdue.reported
        ? `返校通知书期限（${r.noticeOverdue.deadline}）已过未返校，已报告乡镇政府`
        : `返校通知书期限（${r.noticeOverdue.deadline}）已过未返校：须报告乡镇政府`,
    );
  if (r.transferOverdue) urgent.push(`疑似辍学：转出手续逾期未办结（期限 ${r.transferOverdue}）`);
  if (r.persuasionOpen)
    urgent.push(r.persuasionOutcome ? `劝返进行中（最近：${r.persuasionOutcome}）` : '劝返进行中');
  if (r.term.schoolDays > 0 && r.term.rate >= 0.1)
    warning.push(`长期缺课：本学期缺课 ${Math.round(r.term.rate * 100)}%（${days(r.term.unexcused)}）`);
  else if (r.term.unexcused >= 1) watch.push(`本学期缺课 ${days(r.term.unexcused)}`);
  if (r.escalatedTasks > 0) warning.push(`${r.escalatedTasks} 项处置逾期未完成`);
  if (r.suspensionExpired) warning.push(`休学期满未复学（${r.suspensionExpired} 到期）`);
  if (r.keyVisitOverdue) warning.push('重点生每周家访逾期');
  else if (r.keyStudent) watch.push('重点生');
  const tier: Tier | undefined = urgent.length
    ? 'urgent'
    : warning.length
      ? 'warning'
      : watch.length
        ? 'watch'
        : undefined;
  return { tier, reasons: [...urgent, ...warning, ...watch] };
}
