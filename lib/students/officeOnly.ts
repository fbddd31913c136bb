/**
 * Whether this device's viewer is one whose records carry no 学籍号 or ID number (a teacher signed in to the
 * school's server: those fields are sealed with the office key, lib/sync/personal.ts `IDENTITY`). Where such
 * a viewer sees an empty 学籍号, screens and prints say 「仅学籍管理员可见」 instead of a blank that looks like
 * missing data. A device without a server holds what it captured, and an office member holds them all: a
 * blank there is a blank.
 */
import type { SyncAccountSetting } from '../sync/account';

const OFFICE = ['_admin', 'registrar', 'leader', 'admin'];

export const identityHiddenFor = (account: Pick<SyncAccountSetting, 'roles'> | undefined): boolean =>
  !!account && !account.roles.some((r) => OFFICE.includes(r));
