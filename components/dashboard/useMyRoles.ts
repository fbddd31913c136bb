import { useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import { DEVICE_USER_ID, DeviceUser } from '@/lib/commands/author';
import { parseSettingValue } from '@/lib/db/settingValue';
import type { BaoxueDatabase } from '@/lib/db/types';
import { ACCOUNT_SETTING_ID, parseAccountSetting } from '@/lib/sync/account';
import { staffRoles } from '@/lib/sync/school';

/**
 * The staff roles of whoever records on this device, by name (the same person lib/commands/author.ts
 * stamps: the signed-in account, else the 本机使用者), for counting their 家访 under their own role.
 * Other authors' roles are not known here: undefined.
 */
export function useAuthorRoles(db: BaoxueDatabase): (author: string) => readonly string[] | undefined {
  const account = useRx(() => db.settings.findOne(ACCOUNT_SETTING_ID).$, [db], null);
  const device = useRx(() => db.settings.findOne(DEVICE_USER_ID).$, [db], null);
  return useMemo(() => {
    const signedIn = parseAccountSetting(account?.value);
    const user = parseSettingValue(DeviceUser, device?.value);
    const me = signedIn
      ? { name: signedIn.user, roles: staffRoles(signedIn.roles) }
      : user
        ? { name: user.name, roles: [user.role] }
        : undefined;
    return (author: string) => (me && author === me.name ? me.roles : undefined);
  }, [account, device]);
}
