/**
 * Everything a school sets without code, stored as one device-local setting (id `paperwork`, the name it
 * has always had on devices) and parsed with zod when read: a bad value falls back to the defaults.
 * Its parts say what they are: the school, its paperwork, its ladder.
 */
import { z } from '../zod';
import { LadderSettings } from './ladder';
import { PaperworkSettings } from './paperwork';
import { SchoolSettings } from './school';

export const Settings = z.object({
  ...SchoolSettings.shape,
  ...PaperworkSettings.shape,
  ...LadderSettings.shape,
});
export type Settings = z.infer<typeof Settings>;

export const SETTINGS_ID = 'paperwork';

export function parseSettings(json: string | undefined): Settings {
  try {
    const r = Settings.safeParse(json ? JSON.parse(json) : {});
    if (r.success) return r.data;
  } catch {
    // fall through to defaults
  }
  return Settings.parse({});
}
