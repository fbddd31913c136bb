import { t } from '@/lib/i18n';
import { ROLES, type Role, staffRoles } from '@/lib/sync/school';

/** The roles the server gives an account, in the school's words (学籍管理员、班主任/教师 …), never codes. */
export const roleNames = (roles: readonly string[]): string =>
  staffRoles([...roles])
    .filter((r): r is Role => (ROLES as readonly string[]).includes(r))
    .map((r) => t(`role_${r}`))
    .join('、');
