/**
 * The rates a school reports (domain.md §5), as the Ministry defines them, from what Baoxue stores. Pure.
 *
 * 年辍学率 = children who dropped out during the school year ÷ children on the roll at the start of that school
 * year (学年初, 9月1日 by default: setting 学年初). A child reported as 辍学 who has since left the roll (不在校)
 * stays in both: the base is the roll on the first day, not today's.
 *
 * How Baoxue knows the roll on the first day: from the stored student records, each with the day it joined
 * and the day it left the roll (`rollDates`):
 * - joined: the 异动日期 of an approved 转入 case when the child came by transfer, else 入学年月 (its first
 *   day), else "before the year began" (a roll read with no 入学年月);
 * - left: for a child no longer on the roll, the 异动日期 of its approved leaving case (转出, 出境, 休学, 辍学,
 *   死亡, 毕业), else the day Baoxue first read the roll without the child (变动记录 "student-gone"), else the
 *   day the record was last written.
 * So the base is exact for every child Baoxue has seen; a child who left the roll before Baoxue was first
 * used is not in it (Baoxue never saw them).
 */

import { stageOf as caseStage } from '../paperwork/checklist';
import type { ChangeEvent, StatusChangeCase, Student } from '../records';
import { stepDay } from '../risk/followUp';
import type { PersuasionCase } from '../risk/persuasion';
import { labelKey } from '../text';
import { dayString } from '../time/day';

export interface RollDates {
  /** First day on this school's roll; undefined = before anything Baoxue reports on. */
  joined?: string;
  /** First day no longer on the roll; undefined = still on it. */
  left?: string;
}

const isDay = (s: string | undefined): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);
const caseDay = (c: StatusChangeCase) =>
  isDay(c.changeDate) ? c.changeDate : isDay(c.appliedDate) ? c.appliedDate : undefined;
const LEAVING = ['转出', '出境', '出国', '休学', '辍学', '死亡', '毕业', '退学'];
const leaves = (type: string) =>
  LEAVING.some((w) => labelKey(type).includes(w)) && !labelKey(type).includes('转入');
const joins = (type: string) => labelKey(type).includes('转入');
/** A bare 转学 (a 跨省转学 list with no 异动类别 column) says no direction by its label. */
const bareTransfer = (type: string) => /^(跨省|省内)?转学$/.test(labelKey(type));

/** When each child joined and left the roll, from the records, the approved cases and the change events. */
export function rollDates(
  students: Student[],
  cases: StatusChangeCase[] = [],
  changes: ChangeEvent[] = [],
  /** 设置 → 学校名称: tells a bare 转学's direction by 转出学校 / 转入学校, as the paperwork check does. */
  schoolName = '',
): Map<string, RollDates> {
  const self = labelKey(schoolName);
  // A bare 转学 is this school's 转入 when it names this school as 转入学校, its 转出 when it names it as
  // 转出学校; without the school's name, an approved one is a 转入 for a child on the roll and a 转出 for a
  // child who has left it (the paperwork check reads it the same way, lib/paperwork/checklist.ts ruleForCase).
  const direction = (c: StatusChangeCase, s: Student): 'in' | 'out' | undefined => {
    if (!bareTransfer(c.changeType))
      return joins(c.changeType) ? 'in' : leaves(c.changeType) ? 'out' : undefined;
    if (self && labelKey(c.toSchool) === self) return 'in';
    if (self && labelKey(c.fromSchool) === self) return 'out';
    return s.onRoll ? 'in' : 'out';
  };
  const approved = new Map<string, StatusChangeCase[]>();
  for (const c of cases)
    if (caseStage(c.reviewStatus) === 'done') {
      const key = c.xjh.toUpperCase();
      approved.set(key, [...(approved.get(key) ?? []), c]);
    }
  const latest = (s: Student, way: 'in' | 'out') =>
    (approved.get(s.id.toUpperCase()) ?? [])
      .filter((c) => direction(c, s) === way)
      .map(caseDay)
      .filter(isDay)
      .sort()
      .at(-1);
  const gone = new Map<string, string>();
  for (const e of changes)
    if (e.kind === 'student-gone') {
      const day = dayString(e.at);
      const seen = gone.get(e.recordId);
      if (!seen || day > seen) gone.set(e.recordId, day);
    }
  const out = new Map<string, RollDates>();
  for (const s of students) {
    const entered = s.enrolled && /^\d{4}-\d{2}$/.test(s.enrolled) ? `${s.enrolled}-01` : undefined;
    const transferredIn = latest(s, 'in');
    const joined = transferredIn && (!entered || transferredIn > entered) ? transferredIn : entered;
    const left = s.onRoll ? undefined : (latest(s, 'out') ?? gone.get(s.id) ?? dayString(s.updatedAt));
    out.set(s.id, { joined, left });
  }
  return out;
}

/** On the roll on `day`: joined on or before it, not yet left. */
export const onRollOn = (d: RollDates | undefined, day: string) =>
  !!d && (!d.joined || d.joined <= day) && (!d.left || d.left > day);

/** The first day of the school year `day` falls in: defined once in lib/time/schoolYear.ts. */
export { schoolYearStartOf } from '../time/schoolYear';

/**
 * A 劝返 case counts as 辍学 from the day it was reported to the 乡镇政府 (still absent after persuasion): the
 * date the registrar gave when confirming 已报告乡镇政府 (the dated confirmation asks for it, not assumed),
 * not the day it was typed in; a report recorded before that question existed has only the typed day.
 */
export const reportedDay = (c: PersuasionCase): string | undefined => {
  const r = c.steps.find((s) => s.step === 'report');
  return r ? stepDay(r) : undefined;
};
/** Out of school on `day`: reported as 辍学 on or before it and not back (返校) by then. */
export const outOn = (c: PersuasionCase, day: string) => {
  const r = reportedDay(c);
  return !!r && r <= day && (!c.returnedOn || c.returnedOn > day);
};

export type ReturnRateBase = 'dropouts' | 'suspected';

export interface RateCounts {
  /** 学年初在校生数: on the roll on the school year's first day. */
  yearStart: number;
  /** 学年内辍学: reported as 辍学 within the school year and not back by the report's last day. */
  yearDropouts: number;
  /** 劝返复学率's base and those of it back in school by the report's last day. */
  returnBase: number;
  returnedOfBase: number;
  /** 巩固率: this cohort's children on the roll now ÷ (those + its children out as 辍学 now). */
  cohortNow: number;
  cohortLost: number;
}

export interface RateInput {
  /** The unit's children (a stage, a class, the school): everyone Baoxue has stored for it. */
  ids: Set<string>;
  roll: Map<string, RollDates>;
  cases: PersuasionCase[];
  /** The report's last day, and the school year's first. */
  to: string;
  yearStart: string;
  returnRateBase?: ReturnRateBase;
  /** Whether a child out as 辍学 still belongs to a cohort at this school (not one that has since graduated). */
  cohortAtSchool?: (id: string) => boolean;
}

/** The counts each rate divides, for one unit. */
export function rateCounts(i: RateInput): RateCounts {
  const mine = i.cases.filter((c) => i.ids.has(c.studentId));
  const inYear = (day: string | undefined) => !!day && day >= i.yearStart && day <= i.to;
  const yearStart = [...i.ids].filter((id) => onRollOn(i.roll.get(id), i.yearStart)).length;
  const yearDropouts = new Set(
    mine.filter((c) => inYear(reportedDay(c)) && outOn(c, i.to)).map((c) => c.studentId),
  );
  const base =
    i.returnRateBase === 'suspected'
      ? mine.filter((c) => inYear(dayString(c.openedAt)))
      : mine.filter((c) => inYear(reportedDay(c)));
  const baseIds = new Set(base.map((c) => c.studentId));
  // A child counts as back when none of their cases in the base is still out at the report's end.
  const stillOut = new Set(base.filter((c) => !c.returnedOn || c.returnedOn > i.to).map((c) => c.studentId));
  const cohortNow = [...i.ids].filter((id) => onRollOn(i.roll.get(id), i.to));
  const nowSet = new Set(cohortNow);
  const lost = new Set(
    mine
      .filter((c) => outOn(c, i.to) && !nowSet.has(c.studentId))
      .map((c) => c.studentId)
      .filter((id) => i.cohortAtSchool?.(id) ?? true),
  );
  // A 辍学 child the 学籍系统 still shows on the roll is on the roll in name only: not 巩固.
  const outStillOnRoll = cohortNow.filter((id) => mine.some((c) => c.studentId === id && outOn(c, i.to)));
  return {
    yearStart,
    yearDropouts: yearDropouts.size,
    returnBase: baseIds.size,
    returnedOfBase: [...baseIds].filter((id) => !stillOut.has(id)).length,
    cohortNow: cohortNow.length - outStillOnRoll.length,
    cohortLost: lost.size + outStillOnRoll.length,
  };
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : undefined);
export const dropoutRate = (c: RateCounts) => ratio(c.yearDropouts, c.yearStart);
export const returnRate = (c: RateCounts) => ratio(c.returnedOfBase, c.returnBase);
export const retentionRate = (c: RateCounts) => ratio(c.cohortNow, c.cohortNow + c.cohortLost);
