import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { formatDateTime } from '@/lib/format';
import { type MessageKey, t } from '@/lib/i18n';

/** "What changed since my last visit": change events newer than the previous time this page was opened. */
export function ChangesView({ db, since }: { db: BaoxueDatabase; since: number }) {
  const changes = useRx(
    () => db.changes.find({ selector: { at: { $gt: since } }, sort: [{ at: 'desc' }] }).$,
    [db, since],
    [],
  );
  return (
    <section>
      <h2>{t('dash_changes_since', since ? formatDateTime(since) : t('dash_first_visit'))}</h2>
      {changes.length === 0 ? (
        <p class="empty">{t('dash_changes_none')}</p>
      ) : (
        <table class="data" data-testid="changes">
          <thead>
            <tr>
              <th>{t('col_when')}</th>
              <th>{t('col_change')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.id} data-kind={c.kind} data-record={c.recordId}>
                <td>{formatDateTime(c.at)}</td>
                <td>{t(`change_${c.kind.replace(/-/g, '_')}` as MessageKey, c.summary)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
