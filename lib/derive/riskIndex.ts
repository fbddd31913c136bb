/**
 * The 风险名单 kept in step with the records. Each student's risk (tier, reasons, ladder tasks, open 劝返,
 * 重点生) is derived and stored on this device in the `risks` collection, so opening the list is one small
 * indexed query, however many years of absences a county has recorded. A new school day or changed
 * settings recompute every student with a record (in chunks, the page keeps its main thread); otherwise
 * only the students whose records, roster row or paperwork changed since the last run are recomputed,
 * found through RxDB's change feed — which also carries what replication brings from other devices.
 */

import { map, type Observable } from 'rxjs';
import {
  Checkpoint,
  changedSince,
  findPlain,
  nowCheckpoint,
  queryPlain,
  removeInChunks,
  upsertInChunks,
} from '../db/bulk';
import { readSetting, writeSetting } from '../db/settingValue';
import type { BaoxueDatabase } from '../db/types';
import type { AtRiskEntry } from '../paperwork/consequences';
import { parseEvents, type RiskSummary } from '../records';
import {
  computeRisk,
  computeRiskInChunks,
  RISK_EVENT_KINDS,
  type RiskOptions,
  type StudentRisk,
} from '../risk/engine';
import type { Tier } from '../risk/tiers';
import { z } from '../zod';
import { PER_STUDENT_LIMIT, syncLadderTasks } from './tasks';

const META_ID = 'risk-index';
const IndexMeta = z.object({
  day: z.string(),
  key: z.string(),
  events: Checkpoint,
  students: Checkpoint,
  /** The paperwork consequences last applied, one string per entry, to see which students they changed. */
  paperwork: z.array(z.string()),
});
type IndexMeta = z.infer<typeof IndexMeta>;

export interface RiskIndexInputs {
  /** 疑似辍学 from overdue 转出, expired 休学 (lib/paperwork/consequences). */
  paperwork: AtRiskEntry[];
  today: string;
  now: number;
  opts: RiskOptions;
}

export interface RefreshResult {
  mode: 'full' | 'incremental' | 'unchanged';
  /** Students whose risk was recomputed. */
  recomputed: number;
}

const RANK: Record<Tier, number> = { urgent: 0, warning: 1, watch: 2 };
const RISK_KINDS = new Set<string>(RISK_EVENT_KINDS);
/** More changed students than this and one full pass is cheaper than one query per student. */
const INCREMENTAL_LIMIT = 300;

export function toSummary(r: StudentRisk, now: number): RiskSummary {
  return {
    id: r.student.id,
    rank: r.tier ? RANK[r.tier] : 3,
    ...(r.tier ? { tier: r.tier } : {}),
    reasons: r.reasons,
    streakDays: r.streakDays,
    student: {
      id: r.student.id,
      xjh: r.student.xjh,
      name: r.student.name,
      className: r.student.className,
      ...(r.student.specialGroups ? { specialGroups: r.student.specialGroups } : {}),
    },
    // The stored case keeps what the list shows; the steps' event ids stay with the computation.
    ...(r.persuasion
      ? { persuasion: { ...r.persuasion, steps: r.persuasion.steps.map(({ id: _, ...s }) => s) } }
      : {}),
    ...(r.key ? { key: r.key } : {}),
    updatedAt: now,
  };
}

/** Same content, ignoring when it was computed. */
const sameSummary = (a: RiskSummary, b: RiskSummary) =>
  JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 });

/** A cheap digest of the settings a risk depends on: when it changes, everything is recomputed. */
function settingsKey(opts: RiskOptions): string {
  const text = JSON.stringify([
    opts.ladder ?? null,
    opts.termStart ?? '',
    opts.calendar ?? null,
    opts.excused ?? 'ends',
  ]);
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return `${text.length}:${(h >>> 0).toString(36)}`;
}

const paperworkLines = (p: AtRiskEntry[]) => p.map((x) => JSON.stringify(x)).sort();

// Unreadable metadata reads as absent: a full pass rewrites it.
const readMeta = (db: BaoxueDatabase) => readSetting(db, META_ID, IndexMeta);

/** Has this device built the list before (so the stored one can be shown while it is refreshed)? */
export async function riskListBuilt(db: BaoxueDatabase): Promise<boolean> {
  return (await readMeta(db)) !== undefined;
}

/** Whether the list has been built on this device, now and as it changes (the view waits for it). */
export function riskListBuilt$(db: BaoxueDatabase): Observable<boolean> {
  return db.settings.findOne(META_ID).$.pipe(map((doc) => doc !== null));
}

const writeMeta = (db: BaoxueDatabase, meta: IndexMeta) => writeSetting(db, META_ID, meta);

/**
 * Stores the recomputed summaries of `scope` (every student when undefined): changed ones written,
 * unchanged ones left alone, those no longer at risk removed, and their ladder tasks kept in step.
 */
async function store(db: BaoxueDatabase, risks: StudentRisk[], scope: Set<string> | undefined, now: number) {
  const fresh = new Map(risks.map((r) => [r.student.id, toSummary(r, now)]));
  const stored = scope ? await findPlain(db.risks, [...scope]) : await queryPlain(db.risks, { selector: {} });
  const old = new Map(stored.map((s) => [s.id, s]));
  const writes = [...fresh.values()].filter((s) => {
    const before = old.get(s.id);
    return !before || !sameSummary(before, s);
  });
  const gone = [...old.keys()].filter((id) => !fresh.has(id));
  await upsertInChunks(db.risks, writes);
  await removeInChunks(db.risks, gone);
  await syncLadderTasks(db, risks, now, scope);
}

async function fullPass(
  db: BaoxueDatabase,
  inputs: RiskIndexInputs,
  tuning: { chunk?: number; onChunk?: (ms: number) => void },
): Promise<{ recomputed: number; events: Checkpoint; students: Checkpoint }> {
  // Positions taken before reading: what is written meanwhile is seen again by the next run.
  const eventsTip = nowCheckpoint();
  const studentsTip = nowCheckpoint();
  const events = parseEvents(
    await queryPlain(db.events, { selector: { kind: { $in: [...RISK_EVENT_KINDS] } } }),
  );
  const ids = [...new Set(events.map((e) => e.studentId).filter((x): x is string => !!x))];
  const students = await findPlain(db.students, ids);
  const risks = await computeRiskInChunks(
    students,
    events,
    inputs.paperwork,
    inputs.today,
    inputs.now,
    inputs.opts,
    tuning.chunk,
    tuning.onChunk,
  );
  await store(db, risks, undefined, inputs.now);
  return { recomputed: risks.length, events: eventsTip, students: studentsTip };
}

/** Recomputes a few students from their own records (the `studentId` index), not the school's. */
async function recompute(db: BaoxueDatabase, ids: Set<string>, inputs: RiskIndexInputs): Promise<void> {
  const list = [...ids];
  // A few students: each one's records by the studentId index. Many (a pull's batch): one read of the
  // risk records costs less than a query per student.
  const perStudent =
    list.length <= PER_STUDENT_LIMIT
      ? await Promise.all(list.map((id) => queryPlain(db.events, { selector: { studentId: id } })))
      : [
          (await queryPlain(db.events, { selector: { kind: { $in: [...RISK_EVENT_KINDS] } } })).filter((e) =>
            ids.has(e.studentId),
          ),
        ];
  const events = parseEvents(perStudent.flat().filter((e) => RISK_KINDS.has(e.kind)));
  const students = await findPlain(db.students, list);
  const paperwork = inputs.paperwork.filter((p) => ids.has(p.xjh));
  const risks = computeRisk(students, events, paperwork, inputs.today, inputs.now, inputs.opts);
  await store(db, risks, ids, inputs.now);
}

const running = new WeakMap<BaoxueDatabase, Promise<unknown>>();

/**
 * Brings the stored risk list up to date with the records: a full pass on a new day, changed settings or
 * a first run; else only the students something changed for. Runs one at a time per database.
 */
export function refreshRiskIndex(
  db: BaoxueDatabase,
  inputs: RiskIndexInputs,
  tuning: { chunk?: number; onChunk?: (ms: number) => void; full?: boolean } = {},
): Promise<RefreshResult> {
  const run = (running.get(db) ?? Promise.resolve()).catch(() => {}).then(() => refresh(db, inputs, tuning));
  running.set(db, run);
  return run;
}

async function refresh(
  db: BaoxueDatabase,
  inputs: RiskIndexInputs,
  tuning: { chunk?: number; onChunk?: (ms: number) => void; full?: boolean },
): Promise<RefreshResult> {
  const key = settingsKey(inputs.opts);
  const lines = paperworkLines(inputs.paperwork);
  const meta = await readMeta(db);
  if (!tuning.full && meta && meta.day === inputs.today && meta.key === key) {
    const events = await changedSince(db.events, meta.events);
    const students = await changedSince(db.students, meta.students);
    const ids = new Set<string>();
    for (const e of events.docs) if (e.studentId && RISK_KINDS.has(e.kind)) ids.add(e.studentId);
    // A roster change matters only to a student already on the list (a new name, class or group).
    if (students.docs.length) {
      const listed = await findPlain(
        db.risks,
        students.docs.map((s) => s.id),
      );
      for (const s of listed) ids.add(s.id);
    }
    const before = new Set(meta.paperwork);
    const now = new Set(lines);
    for (const p of inputs.paperwork) if (!before.has(JSON.stringify(p))) ids.add(p.xjh);
    for (const line of meta.paperwork) if (!now.has(line)) ids.add((JSON.parse(line) as AtRiskEntry).xjh);
    if (ids.size <= INCREMENTAL_LIMIT) {
      if (ids.size) await recompute(db, ids, inputs);
      await writeMeta(db, {
        ...meta,
        events: events.checkpoint,
        students: students.checkpoint,
        paperwork: lines,
      });
      return { mode: ids.size ? 'incremental' : 'unchanged', recomputed: ids.size };
    }
  }
  const full = await fullPass(db, inputs, tuning);
  await writeMeta(db, {
    day: inputs.today,
    key,
    events: full.events,
    students: full.students,
    paperwork: lines,
  });
  return { mode: 'full', recomputed: full.recomputed };
}
