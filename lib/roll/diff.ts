/**
 * What changed between what was known and what a page shows now. Pure: the store calls it per record.
 * Only fields a registrar cares about count; the time a page was read does not.
 */
import type { ChangeEvent, StatusChangeCase, Student } from '../records';
import { sameLabel } from '../text';

const STUDENT_FIELDS = [
  'name',
  'sex',
  'birthDate',
  'idType',
  'idNumber',
  'grade',
  'className',
  'xjfh',
  'onRoll',
] as const;

/** Equal in everything but when and where it was read. */
function sameContent(a: object, b: object): boolean {
  const strip = (o: object) =>
    JSON.stringify(
      Object.entries(o)
        .filter(([k, v]) => k !== 'source' && k !== 'updatedAt' && v !== undefined)
        .sort(([x], [y]) => x.localeCompare(y)),
    );
  return strip(a) === strip(b);
}

/**
 * Fields a list page is known to leave out (the 2.0 list has no 身份证件类型 column; 学籍辅号 shows on the
 * 学籍卡): one of these, empty before and filled in by another page, is learnt, not a change. Any other
 * field that gains a value (a 身份证件号, a 班级) is a change a registrar reads.
 */
export const LISTS_MAY_LACK: ReadonlySet<string> = new Set(['idType', 'xjfh']);

export type Diff = { changed: false } | { changed: true; event?: Pick<ChangeEvent, 'kind' | 'summary'> };

const recordLabel = (s: { name: string; className: string; xjh: string }) =>
  [s.name, s.className, s.xjh].filter(Boolean).join(' · ');

export function diffStudent(before: Student | undefined, after: Student): Diff {
  if (!before) return { changed: true, event: { kind: 'student-new', summary: recordLabel(after) } };
  if (sameContent(before, after)) return { changed: false };
  // A change of form only (`张 三` → `张三`, full-/half-width) is stored but is no event a registrar reads.
  // A field lists leave out (a 2.0 list without 身份证件类型), filled in by another page, is something
  // learnt, not a change: stored, no event.
  const fields = STUDENT_FIELDS.filter(
    (f) =>
      !(LISTS_MAY_LACK.has(f) && String(before[f] ?? '').trim() === '') &&
      !sameLabel(String(before[f] ?? ''), String(after[f] ?? '')),
  );
  if (fields.length === 0) return { changed: true }; // flags or detail only (联系电话 …): store, no event
  const detail = fields.map((f) => `${String(before[f] ?? '')} → ${String(after[f] ?? '')}`).join('；');
  return { changed: true, event: { kind: 'student-changed', summary: `${recordLabel(after)}：${detail}` } };
}

export function diffCase(before: StatusChangeCase | undefined, after: StatusChangeCase): Diff {
  const label = `${recordLabel(after)} · ${after.changeType}`;
  if (!before)
    return { changed: true, event: { kind: 'case-new', summary: `${label}（${after.reviewStatus}）` } };
  if (sameContent(before, after)) return { changed: false };
  if (!sameLabel(before.reviewStatus, after.reviewStatus))
    return {
      changed: true,
      event: { kind: 'case-status', summary: `${label}：${before.reviewStatus} → ${after.reviewStatus}` },
    };
  return { changed: true };
}
