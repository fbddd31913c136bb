/**
 * 适龄儿童台账 (篇一 §五.1; 篇五 §6 入学通知书制度; MOE 2024's three ledgers): the school-age children of the
 * village or 户籍 list checked against the roll. Each child is
 * - enrolled (已在本校就读): on the roll and 在校, matched by 身份证号 (also inside a G 学籍号), else by
 *   name and birth date;
 * - elsewhere (已登记去向): not on the roll, with a 去向 the registrar recorded (外地就读, 随迁, 送教上门 …);
 * - not enrolled (适龄未入学): neither. A child once on the roll and no longer 在校 is here too, marked.
 * Children of the list who are not of school age in the chosen year are counted apart, not listed.
 * Pure: children and students in, rows and counts out; the page words the codes.
 */

import type { SchoolAgeChild, Student } from '../records';
import { ageOn, ageStanding, cutoffDay, type EnrolmentSettings } from './schoolAge';

/** 去向 a registrar may record for a child not on the roll; the page words each (`enrol_where_*`). */
export const WHEREABOUTS = [
  'other-school', // 在本地其他学校就读
  'away', // 外地就读
  'migrant', // 随迁（随父母在外地就读）
  'home-teaching', // 残疾儿童送教上门
  'special-school', // 特殊教育学校就读
  'deferred', // 经批准延缓入学
  'abroad', // 出国（境）
] as const;
export type Whereabouts = (typeof WHEREABOUTS)[number];
export const isWhereabouts = (s: string): s is Whereabouts => (WHEREABOUTS as readonly string[]).includes(s);

export type EnrolmentStatus = 'not-enrolled' | 'enrolled' | 'elsewhere';

export interface EnrolmentRow {
  child: SchoolAgeChild;
  status: EnrolmentStatus;
  /** 周岁 on the year's cut-off day. */
  age: number;
  /** The roll's student, when matched (enrolled, or on the roll once and no longer 在校). */
  student?: Pick<Student, 'id' | 'xjh' | 'grade' | 'className' | 'onRoll'>;
  /** How the match was made. */
  matchedBy?: 'id' | 'name-birth';
  /** On the roll once, no longer 在校: listed as not enrolled, and said so. */
  leftRoll: boolean;
}

export interface EnrolmentLedger {
  year: number;
  cutoff: string;
  rows: EnrolmentRow[];
  counts: Record<EnrolmentStatus, number> & { listed: number; outOfRange: number };
}

const normName = (s: string) => s.replace(/\s+/g, '');

/** The citizen ID a student carries: 身份证件号, else the 18 characters of a G 学籍号 (G + ID number). */
function studentIdNumber(s: Student): string {
  const id = s.idNumber.trim().toUpperCase();
  if (id) return id;
  const xjh = s.xjh.trim().toUpperCase();
  return /^G\d{17}[\dX]$/.test(xjh) ? xjh.slice(1) : '';
}

export function enrolmentLedger(
  children: SchoolAgeChild[],
  students: Student[],
  year: number,
  settings: EnrolmentSettings,
): EnrolmentLedger {
  const byId = new Map<string, Student>();
  const byNameBirth = new Map<string, Student[]>();
  for (const s of students) {
    const id = studentIdNumber(s);
    // A student 在校 wins over an older record of the same child that left.
    if (id && (!byId.has(id) || s.onRoll)) byId.set(id, s);
    const key = `${normName(s.name)}|${s.birthDate}`;
    byNameBirth.set(key, [...(byNameBirth.get(key) ?? []), s]);
  }
  const cutoff = cutoffDay(year, settings.cutoff);
  const counts = { 'not-enrolled': 0, enrolled: 0, elsewhere: 0, listed: 0, outOfRange: 0 };
  const rows: EnrolmentRow[] = [];
  for (const child of children) {
    if (ageStanding(child.birthDate, year, settings) !== 'school-age') {
      counts.outOfRange++;
      continue;
    }
    let student: Student | undefined;
    let matchedBy: EnrolmentRow['matchedBy'];
    if (child.idNumber) {
      student = byId.get(child.idNumber);
      if (student) matchedBy = 'id';
    }
    if (!student) {
      const same = byNameBirth.get(`${normName(child.name)}|${child.birthDate}`) ?? [];
      // A student whose own ID says someone else is not this child.
      const candidates = same.filter((s) => {
        const id = studentIdNumber(s);
        return !child.idNumber || !id || id === child.idNumber;
      });
      student = candidates.find((s) => s.onRoll) ?? candidates[0];
      if (student) matchedBy = 'name-birth';
    }
    const enrolled = !!student?.onRoll;
    const status: EnrolmentStatus = enrolled
      ? 'enrolled'
      : isWhereabouts(child.whereabouts)
        ? 'elsewhere'
        : 'not-enrolled';
    counts[status]++;
    counts.listed++;
    rows.push({
      child,
      status,
      age: ageOn(child.birthDate, cutoff),
      ...(student
        ? {
            student: {
              id: student.id,
              xjh: student.xjh,
              grade: student.grade,
              className: student.className,
              onRoll: student.onRoll,
            },
            matchedBy,
          }
        : {}),
      leftRoll: !!student && !student.onRoll,
    });
  }
  const order: Record<EnrolmentStatus, number> = { 'not-enrolled': 0, elsewhere: 1, enrolled: 2 };
  rows.sort(
    (a, b) =>
      order[a.status] - order[b.status] ||
      a.child.village.localeCompare(b.child.village, 'zh-CN') ||
      a.child.birthDate.localeCompare(b.child.birthDate) ||
      a.child.name.localeCompare(b.child.name, 'zh-CN'),
  );
  return { year, cutoff, rows, counts };
}
