import { useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { t } from '@/lib/i18n';
import { parseEvents } from '@/lib/records';
import type { StudentRef } from '@/lib/risk/engine';
import { semesterOf, VISIT_COUNT_ROLE_KEY, visitQuotas } from '@/lib/risk/quotas';
import { dayString, todayString } from '@/lib/time/day';
import { useSchool } from './ListTools';
import { useAuthorRoles } from './useMyRoles';
import { VisitList } from './VisitList';

/** Each teacher's 家访 this semester against the quota (班主任 20, 科任 15); other roles counted, no quota. */
export function QuotaView({ db, by }: { db: BaoxueDatabase; by: string }) {
  const visits = useRx(() => db.events.find({ selector: { kind: 'homeVisit' } }).$, [db], []);
  const { from, to } = semesterOf(todayString());
  const plain = useMemo(() => parseEvents(visits.map((v) => v.toJSON())), [visits]);
  // A visit counts under its author's own role where it is known (a 学籍管理员 has no 班主任 quota).
  const rolesOf = useAuthorRoles(db);
  const rows = useMemo(() => visitQuotas(plain, from, to, undefined, rolesOf), [plain, from, to, rolesOf]);
  const term = useMemo(
    () =>
      plain.filter((v) => {
        const day = dayString(v.at);
        return day >= from && day <= to;
      }),
    [plain, from, to],
  );
  const ids = useMemo(() => [...new Set(term.map((v) => v.studentId))].sort(), [term]);
  const students = useRx(() => db.students.findByIds(ids).$, [db, ids.join()], new Map());
  const { school, system } = useSchool(db);
  return (
    <section>
      <h2>{t('quota_title', from, to)}</h2>
      {rows.length === 0 ? (
        <p class="empty">{t('quota_none')}</p>
      ) : (
        <table class="data" data-testid="quotas">
          <thead>
            <tr>
              <th>{t('col_author')}</th>
              <th>{t('col_role')}</th>
              <th>{t('col_progress')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.role}:${r.author}`} data-author={r.author} data-visits={r.visits}>
                <td>{r.author}</td>
                <td>{t(VISIT_COUNT_ROLE_KEY[r.role])}</td>
                {r.quota === null ? (
                  <>
                    <td>{r.visits}</td>
                    <td>{t('quota_no_quota')}</td>
                  </>
                ) : (
                  <>
                    <td>
                      <progress max={r.quota} value={Math.min(r.visits, r.quota)} /> {r.visits}/{r.quota}
                    </td>
                    <td>{r.done ? t('quota_done') : t('quota_short', r.quota - r.visits)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('visits_title')}</h2>
      <VisitList
        visits={term}
        by={by}
        studentOf={(id) => students.get(id)?.toJSON() as StudentRef | undefined}
        showNames
        school={school}
        system={system}
      />
    </section>
  );
}
