import { useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import { DEVICE_USER_ID, DeviceUser } from '@/lib/commands/author';
import { parseSettingValue } from '@/lib/db/settingValue';
import type { BaoxueDatabase } from '@/lib/db/types';
import { sortedLabels } from '@/lib/grades';
import { MY_CLASSES_ID, parseMyClasses } from '@/lib/settings/device';
import { ACCOUNT_SETTING_ID, parseAccountSetting } from '@/lib/sync/account';
import { ROLES, type Role, staffRoles } from '@/lib/sync/school';

export interface Me {
  /** undefined: nobody set on this device yet. */
  role?: Role;
  /** A 班主任's classes; empty when not known (a device user who ticked none). */
  classes: string[];
}

/** The role that decides what this person sees first: a registrar who also teaches works as registrar. */
const PRIORITY: Role[] = ['registrar', 'leader', 'admin', 'teacher'];

/**
 * Who uses this dashboard, for what it shows first: the signed-in account's role (its classes are those
 * the school's server lets it read, so the roll on this device), else the 本机使用者 and the classes they
 * ticked in 设置.
 */
export function useMe(db: BaoxueDatabase): Me {
  const account = useRx(() => db.settings.findOne(ACCOUNT_SETTING_ID).$, [db], null);
  const device = useRx(() => db.settings.findOne(DEVICE_USER_ID).$, [db], null);
  const mine = useRx(() => db.settings.findOne(MY_CLASSES_ID).$, [db], null);
  const signedIn = parseAccountSetting(account?.value);
  const teacherOnServer = !!signedIn && staffRoles(signedIn.roles).every((r) => r === 'teacher');
  const students = useRx(
    () => (teacherOnServer ? db.students.find({ selector: { onRoll: true } }).$ : undefined),
    [db, teacherOnServer],
    [],
  );
  return useMemo(() => {
    if (signedIn) {
      const roles = staffRoles(signedIn.roles).filter((r): r is Role =>
        (ROLES as readonly string[]).includes(r),
      );
      const role = PRIORITY.find((r) => roles.includes(r));
      const classes =
        role === 'teacher'
          ? sortedLabels(new Set(students.map((s) => String(s.get('className') ?? '')).filter(Boolean)))
          : [];
      return role ? { role, classes } : { classes: [] };
    }
    const user = parseSettingValue(DeviceUser, device?.value);
    return user ? { role: user.role, classes: parseMyClasses(mine?.value) } : { classes: [] };
  }, [signedIn?.user, signedIn?.roles.join(), device, mine, students]);
}
