/**
 * The one way settings are read and written: once (`readSettings`) or as they change (`settings$`, for a
 * view or the derive engine). Never `db.settings.findOne('paperwork')` by hand.
 */
import { map, type Observable } from 'rxjs';
import { writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import { parseSettings, SETTINGS_ID, Settings } from './settings';

export async function readSettings(db: BaoxueDatabase): Promise<Settings> {
  return parseSettings((await db.settings.findOne(SETTINGS_ID).exec())?.value);
}

export async function writeSettings(db: BaoxueDatabase, settings: Settings): Promise<void> {
  await writeSetting(db, SETTINGS_ID, settings);
}

/** The settings now and after every change (defaults while none are stored). */
export function settings$(db: BaoxueDatabase): Observable<Settings> {
  return db.settings.findOne(SETTINGS_ID).$.pipe(map((doc) => parseSettings(doc?.value)));
}

export type SettingsUpdate =
  | { ok: true; settings: Settings }
  /** `field`: the first setting whose value is not allowed (its key; the form names it in words). */
  | { ok: false; field: string };

/**
 * One part of the settings changed and saved on its own (设置's sections each save only their fields): the
 * stored settings are read again and only `part` is laid over them, so saving 学校 never writes back a
 * stale 缺课 value another section changed in between. Nothing is written when the result does not parse.
 */
export async function updateSettings(db: BaoxueDatabase, part: Partial<Settings>): Promise<SettingsUpdate> {
  const now = await readSettings(db);
  const parsed = Settings.safeParse({ ...now, ...part });
  if (!parsed.success) return { ok: false, field: String(parsed.error.issues[0]?.path[0] ?? '') };
  await writeSettings(db, parsed.data);
  return { ok: true, settings: parsed.data };
}
