/**
 * 未上传的记录: the records the school's rules do not let this user upload (lib/sync/school.ts mayWrite),
 * listed so a person can see which they are — the child's name, what kind of record, its date — and what
 * to do about them (issue 15 §7), instead of a count with no way to act on it. A record about a child of a
 * class this teacher no longer teaches says so (你已不教该班); each may be kept (it waits, and goes up when the
 * class is theirs again) or discarded from this device (放弃本机记录) after a confirmation that says what is
 * lost, through the command path (lib/commands/discard.ts) — never a silent delete.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { type MessageKey, t } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import { heldReason } from '@/lib/sync/held';
import type { SyncedCollection } from '@/lib/sync/school';
import type { SyncStatus } from '@/lib/sync/status';
import { dayString } from '@/lib/time/day';

interface HeldRow {
  key: string;
  collection: SyncedCollection;
  id: string;
  name: string;
  kind: string;
  date: string;
  /** The child's class, when the record waits because the class is no longer this teacher's. */
  leftClass?: string;
  /** The server's own words for refusing it, shown as they came (text, never markup). */
  refused?: string;
}

type Held = NonNullable<SyncStatus['held']>[number];

const kindText = (kind: string) => t(`sync_held_kind_${kind}` as MessageKey) || kind;

async function describe(db: BaoxueDatabase, h: Held): Promise<HeldRow> {
  const row = {
    ...(await what(db, h)),
    ...(heldReason(h).refused ? { refused: heldReason(h).refused } : {}),
  };
  // The child left this device with the class: the name and class kept with the entry say whose it is.
  return h.why === 'left-class' ? { ...row, name: h.name || row.name, leftClass: h.className ?? '' } : row;
}

async function what(db: BaoxueDatabase, h: Held): Promise<HeldRow> {
  const key = `${h.collection}:${h.id}`;
  const at = { key, collection: h.collection as SyncedCollection, id: h.id };
  const gone = { ...at, name: t('sync_held_gone'), kind: kindText(h.collection), date: '' };
  const studentName = async (id: string) => (await db.students.findOne(id).exec())?.name ?? id;
  if (h.collection === 'events') {
    const e = (await db.events.findOne(h.id).exec())?.toJSON() as
      | { kind: string; studentId?: string; at: number }
      | undefined;
    if (!e) return gone;
    return {
      ...at,
      name: e.studentId ? await studentName(e.studentId) : '',
      kind: kindText(e.kind),
      date: dayString(e.at),
    };
  }
  if (h.collection === 'students') {
    const s = await db.students.findOne(h.id).exec();
    return s ? { ...at, name: s.name, kind: kindText('students'), date: dayString(s.updatedAt) } : gone;
  }
  if (h.collection === 'cases') {
    const c = await db.cases.findOne(h.id).exec();
    return c
      ? { ...at, name: c.name, kind: `${kindText('cases')}（${c.changeType}）`, date: c.appliedDate }
      : gone;
  }
  const c = await db.changes.findOne(h.id).exec();
  return c ? { ...at, name: c.summary, kind: kindText('changes'), date: dayString(c.at) } : gone;
}

export function HeldBack({ db, status }: { db: BaoxueDatabase; status: SyncStatus }) {
  const held = status.held ?? [];
  const [rows, setRows] = useState<HeldRow[]>([]);
  const ids = held.map((h) => `${h.collection}:${h.id}`).join();
  useEffect(() => {
    let gone = false;
    void Promise.all(held.map((h) => describe(db, h))).then((r) => {
      if (!gone) setRows(r);
    });
    return () => {
      gone = true;
    };
  }, [db, ids]);
  if (!held.length) return null;
  return (
    <details data-testid="sync-held">
      <summary>{t('sync_held_title', held.length)}</summary>
      {/* The roles explained only where a role is why (a class name the server cannot read is not). */}
      {held.some((h) => heldReason(h).role) && <p data-testid="sync-held-role">{t('sync_held_help')}</p>}
      {rows.some((r) => r.leftClass !== undefined) && <p>{t('sync_held_keep_help')}</p>}
      <ul>
        {rows.map((r) => (
          <HeldItem key={r.key} row={r} />
        ))}
      </ul>
    </details>
  );
}

function HeldItem({ row: r }: { row: HeldRow }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  async function discard() {
    setBusy(true);
    try {
      await command('held/discard', { collection: r.collection, id: r.id });
      setAsking(false);
    } catch (e) {
      setError(t('error_prefix', errorText(e)));
    } finally {
      setBusy(false);
    }
  }
  return (
    <li data-held={r.key} data-why={r.leftClass !== undefined ? 'left-class' : undefined}>
      {r.leftClass !== undefined
        ? t('sync_held_row_left', r.name, r.leftClass, r.kind, r.date, t('sync_held_left_class'))
        : t('sync_held_row', r.name, r.kind, r.date)}{' '}
      {r.refused && (
        <span class="held-reason" data-testid="held-reason">
          {t('sync_held_server_reason', r.refused)}{' '}
        </span>
      )}
      {!asking ? (
        <button type="button" onClick={() => setAsking(true)}>
          {t('sync_held_discard')}
        </button>
      ) : (
        <fieldset class="confirm" data-testid="held-discard-confirm">
          <legend>{t('sync_held_discard')}</legend>
          <p>{t('sync_held_discard_explain', r.name, r.kind, r.date)}</p>
          <button type="button" disabled={busy} onClick={() => void discard()}>
            {t('sync_held_discard_yes')}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setAsking(false);
              setError('');
            }}
          >
            {t('sync_held_keep')}
          </button>
          {error && (
            <p class="msg error" role="alert">
              {error}
            </p>
          )}
        </fieldset>
      )}
    </li>
  );
}
