/**
 * The dashboard's sync line: status in plain words, "sync now", and the conflicts kept for a person to
 * look at. While the dashboard is open it runs live replication (one tab leads; the others wait).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { roleNames } from '@/components/roleNames';
import { useRx } from '@/components/useRx';
import {
  CONFLICTS_ID,
  clearConflicts,
  parseConflicts,
  RESTORABLE,
  restoreConflict,
} from '@/lib/db/conflictLog';
import type { BaoxueDatabase } from '@/lib/db/types';
import { formatDateTime } from '@/lib/format';
import { t } from '@/lib/i18n';
import { ACCOUNT_SETTING_ID, diagnose, readAccount, rememberRoles } from '@/lib/sync/account';
import { type SyncRun, startSync } from '@/lib/sync/replicate';
import { parseStatus, STATUS_ID } from '@/lib/sync/status';
import { fieldName, valueText } from './conflictText';
import { HeldBack } from './HeldBack';
import { syncText } from './syncText';

export function SyncPanel({ db }: { db: BaoxueDatabase }) {
  const account = useRx(() => db.settings.findOne(ACCOUNT_SETTING_ID).$, [db], null);
  const statusDoc = useRx(() => db.settings.findOne(STATUS_ID).$, [db], null);
  const conflictsDoc = useRx(() => db.settings.findOne(CONFLICTS_ID).$, [db], null);
  const status = useMemo(() => parseStatus(statusDoc?.value), [statusDoc]);
  const conflicts = useMemo(() => parseConflicts(conflictsDoc?.value), [conflictsDoc]);
  // Whose record each conflict is about, by name (students and 学籍异动 cases both carry one).
  const ids = useMemo(() => [...new Set(conflicts.map((c) => c.docId))], [conflicts]);
  const students = useRx(() => db.students.findByIds(ids).$, [db, ids.join()], new Map());
  const cases = useRx(() => db.cases.findByIds(ids).$, [db, ids.join()], new Map());
  const whose = (c: { collection: string; docId: string }) => {
    const name = (c.collection === 'cases' ? cases : students).get(c.docId)?.name;
    return name ? `${name}（${c.docId}）` : c.docId;
  };
  const run = useRef<SyncRun | undefined>(undefined);
  const [user, setUser] = useState<{ name: string; roles: string[] }>();

  // Live replication while this page is open, restarted when the account changes.
  useEffect(() => {
    let stopped = false;
    void readAccount(db).then((a) => {
      if (!a || stopped) return;
      setUser({ name: a.user, roles: a.roles ?? [] });
      run.current = startSync(db, a, { live: true });
      // Roles changed on the server since login: stored, which restarts this with them.
      void diagnose(a).then((d) => {
        if (d.ok && !stopped) void rememberRoles(db, d.roles);
      });
    });
    return () => {
      stopped = true;
      void run.current?.cancel();
      run.current = undefined;
      setUser(undefined);
    };
  }, [db, account?.value]);

  const shown = account ? status : { ...status, state: 'off' as const };
  return (
    <section class="sync" data-testid="sync" data-state={shown.state} data-pending={shown.pending}>
      <strong>{t('sync_title')}</strong> <span data-testid="sync-text">{syncText(shown)}</span>
      {user && (
        <>
          {' '}
          <span class="muted" data-testid="sync-user">
            {t('sync_user', user.name, roleNames(user.roles) || t('role_none'))}
          </span>{' '}
          <button
            type="button"
            onClick={() => {
              for (const s of run.current?.states ?? []) s.reSync();
            }}
          >
            {t('sync_now')}
          </button>
        </>
      )}
      {account && <HeldBack db={db} status={status} />}
      {conflicts.length > 0 && (
        <details data-testid="sync-conflicts">
          <summary>{t('sync_conflicts', conflicts.length)}</summary>
          <ul>
            {conflicts.map((c) => (
              <li key={`${c.at}${c.docId}${c.field}`} data-doc={c.docId} data-field={c.field}>
                {t(
                  'sync_conflict_row',
                  whose(c),
                  fieldName(c.field),
                  valueText(c.kept),
                  valueText(c.dropped),
                  c.droppedBy,
                  c.droppedAt ? formatDateTime(c.droppedAt) : '',
                )}{' '}
                {(RESTORABLE as readonly string[]).includes(c.collection) && (
                  <button type="button" onClick={() => void restoreConflict(db, c)}>
                    {t('sync_conflict_restore')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void clearConflicts(db)}>
            {t('sync_conflicts_clear')}
          </button>
        </details>
      )}
    </section>
  );
}
