/** 家访 records, newest first, each correctable: a correction is a new record that supersedes it. */
import { useState } from 'preact/hooks';
import { formatDateTime } from '@/lib/format';
import { t } from '@/lib/i18n';
import type { BaoxueEvent, EventOf, StudentRef } from '@/lib/records';
import { standing } from '@/lib/risk/corrections';
import { dayString } from '@/lib/time/day';
import { VisitForm } from './VisitForm';

export function VisitList({
  visits,
  by,
  studentOf,
  showNames,
}: {
  visits: BaoxueEvent[];
  by: string;
  /** The student a visit is about (a visit of a student not captured here cannot be corrected here). */
  studentOf: (id: string) => StudentRef | undefined;
  /** False in one student's own file, where the name is the page's heading. */
  showNames: boolean;
}) {
  const [correcting, setCorrecting] = useState<string>();
  const shown = standing(visits)
    .filter((e): e is EventOf<'homeVisit'> => e.kind === 'homeVisit')
    .sort((a, b) => b.at - a.at);
  if (!shown.length) return <p class="empty">{t('file_none')}</p>;
  return (
    <ul class="visits" data-testid="visits">
      {shown.map((v) => {
        const student = studentOf(v.studentId);
        return (
          <li key={v.id} data-visit={v.id} data-student={v.studentId} data-method={v.data.method}>
            {/* The day, and the time only when the visitor entered one (never an invented 12:00). */}
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
  );
}
