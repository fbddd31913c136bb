/**
 * The one way settings are read and written: once (`readSettings`) or as they change (`settings$`, for a
 * view or the derive engine). Never `db.settings.findOne('paperwork')` by hand.
 */
import { map, type Observable } from 'rxjs';
import { writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import { parseSettings, SETTINGS_ID, type Settings } from './settings';

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
