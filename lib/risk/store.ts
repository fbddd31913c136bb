/**
 * The risk records' writers: marks, visits, 劝返 steps and notes are append-only events (lib/derive keeps
 * the 风险名单 and 待办 in step with them; lib/risk/engine computes a student's risk).
 */

import type { BaoxueDatabase } from '../db/types';
import { beijingInstant } from '../time/day';
import type { Half, Mark } from './absences';
import type { PersuasionStep } from './persuasion';

const id = (prefix: string, now: number) => `${prefix}:${now}:${Math.random().toString(36).slice(2, 8)}`;

export async function recordAbsence(
  db: BaoxueDatabase,
  a: { studentId: string; date: string; half: Half; mark: Mark; reason: string; by: string },
  now = Date.now(),
): Promise<void> {
  await db.events.insert({
    id: id(`absence:${a.studentId}:${a.date}`, now),
    kind: 'absence',
    studentId: a.studentId,
    author: a.by,
    at: now,
    recordedAt: now,
    data: { date: a.date, half: a.half, mark: a.mark, reason: a.reason },
  });
}

export interface VisitInput {
  studentId: string;
  date: string;
  method: '上门' | '电话' | '微信';
  visitorRole: 'teacher' | 'leader' | 'subjectTeacher';
  by: string;
  reason: string;
  situation: string;
  parentOpinion: string;
  measures: string;
  nextStep: string;
  /** The visit record this one corrects. */
  supersedes?: string;
}

/** A 家访 record (domain.md §5 fields). `at` is the visit's day, so it can close that day's ladder step. */
export async function recordVisit(db: BaoxueDatabase, v: VisitInput, now = Date.now()): Promise<void> {
  const at = beijingInstant(v.date); // noon in Beijing: that day in any device zone
  await db.events.insert({
    id: id(`visit:${v.studentId}`, now),
    kind: 'homeVisit',
    studentId: v.studentId,
    author: v.by,
    at,
    recordedAt: now,
    ...(v.supersedes ? { supersedes: v.supersedes } : {}),
    data: {
      method: v.method,
      visitorRole: v.visitorRole,
      reason: v.reason,
      situation: v.situation,
      parentOpinion: v.parentOpinion,
      measures: v.measures,
      nextStep: v.nextStep,
    },
  });
}

/** One step of a 劝返 case (opening one when `caseId` is not given). Returns the case id. */
export async function recordPersuasion(
  db: BaoxueDatabase,
  p: {
    studentId: string;
    caseId?: string;
    step: PersuasionStep;
    by: string;
    method?: string;
    outcome?: string;
    deadline?: string;
    date?: string;
  },
  now = Date.now(),
): Promise<string> {
  const caseId = p.caseId ?? `persuasion:${p.studentId}:${now}`;
  await db.events.insert({
    id: id(`persuasion:${p.step}`, now),
    kind: 'persuasionAttempt',
    studentId: p.studentId,
    caseId,
    author: p.by,
    at: now,
    recordedAt: now,
    data: {
      step: p.step,
      method: p.method ?? '',
      outcome: p.outcome ?? '',
      deadline: p.deadline ?? '',
      date: p.date ?? '',
    },
  });
  return caseId;
}

/** Printing the 辍学学生情况报告表 is itself a record: it closes the ladder's report step. */
export async function recordDropoutReport(
  db: BaoxueDatabase,
  studentId: string,
  by: string,
  now = Date.now(),
) {
  await db.events.insert({
    id: id(`report:${studentId}`, now),
    kind: 'riskNote',
    studentId,
    author: by,
    at: now,
    recordedAt: now,
    data: { type: 'dropout-report' },
  });
}

/** A school leader's monthly check of a 重点生's 帮扶 records (closes that month's check task). */
export async function recordKeyCheck(db: BaoxueDatabase, studentId: string, by: string, now = Date.now()) {
  await db.events.insert({
    id: id(`keycheck:${studentId}`, now),
    kind: 'riskNote',
    studentId,
    author: by,
    at: now,
    recordedAt: now,
    data: { type: 'key-check' },
  });
}

/** Names a student 重点生 (with the reason and the 帮扶 partner teacher), or ends it. */
export async function designateKeyStudent(
  db: BaoxueDatabase,
  k: { studentId: string; reason: string; partner: string; by: string; end?: boolean },
  now = Date.now(),
): Promise<void> {
  await db.events.insert({
    id: id(`key:${k.studentId}`, now),
    kind: 'riskNote',
    studentId: k.studentId,
    author: k.by,
    at: now,
    recordedAt: now,
    data: { type: k.end ? 'key-student-end' : 'key-student', reason: k.reason, partner: k.partner },
  });
}

/** Many marks at once (an imported file): one bulk write, all or nothing. */
export async function recordAbsences(
  db: BaoxueDatabase,
  marks: { studentId: string; date: string; half: Half; mark: Mark; reason: string }[],
  by: string,
  now = Date.now(),
): Promise<void> {
  const docs = marks.map((a, i) => ({
    id: id(`absence:${a.studentId}:${a.date}:${i}`, now),
    kind: 'absence' as const,
    studentId: a.studentId,
    author: by,
    at: now,
    recordedAt: now,
    data: { date: a.date, half: a.half, mark: a.mark, reason: a.reason },
  }));
  const r = await db.events.bulkInsert(docs);
  if (r.error.length) throw new Error(`${r.error.length} 条写入失败`);
}

export async function enterGroups(
  db: BaoxueDatabase,
  studentId: string,
  groups: string[],
  by: string,
  now = Date.now(),
) {
  await db.events.insert({
    id: id(`groups:${studentId}`, now),
    kind: 'riskNote',
    studentId,
    author: by,
    at: now,
    recordedAt: now,
    data: { type: 'special-groups', groups: groups.join('、') },
  });
}
