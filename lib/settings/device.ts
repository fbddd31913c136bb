/**
 * What this device's user chooses for themselves (device-local, never replicated): whether the first-run
 * guide is dismissed, and a 班主任's own classes when the device has no school server (with a server the
 * classes are those the server lets the account read).
 */
import { parseSettingValue, readSetting, writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import { z } from '../zod';

export const GUIDE_ID = 'first-run';
export const Guide = z.object({
  dismissed: z.boolean(),
  /** The user chose to keep records on this device only (no school server): the guide's step 3 is done. */
  localOnly: z.boolean().default(false),
});
export type Guide = z.infer<typeof Guide>;

export const readGuide = async (db: BaoxueDatabase): Promise<Guide> =>
  (await readSetting(db, GUIDE_ID, Guide)) ?? { dismissed: false, localOnly: false };
export const parseGuide = (value: string | undefined): Guide =>
  parseSettingValue(Guide, value) ?? { dismissed: false, localOnly: false };
export const writeGuide = (db: BaoxueDatabase, guide: Guide) =>
  writeSetting(db, GUIDE_ID, Guide.parse(guide));

export const MY_CLASSES_ID = 'my-classes';
export const MyClasses = z.array(z.string().trim().min(1).max(200)).max(50);

export const parseMyClasses = (value: string | undefined): string[] =>
  parseSettingValue(MyClasses, value) ?? [];
export const writeMyClasses = (db: BaoxueDatabase, classes: string[]) =>
  writeSetting(db, MY_CLASSES_ID, MyClasses.parse([...new Set(classes)]));
