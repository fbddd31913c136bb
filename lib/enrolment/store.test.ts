import { afterEach, describe, expect, it } from 'vitest';
import { writeDeviceUser } from '../commands/author';
import { runCommand } from '../commands/run';
import { openDatabase } from '../db/database';
import type { BaoxueDatabase } from '../db/types';
import { parseEvents } from '../records';
import { dayReportFromEvent } from './dayReport';
import type { ImportedChild } from './importChildren';
import {
  readChildren,
  readEnrolmentSettings,
  removeChildren,
  saveChildren,
  setWhereabouts,
  writeEnrolmentSettings,
} from './store';

let db: BaoxueDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const kid = (name: string, patch: Partial<ImportedChild> = {}): ImportedChild => ({
  id: `nb:${name}|2019-05-04`,
  name,
  idNumber: '',
  birthDate: '2019-05-04',
  village: '后峪村',
  guardian: '',
  phone: '',
  note: '',
  ...patch,
});

describe('the 适龄儿童 list on this device', () => {
  it('saves a list, keeps the registrar’s 去向 when the list is imported again, and reads back only children', async () => {
    db = await openDatabase({ name: `enrol${Date.now()}`, multiInstance: false });
    await writeEnrolmentSettings(db, { cutoff: '08-31', entryAge: 7, firstGrade: 1, lastGrade: 6 });
    expect(await saveChildren(db, [kid('甲'), kid('乙')], 10)).toBe(2);
    await setWhereabouts(db, 'nb:甲|2019-05-04', 'away', 11);
    expect(await saveChildren(db, [kid('甲', { village: '前峪村' }), kid('丙')], 12)).toBe(1);
    const children = (await readChildren(db)).sort((a, b) => a.name.localeCompare(b.name));
    expect(children.map((c) => [c.name, c.village, c.whereabouts])).toEqual([
      ['丙', '后峪村', ''],
      ['乙', '后峪村', ''],
      ['甲', '前峪村', 'away'],
    ]);
    expect((await readEnrolmentSettings(db)).entryAge).toBe(7);

    // Removing the list leaves the school's settings in place.
    expect(await removeChildren(db)).toBe(3);
    expect(await readChildren(db)).toEqual([]);
    expect((await readEnrolmentSettings(db)).entryAge).toBe(7);
  });

  it('a class’s day report is an event in its author’s name, read back as that class’s report', async () => {
    db = await openDatabase({ name: `dayrep${Date.now()}`, multiInstance: false });
    await writeDeviceUser(db, { name: '王老师', role: 'teacher' });
    await runCommand(db, 'class-day/report', { className: '一年级1班', date: '2026-11-23' }, 99);
    const [e] = parseEvents((await db.events.find().exec()).map((d) => d.toJSON()));
    expect(e?.author).toBe('王老师');
    expect(dayReportFromEvent(e!)).toEqual({
      className: '一年级1班',
      date: '2026-11-23',
      by: '王老师',
      at: 99,
    });
  });
});
