/**
 * What 设置 → 成员密钥 says, decided apart from the page (components/options/SchoolKeys.tsx) so it is tested in
 * milliseconds.
 */
import { errorText } from '@/lib/errors';
import { t } from '@/lib/i18n';
import { idKeyLeftWith, KeyAccessError } from '@/lib/sync/keys';
import { idsByOffice, type KeyringData } from '@/lib/sync/sealed';

/**
 * A failed 开通/移除 in words: the server refusing to drop the last envelope holding the office key says whose,
 * what would be lost and who must be made registrar and given the keys first; a name nobody of the school holds
 * keys under (a misspelling) is named, with where to check it; anything else as it came.
 */
export function keysFailureText(e: unknown): string {
  if (e instanceof KeyAccessError && e.problem === 'last-office') return t('opt_keys_last_office', e.detail);
  if (e instanceof KeyAccessError && e.problem === 'no-member') return t('opt_keys_no_member', e.detail);
  return t('opt_keys_failed', errorText(e));
}

/**
 * What 成员密钥 says of the key that turns a 学籍号 into the server's id, and whether it offers 更换编号密钥:
 * a school whose teachers hold it (made before issue 16); one whose id key left with a colleague made teacher
 * or removed (`idKeyLeftWith`: their old device still computes ids, named here); else that only the office
 * holds it (then 更换编号密钥 only moves records written offline under an old id, its own button).
 */
export function idKeyNote(data: KeyringData): { text: string; offerReid: boolean } {
  if (!idsByOffice(data)) return { text: t('opt_keys_reid_note'), offerReid: true };
  const left = idKeyLeftWith(data);
  if (left.length) return { text: t('opt_keys_reid_left_note', left.join('、')), offerReid: true };
  return { text: t('opt_keys_reid_done_note'), offerReid: false };
}
