/**
 * Measurements `npm run bench` takes inside real Chromium, in the extension's own origin: the store's
 * bulk insert beside a raw Dexie bulkPut of the same documents. Built into the demo extension only.
 */

import { addDays, format } from 'date-fns';
import Dexie from 'dexie';
import { generateSchool } from '@/demo/generator';
import { openDatabase } from '@/lib/db/database';
import { DEFAULT_CALENDAR, isWorkingDay } from '@/lib/paperwork/calendar';
import { todayString } from '@/lib/paperwork/store';
import type { BaoxueEvent, Student } from '@/lib/records';
import { computeRisk, computeRiskInChunks, RISK_EVENT_KINDS } from '@/lib/risk/store';

function students(n: number): Student[] {
  const school = generateSchool(7, Math.ceil(n / 18));
  const now = Date.now();
  return school.students.slice(0, n).map((s) => ({
    id: s.grbsm,
    xjh: s.grbsm,
    name: s.xm,
    sex: s.xbm === '1' ? '男' : '女',
    birthDate: `${s.csrq.slice(0, 4)}-${s.csrq.slice(4, 6)}-${s.csrq.slice(6)}`,
    idType: s.sfzjlxm,
    idNumber: s.sfzjh,
    grade: s.njmc,
    className: s.bjmc,
    specialGroups: s.sflsetm !== '0' ? ['留守'] : [],
    onRoll: true,
    flags: [],
    source: { host: 'bench', pageKind: 'student-list', seenAt: now },
    updatedAt: now,
  }));
}

let run = 0;

async function storeInsert(n: number): Promise<number> {
  const docs = students(n);
  const db = await openDatabase({ name: `bench-rx-${run++}`, multiInstance: false });
  const t0 = performance.now();
  await db.students.bulkInsert(docs);
  const ms = performance.now() - t0;
  if ((await db.students.count().exec()) !== n) throw new Error('store count mismatch');
  await db.remove();
  return ms;
}

async function dexieBulkPut(n: number): Promise<number> {
  const docs = students(n);
  const db = new Dexie(`bench-dexie-${run++}`);
  db.version(1).stores({ students: 'id' });
  await db.open();
  const t0 = performance.now();
  await db.table('students').bulkPut(docs);
  const ms = performance.now() - t0;
  if ((await db.table('students').count()) !== n) throw new Error('dexie count mismatch');
  db.close();
  await Dexie.delete(db.name);
  return ms;
}

/** RxDB's Dexie storage layer alone (no collection layer): shows where the store's overhead lives. */
async function storageLayerWrite(n: number): Promise<number> {
  const docs = students(n);
  const db = await openDatabase({ name: `bench-rs-${run++}`, multiInstance: false });
  const now = Date.now();
  const rows = docs.map((d) => ({
    document: { ...d, _deleted: false, _attachments: {}, _rev: '1-a', _meta: { lwt: now } },
  }));
  const t0 = performance.now();
  await db.students.storageInstance.bulkWrite(rows as never, 'bench');
  const ms = performance.now() - t0;
  await db.remove();
  return ms;
}
/**
 * The at-risk list at scale: `n` students of whom about 8% have absences over the last school days (and
 * some a visit), stored; then the list is read from the store and every tier and task computed.
 */
async function riskAtScale(
  n: number,
): Promise<{ readMs: number; computeMs: number; listed: number; records: number; longestChunkMs: number }> {
  const all = students(n);
  const db = await openDatabase({ name: `bench-risk-${run++}`, multiInstance: false });
  const today = todayString();
  const days: string[] = [];
  for (let d = new Date(); days.length < 5; d = addDays(d, -1)) {
    const s = format(d, 'yyyy-MM-dd');
    if (isWorkingDay(s, DEFAULT_CALENDAR)) days.unshift(s);
  }
  const events: BaoxueEvent[] = [];
  all.forEach((s, i) => {
    if (i % 12 !== 0) return;
    const streak = 1 + (i % 5);
    for (const date of days.slice(5 - streak))
      events.push({
        id: `a${i}${date}`,
        kind: 'absence',
        studentId: s.id,
        author: 'bench',
        at: i,
        recordedAt: i,
        data: { date, half: 'day', mark: 'unexcused', reason: '' },
      });
    if (i % 24 === 0)
      events.push({
        id: `v${i}`,
        kind: 'homeVisit',
        studentId: s.id,
        author: 'bench',
        at: Date.now(),
        recordedAt: 0,
        data: { method: '上门', visitorRole: 'teacher' },
      });
  });
  await db.students.bulkInsert(all);
  await db.events.bulkInsert(events);
  const t0 = performance.now();
  // As the dashboard does: the records first, then only the students they name.
  const noted = (await db.events.find({ selector: { kind: { $in: [...RISK_EVENT_KINDS] } } }).exec()).map(
    (e) => e.toJSON() as BaoxueEvent,
  );
  const ids = [...new Set(noted.map((e) => e.studentId).filter((x): x is string => !!x))];
  const stored = [...(await db.students.findByIds(ids).exec()).values()].map((d) => d.toJSON() as Student);
  const t1 = performance.now();
  const risks = computeRisk(stored, noted, [], today, Date.now());
  const listed = risks.filter((r) => r.tier === 'urgent' || r.tier === 'warning').length;
  const t2 = performance.now();
  // As the dashboard runs it: in chunks, the page getting the main thread back between them.
  let longestChunkMs = 0;
  await computeRiskInChunks(stored, noted, [], today, Date.now(), {}, 400, (ms) => {
    longestChunkMs = Math.max(longestChunkMs, ms);
  });
  await db.remove();
  return { readMs: t1 - t0, computeMs: t2 - t1, listed, records: events.length, longestChunkMs };
}

Object.assign(globalThis, { baoxueBench: { storeInsert, dexieBulkPut, storageLayerWrite, riskAtScale } });
document.body.dataset.ready = '1';
