import { formatDateTime } from '@/lib/format';
import { type MessageKey, t } from '@/lib/i18n';
import type { SyncProblem } from '@/lib/sync/account';
import type { SyncStatus } from '@/lib/sync/status';

/**
 * What is wrong with sync, in plain words (message keys use '_' where problem codes use '-'). `where`: on
 * the 设置 page itself a wrong password is fixed right there, not "in 设置".
 */
export const problemText = (problem: SyncProblem, detail = '', where: 'status' | 'settings' = 'status') =>
  where === 'settings' && problem === 'wrong-password'
    ? t('opt_sync_problem_wrong_password')
    : t(`sync_problem_${problem.replace('-', '_')}` as MessageKey, detail);

/** The status in plain words, the same in the dashboard and in the host page's dot. */
export function syncText(s: SyncStatus): string {
  if (s.state === 'off') return t('sync_off');
  const parts: string[] = [];
  if (s.state === 'error' && s.problem) parts.push(problemText(s.problem, s.detail));
  else if (s.state === 'syncing') parts.push(t('sync_syncing'));
  parts.push(s.lastSyncedAt ? t('sync_ok', formatDateTime(s.lastSyncedAt)) : t('sync_never'));
  if (s.pending > 0) parts.push(t('sync_pending', s.pending));
  if (s.heldBack) parts.push(t('sync_held', s.heldBack));
  // Said plainly: an empty school on a teacher's device is their account's missing classes, not a failed sync.
  if (s.noClasses) parts.push(t('sync_no_classes'));
  return parts.join('；');
}
