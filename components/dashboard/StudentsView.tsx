import { useMemo, useState } from 'preact/hooks';
import { flagLabel } from '@/components/overlay/flag-labels';
import { useRx } from '@/components/useRx';
import { sexText } from '@/lib/capture/normalize';
import type { BaoxueDatabase } from '@/lib/db/types';
import { compareGradeLabels, sortedLabels } from '@/lib/grades';
import { t, tx } from '@/lib/i18n';
import type { Student } from '@/lib/records';
import { SearchBox, SelectFilter } from './filters';

const LIMIT = 500;

export function StudentsView({ db }: { db: BaoxueDatabase }) {
  const docs = useRx(() => db.students.find({ sort: [{ id: 'asc' }] }).$, [db], []);
  // In school order: by grade and class number (lib/grades.ts), then 学籍号.
  const students = useMemo(
    () =>
      docs
        .map((d) => d.toJSON() as Student)
        .sort(
          (a, b) =>
            compareGradeLabels(a.className || a.grade, b.className || b.grade) || a.id.localeCompare(b.id),
        ),
    [docs],
  );
  const [q, setQ] = useState('');
  const [grade, setGrade] = useState('');
  const [problemsOnly, setProblemsOnly] = useState(false);
  const grades = useMemo(() => sortedLabels(students.map((s) => s.grade)), [students]);
  const shown = students.filter(
    (s) =>
      (!grade || s.grade === grade) &&
      (!problemsOnly || s.flags.length > 0) &&
      (!q ||
        [s.name, s.xjh, s.className, s.idNumber].some(
          (v) => v.includes(q.trim().toUpperCase()) || v.includes(q.trim()),
        )),
  );
  if (students.length === 0) return <p class="empty">{t('dash_empty')}</p>;
  return (
    <section>
      <div class="filters">
        <SearchBox value={q} onInput={setQ} />
        <SelectFilter
          label={t('col_grade')}
          all={t('dash_filter_all_grades')}
          values={grades}
          value={grade}
          onChange={setGrade}
        />
        <label>
          <input
            type="checkbox"
            checked={problemsOnly}
            onChange={(e) => setProblemsOnly(e.currentTarget.checked)}
          />
          {t('dash_filter_problems')}
        </label>
        <span class="count" data-testid="student-count">
          {t('dash_count', students.length, shown.length)}
        </span>
      </div>
      <table class="data" data-testid="students">
        <thead>
          <tr>
            <th>{t('col_xjh')}</th>
            <th>{t('col_name')}</th>
            <th>{t('col_sex')}</th>
            <th>{t('col_birth')}</th>
            <th>{t('col_grade')}</th>
            <th>{t('col_class')}</th>
            <th>{t('col_problems')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.slice(0, LIMIT).map((s) => (
            <tr key={s.id} data-id={s.id} class={s.flags.length ? 'has-problem' : ''}>
              <td class="mono">{s.xjh}</td>
              <td>{s.name}</td>
              <td>{tx(sexText(s.sex))}</td>
              <td>{s.birthDate}</td>
              <td>{s.grade}</td>
              <td>{s.className}</td>
              <td class="flags">{s.flags.map(flagLabel).join('；')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
