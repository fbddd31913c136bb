/**
 * Device-local settings are JSON text under an id (collection `settings`); each is parsed with its own zod
 * type where it is read. Unreadable or malformed text reads as absent, never as a half-parsed value.
 */

import type { z } from '../zod';
import type { BaoxueDatabase } from './types';

export function parseSettingValue<T>(schema: z.ZodType<T>, value: string | undefined): T | undefined {
  if (!value) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function readSetting<T>(
  db: BaoxueDatabase,
  id: string,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  return parseSettingValue(schema, (await db.settings.findOne(id).exec())?.value);
}

export async function writeSetting(db: BaoxueDatabase, id: string, value: unknown): Promise<void> {
  await db.settings.upsert({ id, value: JSON.stringify(value), updatedAt: Date.now() });
}

export async function removeSetting(db: BaoxueDatabase, id: string): Promise<void> {
  await (await db.settings.findOne(id).exec())?.remove();
}
