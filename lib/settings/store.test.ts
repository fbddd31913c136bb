import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import { readGuide, writeGuide } from './device';
import { readSettings, updateSettings, writeSettings } from './store';

let db: BaoxueDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});
const open = async () => {
  db = await openDatabase({
    name: `set${Date.now()}${Math.random().toString(36).slice(2, 6)}`,
    multiInstance: false,
  });
  return db;
};

describe('设置 in sections: each saves only its own part (issue 15 finding 9)', () => {
  it('saving 学校 keeps the 缺课 ladder another section saved in between', async () => {
    const d = await open();
    await writeSettings(d, { ...(await readSettings(d)), ladder: { 'ladder-suspected': { atDays: 5 } } });
    const r = await updateSettings(d, { schoolName: '博山镇中心学校', gradeSystem: '五四制' });
    expect(r.ok).toBe(true);
    const now = await readSettings(d);
    expect(now.schoolName).toBe('博山镇中心学校');
    expect(now.gradeSystem).toBe('五四制');
    expect(now.ladder).toEqual({ 'ladder-suspected': { atDays: 5 } });
  });

  it('a value not allowed is named by its field and nothing is written', async () => {
    const d = await open();
    await updateSettings(d, { schoolName: '甲校' });
    const r = await updateSettings(d, { schoolName: '乙校', schoolYearStart: '13-45' });
    expect(r).toEqual({ ok: false, field: 'schoolYearStart' });
    expect((await readSettings(d)).schoolName).toBe('甲校');
  });

  it('the first-run guide is shown until dismissed, and comes back when asked', async () => {
    const d = await open();
    expect(await readGuide(d)).toEqual({ dismissed: false, localOnly: false });
    await writeGuide(d, { dismissed: true, localOnly: true });
    expect(await readGuide(d)).toEqual({ dismissed: true, localOnly: true });
    await writeGuide(d, { ...(await readGuide(d)), dismissed: false });
    expect((await readGuide(d)).dismissed).toBe(false);
  });
});
