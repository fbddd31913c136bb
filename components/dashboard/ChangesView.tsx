import { useCallback, useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { formatDateTime } from '@/lib/format';
import { type MessageKey, t, tx } from '@/lib/i18n';
import { gradeOfClass } from '@/lib/lists/listRows';
import type { ChangeEvent } from '@/lib/records';
import { type ChangeLine, changeLines } from '@/lib/roll/changeGroups';
import { changeSummaryText } from '@/lib/roll/changeText';
import {
  ListControls,
  NoMatchRow,
  type ShownColumn,
  SortHeaders,
  useArrangedTools,
  useSchool,
} from './ListTools';

// The stored summary's normalised values (性别, 是否在校, 异动类别) in the reader's language.
const changeText = (c: ChangeEvent) =>
  t(`change_${c.kind.replace(/-/g, '_')}` as MessageKey, changeSummaryText(c, tx));
const readingText = (l: Extract<ChangeLine, { kind: 'reading' }>) =>
  t(l.first ? 'changes_first_reading' : 'changes_new_students', l.changes.length);

interface Who {
  name: string;
  grade: string;
  className: string;
}

/**
 * "What changed since my last visit": change events newer than the previous time this page was opened. A
 * reading that brought in many students at once (the first reading of the roll) is one line, its names
 * behind a 查看名单 (lib/roll/changeGroups.ts). Grade, class and search pick the changes (each by the
 * student or case it is about), then the lines are made, so a reading stays one line in a class too.
 */
export function ChangesView({ db, since }: { db: BaoxueDatabase; since: number }) {
  const docs = useRx(
    () => db.changes.find({ selector: { at: { $gt: since } }, sort: [{ at: 'desc' }] }).$,
    [db, since],
    [],
  );
  const oldest = useRx(() => db.changes.findOne({ selector: {}, sort: [{ at: 'asc' }] }).$, [db], null);
  const studentDocs = useRx(() => db.students.find().$, [db], []);
  const caseDocs = useRx(() => db.cases.find().$, [db], []);
  // Who each change is about: a student (by 学籍号) or a case (by its id).
  const who = useMemo(() => {
    const out = new Map<string, Who>();
    for (const d of studentDocs) out.set(d.id, { name: d.name, grade: d.grade, className: d.className });
    for (const d of caseDocs) out.set(d.id, { name: d.name, grade: d.grade, className: d.className });
    return out;
  }, [studentDocs, caseDocs]);
  const { school, system } = useSchool(db);
  const changes = useMemo(() => docs.map((d) => d.toJSON() as ChangeEvent), [docs]);
  const classOfLine = (l: ChangeLine) => {
    if (l.kind === 'one') return who.get(l.change.recordId)?.className ?? '';
    const classes = new Set(l.changes.map((c) => who.get(c.recordId)?.className ?? ''));
    return classes.size === 1 ? [...classes][0]! : '';
  };
  const columns: ShownColumn<ChangeLine>[] = [
    {
      key: 'when',
      header: t('col_when'),
      kind: 'datetime',
      value: (l) => (l.kind === 'one' ? l.change.at : l.to),
    },
    { key: 'class', header: t('col_class'), kind: 'grade', value: classOfLine },
    {
      key: 'change',
      header: t('col_change'),
      kind: 'text',
      value: (l) => (l.kind === 'one' ? changeText(l.change) : readingText(l)),
    },
  ];
  const arrange = useCallback((kept: ChangeEvent[]) => changeLines(kept, oldest?.id), [oldest]);
  const tools = useArrangedTools(changes, columns, arrange, {
    gradeOf: (c) => {
      const w = who.get(c.recordId);
      return w ? w.grade || gradeOfClass(w.className) : '';
    },
    classOf: (c) => who.get(c.recordId)?.className ?? '',
    searchOf: (c) => [changeText(c), who.get(c.recordId)?.name ?? '', who.get(c.recordId)?.className ?? ''],
    system,
  });
  return (
    <section>
      <h2>{t('dash_changes_since', since ? formatDateTime(since) : t('dash_first_visit'))}</h2>
      {changes.length === 0 ? (
        // Nothing ever read: say how to begin, not "no new changes since your last visit".
        <p class="empty">{t(oldest ? 'dash_changes_none' : 'dash_empty')}</p>
      ) : (
        <>
          <ListControls
            tools={tools}
            countTestId="change-count"
            exportAs={{ list: t('list_changes'), school }}
          />
          <table class="data" data-testid="changes">
            <thead>
              <SortHeaders tools={tools} />
            </thead>
            <tbody>
              <NoMatchRow shown={tools.shown.length} colSpan={tools.columns.length} />
              {tools.shown.map((l) =>
                l.kind === 'one' ? (
                  <tr key={l.change.id} data-kind={l.change.kind} data-record={l.change.recordId}>
                    <td>{formatDateTime(l.change.at)}</td>
                    <td>{classOfLine(l)}</td>
                    <td>{changeText(l.change)}</td>
                  </tr>
                ) : (
                  <tr key={`reading:${l.changes[0]!.id}`} data-kind="reading" data-count={l.changes.length}>
                    <td>{formatDateTime(l.to)}</td>
                    <td>{classOfLine(l)}</td>
                    <td>
                      <details>
                        <summary>{readingText(l)}</summary>
                        {l.changes.map((c) => c.summary).join('、')}
                      </details>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
