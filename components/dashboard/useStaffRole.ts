import { useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import { DEVICE_USER_ID, DeviceUser } from '@/lib/commands/author';
import { parseSettingValue } from '@/lib/db/settingValue';
import type { BaoxueDatabase } from '@/lib/db/types';
import { ACCOUNT_SETTING_ID, parseAccountSetting, staffRolesHere } from '@/lib/sync/account';

/**
 * This device's user's staff roles (registrar, leader, teacher …): the signed-in account's in the school this
 * device syncs with, as the server last gave them (a role held in another school never counts here), else
 * the 本机使用者's. Decides which tabs the dashboard offers; the server decides what
 * it answers on its own (a hidden tab is no permission).
 */
export function useStaffRoles(db: BaoxueDatabase | undefined): string[] {
  const account = useRx(() => db?.settings.findOne(ACCOUNT_SETTING_ID).$, [db], null);
  const device = useRx(() => db?.settings.findOne(DEVICE_USER_ID).$, [db], null);
  return useMemo(() => {
    const a = parseAccountSetting(account?.value);
    if (a) return staffRolesHere(a);
    const d = parseSettingValue(DeviceUser, device?.value);
    return d ? [d.role] : [];
  }, [account, device]);
}

/** Who reads the school's access log and its staff list: its registrar and its leaders, never a teacher. */
export const isOffice = (roles: readonly string[]) => roles.includes('registrar') || roles.includes('leader');
