import { type MessageKey, t } from '@/lib/i18n';

/** A flag code ("id-checksum") in the user's language; unknown codes show as they are. */
export function flagLabel(code: string): string {
  const text = t(`flag_${code.replace(/-/g, '_')}` as MessageKey);
  return text.startsWith('flag_') ? code : text;
}
