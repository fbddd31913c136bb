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
  list: Pick<Checklist, 'ruleType' | 'stage' | 'missing' | 'overdue'>,
): PaperworkStatus {
  if (!list.ruleType) return { state: 'unknown-type', missing: 0, overdue: false };
  if (list.stage === 'closed') return { state: 'closed', missing: 0, overdue: false };
  if (list.missing.length) return { state: 'missing', missing: list.missing.length, overdue: list.overdue };
  return { state: 'complete', missing: 0, overdue: false };
}

/** Each state's short label (缺 N 项 takes the count). */
export const PAPERWORK_STATE_LABEL: Record<PaperworkState, MessageKey> = {
  'unknown-type': 'pw_unknown_type_short',
  closed: 'pw_closed',
  missing: 'pw_missing_n',
  complete: 'pw_complete',
};
