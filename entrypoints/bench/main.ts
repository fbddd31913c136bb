/**
 * Measurements `npm run bench` takes inside real Chromium, in the extension's own origin: the store's
 * bulk insert beside a raw Dexie bulkPut of the same documents. Built into the demo extension only.
 */
import Dexie from 'dexie';
import { generateSchool } from '@/demo/generator';
import { openDatabase } from '@/lib/db/database';
import type { Student } from '@/lib/records';

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
Object.assign(globalThis, { baoxueBench: { storeInsert, dexieBulkPut, storageLayerWrite } });
document.body.dataset.ready = '1';
