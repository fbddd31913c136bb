import { useMemo } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { formatDateTime } from '@/lib/format';
import { type MessageKey, t, tx } from '@/lib/i18n';
import type { ChangeEvent } from '@/lib/records';
import { changeLines } from '@/lib/roll/changeGroups';
import { changeSummaryText } from '@/lib/roll/changeText';

// The stored summary's normalised values (性别, 是否在校, 异动类别) in the reader's language.
const changeText = (c: ChangeEvent) =>
  t(`change_${c.kind.replace(/-/g, '_')}` as MessageKey, changeSummaryText(c, tx));

/**
 * "What changed since my last visit": change events newer than the previous time this page was opened. A
 * reading that brought in many students at once (the first reading of the roll) is one line, its names
 * behind a 查看名单 (lib/roll/changeGroups.ts).
 */
export function ChangesView({ db, since }: { db: BaoxueDatabase; since: number }) {
  const docs = useRx(
    () => db.changes.find({ selector: { at: { $gt: since } }, sort: [{ at: 'desc' }] }).$,
    [db, since],
    [],
  );
  const oldest = useRx(() => db.changes.findOne({ selector: {}, sort: [{ at: 'asc' }] }).$, [db], null);
  const lines = useMemo(
    () =>
      changeLines(
        docs.map((d) => d.toJSON() as ChangeEvent),
        oldest?.id,
      ),
    [docs, oldest],
  );
  return (
    <section>
      <h2>{t('dash_changes_since', since ? formatDateTime(since) : t('dash_first_visit'))}</h2>
      {lines.length === 0 ? (
        // Nothing ever read: say how to begin, not "no new changes since your last visit".
        <p class="empty">{t(oldest ? 'dash_changes_none' : 'dash_empty')}</p>
      ) : (
        <table class="data" data-testid="changes">
          <thead>
            <tr>
              <th>{t('col_when')}</th>
              <th>{t('col_change')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) =>
              l.kind === 'one' ? (
                <tr key={l.change.id} data-kind={l.change.kind} data-record={l.change.recordId}>
                  <td>{formatDateTime(l.change.at)}</td>
                  <td>{changeText(l.change)}</td>
                </tr>
              ) : (
                <tr key={`reading:${l.changes[0]!.id}`} data-kind="reading" data-count={l.changes.length}>
                  <td>{formatDateTime(l.to)}</td>
                  <td>
                    <details>
                      <summary>
                        {t(l.first ? 'changes_first_reading' : 'changes_new_students', l.changes.length)}
                      </summary>
                      {l.changes.map((c) => c.summary).join('、')}
                    </details>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
