import { useMemo, useState } from 'preact/hooks';
import { flagLabel } from '@/components/overlay/flag-labels';
import { useRx } from '@/components/useRx';
import { sexText } from '@/lib/capture/normalize';
import type { BaoxueDatabase } from '@/lib/db/types';
import { compareGradeLabels, gradeSystemOf } from '@/lib/grades';
import { t, tx } from '@/lib/i18n';
import type { Student } from '@/lib/records';
import { parseSettings } from '@/lib/settings/settings';
import { settings$ } from '@/lib/settings/store';
import { holdsXjh } from '@/lib/students/pick';
import { ListControls, NoMatchRow, type ShownColumn, SortHeader, useListTools } from './ListTools';

const LIMIT = 500;
const DEFAULT_SETTINGS = parseSettings(undefined);

/** Built on render, so the headers follow the reader's language. */
const studentColumns = (): ShownColumn<Student>[] => [
  { key: 'xjh', header: t('col_xjh'), kind: 'text', id: true, value: (s) => s.xjh },
  { key: 'name', header: t('col_name'), kind: 'text', value: (s) => s.name },
  { key: 'sex', header: t('col_sex'), kind: 'text', value: (s) => tx(sexText(s.sex)) },
  { key: 'birth', header: t('col_birth'), kind: 'date', value: (s) => s.birthDate },
  { key: 'grade', header: t('col_grade'), kind: 'grade', value: (s) => s.grade },
  { key: 'class', header: t('col_class'), kind: 'grade', value: (s) => s.className },
  {
    key: 'problems',
    header: t('col_problems'),
    kind: 'text',
    value: (s) => s.flags.map(flagLabel).join('；'),
  },
];
const gradeOf = (s: Student) => s.grade;
const classOf = (s: Student) => s.className;
// What the viewer sees of a child: a teacher who does not hold the 学籍号 has '' there, so it matches nothing.
const searchOf = (s: Student) => [s.name, s.xjh, s.className];

export function StudentsView({ db }: { db: BaoxueDatabase }) {
  const docs = useRx(() => db.students.find({ sort: [{ id: 'asc' }] }).$, [db], []);
  const settings = useRx(() => settings$(db), [db], DEFAULT_SETTINGS);
  const system = gradeSystemOf(settings);
  // In school order: by grade and class number (lib/grades.ts), then 学籍号; a header click sorts otherwise.
  const students = useMemo(
    () =>
      docs
        .map((d) => d.toJSON() as Student)
        .sort(
          (a, b) =>
            compareGradeLabels(a.className || a.grade, b.className || b.grade, system) ||
            a.id.localeCompare(b.id),
        ),
    [docs, system],
  );
  const [problemsOnly, setProblemsOnly] = useState(false);
  // A teacher's device holds no 学籍号 (lib/sync/sealed.ts): no empty column (nor in the export), never the hash.
  const withXjh = holdsXjh(students);
  const columns = useMemo(() => studentColumns().filter((c) => withXjh || c.key !== 'xjh'), [withXjh]);
  const tools = useListTools(students, columns, {
    gradeOf,
    classOf,
    searchOf,
    system,
    keep: problemsOnly ? (s) => s.flags.length > 0 : undefined,
  });
  if (students.length === 0) return <p class="empty">{t('dash_empty')}</p>;
  return (
    <section>
      <ListControls
        tools={tools}
        countTestId="student-count"
        exportAs={{
          list: t('list_students'),
          school: settings.schoolName,
          // This list's own filter is named in the title row like the grade, class and search are.
          filters: problemsOnly ? [t('dash_filter_problems')] : [],
        }}
      >
        <label>
          <input
            type="checkbox"
            checked={problemsOnly}
            onChange={(e) => setProblemsOnly(e.currentTarget.checked)}
          />
          {t('dash_filter_problems')}
        </label>
      </ListControls>
      <table class="data" data-testid="students">
        <thead>
          <tr>
            {columns.map((c) => (
              <SortHeader key={c.key} tools={tools} column={c} />
            ))}
          </tr>
        </thead>
        <tbody>
          <NoMatchRow shown={tools.shown.length} colSpan={columns.length} />
          {tools.shown.slice(0, LIMIT).map((s) => (
            <tr key={s.id} data-id={s.id} class={s.flags.length ? 'has-problem' : ''}>
              {withXjh && <td class="mono">{s.xjh}</td>}
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
      {tools.shown.length > LIMIT && <p class="empty">{t('list_more_than_shown', LIMIT)}</p>}
    </section>
  );
}
