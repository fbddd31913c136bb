/**
 * A 学籍号 as this viewer may see it (lib/students/officeOnly.ts): the number, or, where a teacher's device
 * holds none, 「仅学籍管理员可见」 — never a blank that looks like missing data.
 */
import { useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { t } from '@/lib/i18n';
import { identityHiddenFor } from '@/lib/students/officeOnly';
import { ACCOUNT_SETTING_ID, parseAccountSetting } from '@/lib/sync/account';

export const xjhText = (xjh: string, hidden: boolean) => xjh || (hidden ? t('xjh_office_only') : '');

/** Whether this viewer's 学籍号 are withheld (a teacher signed in to the school's server). */
export function useIdentityHidden(db: BaoxueDatabase | undefined): boolean {
  const account = useRx(() => db?.settings.findOne(ACCOUNT_SETTING_ID).$, [db], null);
  return useMemo(() => identityHiddenFor(parseAccountSetting(account?.value)), [account]);
}
