import { useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import { DEVICE_USER_ID, DeviceUser } from '@/lib/commands/author';
import { parseSettingValue } from '@/lib/db/settingValue';
import type { BaoxueDatabase } from '@/lib/db/types';
import { ACCOUNT_SETTING_ID, parseAccountSetting } from '@/lib/sync/account';

/**
 * Who this device records as, for showing it beside a form (the worker stamps it on every record:
 * lib/commands/author.ts): the signed-in user of the school's server, else the 本机使用者; '' when unset.
 */
export function useAuthor(db: BaoxueDatabase): string {
  const account = useRx(() => db.settings.findOne(ACCOUNT_SETTING_ID).$, [db], null);
  const device = useRx(() => db.settings.findOne(DEVICE_USER_ID).$, [db], null);
  return useMemo(
    () =>
      parseAccountSetting(account?.value)?.user ?? parseSettingValue(DeviceUser, device?.value)?.name ?? '',
    [account, device],
  );
}
