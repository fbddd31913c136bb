/**
 * One reading of where a case's paperwork stands, for every place that says it: the 学籍异动 list, the
 * 学籍异动台账 (screen and xlsx) and the host page's badge. A case the host system refused (审核不通过,
 * 核办不通过) or that was withdrawn (已撤销) is closed: it needs no documents, but it is not "complete"
 * either, and is said neutrally as 已结束（不通过/已撤销）.
 */
import type { MessageKey } from '../i18n';
import type { Checklist } from './checklist';

export type PaperworkState = 'unknown-type' | 'closed' | 'missing' | 'complete';

export interface PaperworkStatus {
  state: PaperworkState;
  /** Documents still missing (0 unless `missing`). */
  missing: number;
  overdue: boolean;
}

export function paperworkStatus(
  list: Pick<Checklist, 'ruleType' | 'stage' | 'missing' | 'overdue' | 'flags'>,
): PaperworkStatus {
  if (!list.ruleType) return { state: 'unknown-type', missing: 0, overdue: false };
  if (list.stage === 'closed') return { state: 'closed', missing: 0, overdue: false };
  const missing = outstanding(list);
  if (missing) return { state: 'missing', missing, overdue: list.overdue };
  return { state: 'complete', missing: 0, overdue: false };
}

/**
 * What is still to do on a case: its missing documents, and the 学生流出去向 while none is recorded for a child
 * who leaves (seed 002 篇一 §五.7: the school must know where every child went). A case with every paper in
 * but no 去向 is not 已齐全.
 */
export function outstanding(list: Pick<Checklist, 'missing' | 'flags'>): number {
  return list.missing.length + (list.flags.includes('destination-missing') ? 1 : 0);
}

/** Each state's short label (缺 N 项 takes the count). */
export const PAPERWORK_STATE_LABEL: Record<PaperworkState, MessageKey> = {
  'unknown-type': 'pw_unknown_type_short',
  closed: 'pw_closed',
  missing: 'pw_missing_n',
  complete: 'pw_complete',
};
