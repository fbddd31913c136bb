/**
 * What 设置 → 成员密钥 says, decided apart from the page (components/options/SchoolKeys.tsx) so it is tested in
 * milliseconds.
 */
import { errorText } from '@/lib/errors';
import { t } from '@/lib/i18n';
import { KeyAccessError } from '@/lib/sync/keys';

/**
 * A failed 开通/移除 in words: the server refusing to drop the last envelope holding the office key says whose,
 * what would be lost and who must be made registrar and given the keys first; anything else as it came.
 */
export function keysFailureText(e: unknown): string {
  if (e instanceof KeyAccessError && e.problem === 'last-office') return t('opt_keys_last_office', e.detail);
  return t('opt_keys_failed', errorText(e));
}
