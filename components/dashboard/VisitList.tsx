/**
 * 家访 records, newest first, each correctable: a correction is a new record that supersedes it. On the 家访
 * tab (names shown) the list sorts, filters by grade and class, searches and exports what is on screen.
 */
import { useMemo, useState } from 'preact/hooks';
import { formatDateTime } from '@/lib/format';
import type { GradeSystem } from '@/lib/grades';
import { t } from '@/lib/i18n';
import { gradeOfClass } from '@/lib/lists/listRows';
import type { BaoxueEvent, EventOf, StudentRef } from '@/lib/records';
import { standing } from '@/lib/risk/corrections';
import { dayString } from '@/lib/time/day';
import { ListControls, type ShownColumn, SortButtons, useListTools } from './ListTools';
import { VisitForm } from './VisitForm';

type Visit = EventOf<'homeVisit'>;

const content = (v: Visit) =>
  [v.data.reason, v.data.situation, v.data.parentOpinion, v.data.measures, v.data.nextStep]
    .filter(Boolean)
    .join(' · ');

export function VisitList({
  visits,
  by,
  studentOf,
  showNames,
  school,
  system,
}: {
  visits: BaoxueEvent[];
  by: string;
  /** The student a visit is about (a visit of a student not captured here cannot be corrected here). */
  studentOf: (id: string) => StudentRef | undefined;
  /** False in one student's own file, where the name is the page's heading. */
  showNames: boolean;
  /** The school's name: given, the list sorts, filters, searches and exports (the 家访 tab). */
  school?: string;
  system?: GradeSystem;
}) {
  const [correcting, setCorrecting] = useState<string>();
  const all = useMemo(
    () =>
      standing(visits)
        .filter((e): e is Visit => e.kind === 'homeVisit')
        .sort((a, b) => b.at - a.at),
    [visits],
  );
  const nameOf = (v: Visit) => studentOf(v.studentId)?.name ?? '';
  const classOf = (v: Visit) => studentOf(v.studentId)?.className ?? '';
  // The day as a date; the time only when the visitor entered one (never an invented 12:00).
  const columns: ShownColumn<Visit>[] = [
    { key: 'date', header: t('col_visit_date'), kind: 'date', value: (v) => dayString(v.at) },
    { key: 'time', header: t('col_visit_time'), kind: 'text', value: (v) => v.data.time ?? '' },
    { key: 'name', header: t('col_name'), kind: 'text', value: nameOf },
    { key: 'class', header: t('col_class'), kind: 'grade', value: classOf },
    {
      key: 'method',
      header: t('col_visit_method'),
      kind: 'text',
      value: (v) => t(`method_${v.data.method}`),
    },
    { key: 'by', header: t('col_visit_by'), kind: 'text', value: (v) => v.author },
    { key: 'content', header: t('col_visit_content'), kind: 'text', value: content },
  ];
  const listed = school !== undefined;
  const tools = useListTools(all, columns, {
    gradeOf: (v) => gradeOfClass(classOf(v)),
    classOf,
    searchOf: (v) => [nameOf(v), classOf(v), v.author, content(v)],
    system,
  });
  if (!all.length) return <p class="empty">{t('file_none')}</p>;
  const shown = listed ? tools.shown : all;
  return (
    <>
      {listed && (
        <>
          <ListControls
            tools={tools}
            countTestId="visit-count"
            exportAs={{ list: t('list_visits'), school }}
          />
          <SortButtons tools={tools} />
        </>
      )}
      <ul class="visits" data-testid="visits">
        {shown.length === 0 && (
          <li class="empty" data-testid="list-no-match">
            {t('list_no_match')}
          </li>
        )}
        {shown.map((v) => {
          const student = studentOf(v.studentId);
          return (
            <li key={v.id} data-visit={v.id} data-student={v.studentId} data-method={v.data.method}>
              <span data-testid="visit-when">{v.data.time ? formatDateTime(v.at) : dayString(v.at)}</span> ·{' '}
              {showNames && student ? `${student.name}（${student.className}） · ` : ''}
              {t(`method_${v.data.method}`)} · {v.author}
              {[v.data.reason, v.data.situation, v.data.parentOpinion, v.data.measures, v.data.nextStep]
                .filter(Boolean)
                .map((x) => ` · ${x}`)}
              {v.supersedes && t('visit_corrected')}{' '}
              {student && (
                <button type="button" onClick={() => setCorrecting(v.id)}>
                  {t('visit_correct')}
                </button>
              )}
              {student && correcting === v.id && (
                <VisitForm student={student} by={by} correcting={v} onDone={() => setCorrecting(undefined)} />
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
