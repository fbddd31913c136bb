/**
 * Who a record is written by. Never typed per form: the signed-in user of the school's sync server (the
 * server accepts only that name as an event's author), or, when this device has no server, the one
 * person set once in 设置 → 本机使用者 (name and role). The commands stamp it; a message cannot choose it.
 */

import { readSetting, writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import { readAccountSetting } from '../sync/account';
import { ROLES, type Role, staffRoles } from '../sync/school';
import { z } from '../zod';

export const DEVICE_USER_ID = 'device-user';

/** 本机使用者: the person who uses this device when it syncs with no server. */
export const DeviceUser = z.object({
  name: z.string().trim().min(1, { error: 'user_err_name' }).max(50, { error: 'user_err_name_long' }),
  role: z.enum(ROLES),
});
export type DeviceUser = z.infer<typeof DeviceUser>;

export const readDeviceUser = (db: BaoxueDatabase) => readSetting(db, DEVICE_USER_ID, DeviceUser);

export async function writeDeviceUser(db: BaoxueDatabase, user: DeviceUser): Promise<DeviceUser> {
  const parsed = DeviceUser.parse(user);
  await writeSetting(db, DEVICE_USER_ID, parsed);
  return parsed;
}

export interface Author {
  name: string;
  role?: Role;
  /** Where the name comes from: the signed-in account, or the device's configured user. */
  from: 'account' | 'device';
}

/** The author of what this device records now, or undefined when nobody is set (the UI asks for one). */
export async function currentAuthor(db: BaoxueDatabase): Promise<Author | undefined> {
  const account = await readAccountSetting(db);
  if (account) {
    const role = staffRoles(account.roles).find((r): r is Role => (ROLES as readonly string[]).includes(r));
    return { name: account.user, ...(role ? { role } : {}), from: 'account' };
  }
  const user = await readDeviceUser(db);
  return user ? { name: user.name, role: user.role, from: 'device' } : undefined;
}
