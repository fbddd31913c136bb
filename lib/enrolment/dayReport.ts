/**
 * The daily class report, "不过夜" (篇二 §二.2): "要求各班辍学学生名单上报学校不过夜，各班主任每天都要向学校汇报
 * 学生情况，学校都要作出详细统计". A class's school day closes when its teacher reports its attendance
 * (今日考勤已报), even with no absences; the school sees which classes have not reported on a day, with each
 * class's absences that day.
 *
 * A report is an append-only event (kind `riskNote`, data.type `class-day-report`, no student), written
 * in the signed-in user's name through the same path as the absence marks, so it syncs to colleagues and
 * the server's rules for events apply unchanged. Pure: events in, per-class status out.
 */

import { compareGradeLabels } from '../grades';
import type { BaoxueEvent } from '../records';
import { type AbsenceMark, dayStates, type Mark } from '../risk/absences';
import { type HolidayCalendar, isWorkingDay } from '../time/calendar';
import { isIsoDate } from '../time/day';

export const DAY_REPORT_TYPE = 'class-day-report';

export interface DayReport {
  className: string;
  date: string; // YYYY-MM-DD, the school day reported
  by: string;
  at: number; // when it was reported
}

export function dayReportFromEvent(e: BaoxueEvent): DayReport | null {
  if (e.kind !== 'riskNote' || e.data.type !== DAY_REPORT_TYPE) return null;
  const { className, date } = e.data; // checked by the note's type (lib/records RiskNoteData)
  if (!isIsoDate(date)) return null;
  return { className, date, by: e.author, at: e.recordedAt };
}

/** Whether a class's day may be reported: a school day, not after today. */
export function reportable(
  date: string,
  today: string,
  cal: HolidayCalendar,
): 'ok' | 'future' | 'not-school-day' | 'bad-date' {
  if (!isIsoDate(date)) return 'bad-date';
  if (date > today) return 'future';
  if (!isWorkingDay(date, cal)) return 'not-school-day';
  return 'ok';
}

/** 一年级1班 before 一年级2班 before 二年级1班: the order of the school (lib/grades.ts), not of the pinyin. */
const byGrade = (a: string, b: string) => compareGradeLabels(a, b);

export interface Absentee {
  studentId: string;
  name: string;
  am: Mark;
  pm: Mark;
}

export interface ClassDay {
  className: string;
  /** The first report of the day (later ones only repeat it). */
  report?: DayReport;
  /** Half-days missed that day: 旷课 (unexcused) and 请假 (excused). */
  unexcused: number;
  excused: number;
  absentees: Absentee[];
  /** Marks recorded for the class's day after it was reported (a correction the school should see). */
  changedAfterReport: number;
}

export interface SchoolDay {
  date: string;
  schoolDay: boolean;
  classes: ClassDay[];
  notReported: string[];
}

/**
 * Each class's report and absences on `date`. Classes are those of the students on the roll; a day that
 * is not a school day has nothing to report (schoolDay false, no class listed as not reported).
 */
export function classDays(input: {
  date: string;
  students: { id: string; name: string; className: string; onRoll: boolean }[];
  marks: AbsenceMark[];
  reports: DayReport[];
  cal: HolidayCalendar;
}): SchoolDay {
  const { date } = input;
  const onRoll = input.students.filter((s) => s.onRoll && s.className);
  const classOf = new Map(onRoll.map((s) => [s.id, s]));
  const classes = [...new Set(onRoll.map((s) => s.className))].sort(byGrade);
  const marks = input.marks.filter((m) => m.date === date && classOf.has(m.studentId));
  const states = dayStates(marks);
  const firstReport = new Map<string, DayReport>();
  for (const r of [...input.reports].sort((a, b) => a.at - b.at))
    if (r.date === date && !firstReport.has(r.className)) firstReport.set(r.className, r);
  const rows: ClassDay[] = classes.map((className) => {
    const report = firstReport.get(className);
    const row: ClassDay = { className, unexcused: 0, excused: 0, absentees: [], changedAfterReport: 0 };
    if (report) row.report = report;
    for (const m of marks)
      if (classOf.get(m.studentId)?.className === className && report && m.at > report.at)
        row.changedAfterReport++;
    for (const [studentId, days] of states) {
      const s = classOf.get(studentId);
      const d = days.get(date);
      if (!s || s.className !== className || !d) continue;
      const halves = [d.am, d.pm];
      row.unexcused += halves.filter((h) => h === 'unexcused').length / 2;
      row.excused += halves.filter((h) => h === 'excused').length / 2;
      if (d.am !== 'present' || d.pm !== 'present') row.absentees.push({ studentId, name: s.name, ...d });
    }
    row.absentees.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    return row;
  });
  const schoolDay = isWorkingDay(date, input.cal);
  return {
    date,
    schoolDay,
    classes: rows,
    notReported: schoolDay ? rows.filter((r) => !r.report).map((r) => r.className) : [],
  };
}
