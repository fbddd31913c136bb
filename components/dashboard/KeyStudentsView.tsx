/**
 * 重点生: a class names its students at risk (reason, 帮扶 partner teacher), visits them weekly; an overdue
 * weekly visit shows here and raises the student's tier. Each has a file on one page.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { AuthorLine } from '@/components/AuthorLine';
import { Message, type MessageState } from '@/components/Message';
import { useRx } from '@/components/useRx';
import { fetchStaffNames } from '@/lib/audit/staffNames';
import { endRefusedFor } from '@/lib/commands/designation';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { t } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import type { RiskSummary, Student } from '@/lib/records';
import { childChoices, pickChild } from '@/lib/students/pick';
import { readAccount, readAccountSetting } from '@/lib/sync/account';
import { namesOnlySelf } from '@/lib/sync/designation';
import { StudentFile } from './StudentFile';

export function KeyStudentsView({ db, risks, by }: { db: BaoxueDatabase; risks: RiskSummary[]; by: string }) {
  const docs = useRx(() => db.students.find({ selector: { onRoll: true } }).$, [db], []);
  const students = useMemo(() => docs.map((d) => d.toJSON() as Student), [docs]);
  const choices = useMemo(() => childChoices(students), [students]);
  const [who, setWho] = useState('');
  const [reason, setReason] = useState('');
  const [partner, setPartner] = useState('');
  // Connected to a school server: the partner is chosen from its staff, so the designation holds the exact
  // account name the server matches to let them read the child (server/scope.ts). Without one: free text.
  // A teacher (班主任 or 科任) names only themselves — the server refuses any other partner from them
  // (lib/sync/designation.ts) — so their choice is themselves alone; a registrar or a leader picks the staff.
  const [staffNames, setStaffNames] = useState<string[]>();
  useEffect(() => {
    let live = true;
    void readAccount(db).then(async (a) => {
      if (a && namesOnlySelf(a.roles ?? [])) {
        if (live) {
          setStaffNames([a.user]);
          setPartner(a.user);
        }
        return;
      }
      const names = a ? await fetchStaffNames(a) : undefined;
      if (live && names?.length) setStaffNames(names);
    });
    return () => {
      live = false;
    };
  }, [db]);
  const [open, setOpen] = useState<string>();
  const [message, setMessage] = useState<MessageState | null>(null);
  const keys = risks.filter((r) => r.key);
  // 解除 where the command would refuse it is not offered (a teacher ending a pairing the office made with a
  // colleague): judged by the command's own rule (lib/commands/designation.ts `endRefusedFor`) on the account
  // it stamps and the designations this device holds.
  const [account, setAccount] = useState<{ user: string; roles: string[] }>();
  useEffect(() => {
    let live = true;
    void readAccountSetting(db).then((a) => {
      if (live) setAccount(a && { user: a.user, roles: a.roles });
    });
    return () => {
      live = false;
    };
  }, [db]);
  const notes = useRx(() => db.events.find({ selector: { kind: 'riskNote' } }).$, [db], []);
  const endRefused = useMemo(() => {
    const byChild = new Map<string, Parameters<typeof endRefusedFor>[2][number][]>();
    for (const d of notes) {
      const e = d.toJSON() as { studentId?: string; kind: string; at: number };
      if (e.studentId) byChild.set(e.studentId, [...(byChild.get(e.studentId) ?? []), e]);
    }
    const now = Date.now();
    return (studentId: string) => endRefusedFor(studentId, account, byChild.get(studentId) ?? [], now);
  }, [notes, account]);

  async function designate(e: Event) {
    e.preventDefault();
    const q = who.trim();
    // Looked up in the store now, not in the list this view subscribes to: that list is empty until the
    // store first answers it, which takes a while on a device busy with a sync (a child the store holds
    // was then said not to be found).
    const onRoll = (await db.students.find({ selector: { onRoll: true } }).exec()).map(
      (d) => d.toJSON() as Student,
    );
    // By the record's id: on a teacher's device two children of one name differ by nothing else it holds.
    const picked = pickChild(onRoll, q);
    if ('ambiguous' in picked)
      return setMessage({ ok: false, text: t('key_ambiguous', picked.ambiguous, q) });
    const s = 'found' in picked ? onRoll.find((x) => x.id === picked.found) : undefined;
    if (!s) return setMessage({ ok: false, text: t('key_not_found', q) });
    if (!reason.trim() || !partner.trim()) return setMessage({ ok: false, text: t('key_need') });
    try {
      await command('key/name', { studentId: s.id, reason: reason.trim(), partner: partner.trim() });
      setWho('');
      setReason('');
      setMessage(null);
    } catch (err) {
      setMessage({ ok: false, text: t('error_prefix', errorText(err)) });
    }
  }

  return (
    <section>
      <form class="filters" onSubmit={designate}>
        <input
          list="baoxue-students"
          placeholder={t('key_student')}
          aria-label={t('key_student')}
          value={who}
          onInput={(e) => setWho(e.currentTarget.value)}
        />
        <datalist id="baoxue-students">
          {choices.map((c) => (
            <option key={c.id} value={c.label} />
          ))}
        </datalist>
        <input
          placeholder={t('key_reason')}
          aria-label={t('key_reason')}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        {staffNames ? (
          <select
            aria-label={t('key_partner')}
            value={partner}
            onChange={(e) => setPartner(e.currentTarget.value)}
          >
            <option value="">{t('key_partner_choose')}</option>
            {staffNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        ) : (
          <input
            placeholder={t('key_partner')}
            aria-label={t('key_partner')}
            value={partner}
            onInput={(e) => setPartner(e.currentTarget.value)}
          />
        )}
        <button type="submit">{t('key_designate')}</button> <AuthorLine by={by} />
      </form>
      <Message message={message} />
      {keys.length === 0 ? (
        <p class="empty">{t('key_none')}</p>
      ) : (
        <table class="data" data-testid="key-students">
          <thead>
            <tr>
              <th>{t('col_name')}</th>
              <th>{t('col_class')}</th>
              <th>{t('key_reason')}</th>
              <th>{t('key_partner')}</th>
              <th>{t('key_since')}</th>
              <th>{t('key_last_visit')}</th>
              <th>{t('key_next_visit')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((r) => {
              const taken = endRefused(r.student.id);
              return (
                <>
                  <tr key={r.student.id} data-xjh={r.student.id} data-overdue={String(r.key!.visitOverdue)}>
                    <td>{r.student.name}</td>
                    <td>{r.student.className}</td>
                    <td>{r.key!.reason}</td>
                    <td>{r.key!.partner}</td>
                    <td>{r.key!.since}</td>
                    <td>{r.key!.lastVisit ?? '—'}</td>
                    <td class={r.key!.visitOverdue ? 'flags has-problem' : ''}>{r.key!.nextVisitDue}</td>
                    <td class="actions">
                      <button
                        type="button"
                        onClick={() => setOpen(open === r.student.id ? undefined : r.student.id)}
                      >
                        {t('key_file')}
                      </button>
                      <button
                        type="button"
                        disabled={taken !== undefined}
                        title={taken === undefined ? undefined : t('key_end_office', taken)}
                        onClick={() =>
                          void command('key/end', { studentId: r.student.id }).catch((err) =>
                            setMessage({ ok: false, text: t('error_prefix', errorText(err)) }),
                          )
                        }
                      >
                        {t('key_end')}
                      </button>
                      {taken !== undefined && (
                        <span class="muted" data-testid="key-end-why">
                          {t('key_end_office', taken)}
                        </span>
                      )}
                    </td>
                  </tr>
                  {open === r.student.id && (
                    <tr key={`${r.student.id}:file`}>
                      <td colSpan={8}>
                        <StudentFile db={db} risk={r} by={by} />
                      </td>
                    </tr>
                  )}
                </>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
