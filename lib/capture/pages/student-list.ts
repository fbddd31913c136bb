/** 学籍数据维护, 在校生查询, 学生花名册: one row per student. */
import { identifierProblems } from '../../identifiers';
import type { Student } from '../../records';
import { classCell, dateCell, idTypeCell, sexCell, yesNoCell } from '../normalize';
import type { PageReader } from './types';

const CASE_FIELDS = ['changeType', 'reviewStatus', 'reason', 'appliedDate'] as const;

export const studentList: PageReader = {
  family: 'students' as const,
  looksLike: (shape) =>
    !shape.fields.some((f) => (CASE_FIELDS as readonly string[]).includes(f)) &&
    shape.fields.filter((f) =>
      ['xjh', 'name', 'idNumber', 'grade', 'className', 'sex', 'birthDate'].includes(f),
    ).length >= 3,
  kind: () => 'student-list',
  required: ['xjh', 'name'],
  toRecord(cells, source): Student | undefined {
    const xjh = (cells.xjh ?? '').trim().toUpperCase();
    if (!xjh && !cells.name) return undefined; // an empty filler row
    const flags = new Set<string>();
    const sex = sexCell(cells.sex);
    const birthDate = dateCell(cells.birthDate, 'birthdate-unreadable', flags);
    const idNumber = (cells.idNumber ?? '').trim();
    const idType = idTypeCell(cells.idType);
    for (const p of identifierProblems({ xjh, idType, idNumber, sex, birthDate })) flags.add(p);
    return {
      id: xjh || `无学籍号:${cells.name ?? ''}:${idNumber}`,
      xjh,
      xjfh: cells.xjfh || undefined,
      name: cells.name ?? '',
      sex,
      birthDate,
      idType,
      idNumber,
      grade: cells.grade ?? '',
      className: classCell(cells.className),
      onRoll: yesNoCell(cells.onRoll, true),
      flags: [...flags].sort(),
      source,
      updatedAt: source.seenAt,
    };
  },
};
