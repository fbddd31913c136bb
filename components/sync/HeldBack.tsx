/**
 * 未上传的记录: the records the school's rules do not let this user upload (lib/sync/school.ts mayWrite),
 * listed so a person can see which they are — the child's name, what kind of record, its date — and what
 * to do about them (issue 15 §7), instead of a count with no way to act on it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BaoxueDatabase } from '@/lib/db/types';
import { type MessageKey, t } from '@/lib/i18n';
import type { SyncStatus } from '@/lib/sync/status';
import { dayString } from '@/lib/time/day';

interface HeldRow {
  key: string;
  name: string;
  kind: string;
  date: string;
}

const kindText = (kind: string) => t(`sync_held_kind_${kind}` as MessageKey) || kind;

async function describe(db: BaoxueDatabase, h: { collection: string; id: string }): Promise<HeldRow> {
  const key = `${h.collection}:${h.id}`;
  const gone = { key, name: t('sync_held_gone'), kind: kindText(h.collection), date: '' };
  const studentName = async (id: string) => (await db.students.findOne(id).exec())?.name ?? id;
  if (h.collection === 'events') {
    const e = (await db.events.findOne(h.id).exec())?.toJSON() as
      | { kind: string; studentId?: string; at: number }
      | undefined;
    if (!e) return gone;
    return {
      key,
      name: e.studentId ? await studentName(e.studentId) : '',
      kind: kindText(e.kind),
      date: dayString(e.at),
    };
  }
  if (h.collection === 'students') {
    const s = await db.students.findOne(h.id).exec();
    return s ? { key, name: s.name, kind: kindText('students'), date: dayString(s.updatedAt) } : gone;
  }
  if (h.collection === 'cases') {
    const c = await db.cases.findOne(h.id).exec();
    return c
      ? { key, name: c.name, kind: `${kindText('cases')}（${c.changeType}）`, date: c.appliedDate }
      : gone;
  }
  const c = await db.changes.findOne(h.id).exec();
  return c ? { key, name: c.summary, kind: kindText('changes'), date: dayString(c.at) } : gone;
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
      <p>{t('sync_held_help')}</p>
      <ul>
        {rows.map((r) => (
          <li key={r.key} data-held={r.key}>
            {t('sync_held_row', r.name, r.kind, r.date)}
          </li>
        ))}
      </ul>
    </details>
  );
}
