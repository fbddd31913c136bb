/**
 * 辍学生返校通知书 and 辍学学生情况报告表, filled from the store and print-ready on A4: the student, the
 * school, since when the child has been away, every 劝返 attempt, the return deadline.
 */
import { useEffect, useState } from 'preact/hooks';
import { sexText } from '@/lib/capture/normalize';
import { getDatabase } from '@/lib/db/database';
import type { BaoxueDatabase } from '@/lib/db/types';
import { riskOptions } from '@/lib/derive/refresh';
import { formatDateTime } from '@/lib/format';
import { t, tx } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import { parseEvents, type Student, type VisitMethod } from '@/lib/records';
import { absentSince } from '@/lib/reports/absentSince';
import { type PersuasionCase, persuasionCases, STEP_LABEL } from '@/lib/risk/persuasion';
import { readSettings } from '@/lib/settings/store';
import { identityHiddenFor } from '@/lib/students/officeOnly';
import { readAccountSetting } from '@/lib/sync/account';
import { todayString } from '@/lib/time/day';

interface Data {
  student: Student | null;
  school: string;
  c?: PersuasionCase;
  absentSince?: string;
  /** The 学籍号 as printed: the number, or 「仅学籍管理员可见」 on a teacher's device (never a blank). */
  xjh: string;
}

async function load(db: BaoxueDatabase, studentId: string, caseId: string): Promise<Data> {
  const student = (await db.students.findOne(studentId).exec())?.toJSON() as Student | undefined;
  const events = parseEvents(
    (await db.events.find({ selector: { studentId } }).exec()).map((e) => e.toJSON()),
  );
  const cases = persuasionCases(events);
  const c = cases.find((x) => x.id === caseId);
  const settings = await readSettings(db);
  // 未到校起始日期: the first day of the current unbroken absence, as the ladder counts it (not the first ever).
  const since = c ? absentSince(events, c, cases, todayString(), riskOptions(settings)) : undefined;
  const hidden = identityHiddenFor(await readAccountSetting(db));
  const xjh = student?.xjh || (hidden ? t('xjh_office_only') : '');
  return { student: student ?? null, school: settings.schoolName, c, absentSince: since, xjh };
}

export function PrintPersuasion({
  doc,
  studentId,
  caseId,
}: {
  doc: 'notice' | 'report';
  studentId: string;
  caseId: string;
}) {
  const [data, setData] = useState<Data>();
  useEffect(() => {
    void getDatabase().then((db) => load(db, studentId, caseId).then(setData));
  }, [studentId, caseId]);
  if (!data) return null;
  const s = data.student;
  if (!s || !data.c) return <p>{t('print_not_found')}</p>;
  const school = data.school || '________________';
  const since = data.absentSince ?? '____年__月__日';
  const deadline = data.c.deadline ?? '____年__月__日';
  const print = (
    <p class="actions">
      <button
        type="button"
        onClick={() => {
          // 访问记录: a printed notice names a child.
          void command('access/record', { what: 'notice', studentId, name: doc }).catch(() => {});
          window.print();
        }}
      >
        {t('print_button')}
      </button>
    </p>
  );
  if (doc === 'notice') {
    document.title = t('print_tab_title', t('notice_title'), s.name);
    return (
      <main data-baoxue-print="notice">
        <h1>{t('notice_title')}</h1>
        <p>{t('notice_to', s.name)}</p>
        <p>　　{t('notice_body', s.name, s.className, data.xjh, since, deadline)}</p>
        <p style="text-align:right">{t('notice_sign', school, todayString())}</p>
        <p>{t('notice_receipt')}</p>
        {print}
      </main>
    );
  }
  // Its own title (report_title is the 控辍保学月报's, with the school and the month).
  document.title = t('print_tab_title', t('dropout_report_title'), s.name);
  return (
    <main data-baoxue-print="report">
      <h1>{t('dropout_report_title')}</h1>
      <p>{t('report_school', school, todayString())}</p>
      <table>
        <tbody>
          <tr>
            <th>{t('col_name')}</th>
            <td>{s.name}</td>
            <th>{t('col_sex')}</th>
            <td>{tx(sexText(s.sex))}</td>
          </tr>
          <tr>
            <th>{t('col_xjh')}</th>
            <td>{data.xjh}</td>
            <th>{t('col_birth')}</th>
            <td>{s.birthDate}</td>
          </tr>
          <tr>
            <th>{t('col_class')}</th>
            <td>{s.className}</td>
            <th>{t('report_absent_since')}</th>
            <td>{since}</td>
          </tr>
          <tr>
            <th>{t('report_address')}</th>
            <td>{s.address ?? ''}</td>
            <th>{t('report_phone')}</th>
            <td>{s.phone ?? ''}</td>
          </tr>
          <tr>
            <th>{t('col_groups')}</th>
            <td colSpan={3}>{s.specialGroups?.join('、') || t('report_none')}</td>
          </tr>
          <tr>
            <th>{t('report_attempts')}</th>
            <td colSpan={3}>
              {data.c.steps.map((x) => (
                <div key={`${x.step}${x.at}`}>
                  {formatDateTime(x.at)} {t(STEP_LABEL[x.step])} {x.by}{' '}
                  {x.method && t(`method_${x.method as VisitMethod}`)} {x.outcome}
                </div>
              ))}
            </td>
          </tr>
        </tbody>
      </table>
      <p>{t('report_sign')}</p>
      {print}
    </main>
  );
}
