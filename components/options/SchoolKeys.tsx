/**
 * 设置 → 同步服务器 → 成员密钥 (registrars only): hand the school's keys to a colleague for the one-time
 * password the admin gave them (a new member, or a forgotten password the admin reset), and take them from
 * someone who left (the keys are rotated for what is written afterwards). See lib/sync/keys.ts.
 *
 * The office key (学籍号, 身份证件号) goes only to a registrar or a leader: ticked here, or named so in the
 * school's staff list on the server. 加密旧数据 seals what the school synced before encryption
 * (lib/sync/migrate.ts); the server admin then finishes with `server:setup --finish-migration`. 更换编号密钥
 * (lib/sync/reid.ts) moves a school whose teachers hold the key that hashes 学籍号s to a key they never hold; until
 * it is run, this page says so and what it means. Opening this page takes the office key back from a colleague
 * who is no registrar or leader now, and says so.
 */
import { useEffect, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { getDatabase } from '@/lib/db/database';
import { errorText } from '@/lib/errors';
import { t } from '@/lib/i18n';
import { readAccount } from '@/lib/sync/account';
import { grantMember, KeyAccessError, removeMember, schoolKeyring, whenOfficeTaken } from '@/lib/sync/keys';
import { migrateToSealed } from '@/lib/sync/migrate';
import { reIdentify } from '@/lib/sync/reid';
import { idKeyNote, keysFailureText } from './schoolKeysText';

export function SchoolKeys() {
  const [name, setName] = useState('');
  const [oneTime, setOneTime] = useState('');
  const [office, setOffice] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<MessageState | null>(null);
  /**
   * The name a removal was just refused for (no envelope, no staff: a misspelling, or an account the admin
   * deleted with its envelopes): clicking 移除并更换密钥 again for that same name turns the key all the same.
   */
  const [refusedName, setRefusedName] = useState<string | undefined>(undefined);
  /**
   * What the page says of the key that hashes 学籍号s, and whether it offers 更换编号密钥 (undefined: not known
   * yet): teachers hold it, or a colleague who left the office does (schoolKeysText.ts `idKeyNote`).
   */
  const [idNote, setIdNote] = useState<{ text: string; offerReid: boolean } | undefined>(undefined);
  /** The note read again from the keyring as it is now (after a turn, a removal, a re-id). */
  const readIdNote = async () => {
    const a = await readAccount(await getDatabase());
    if (a) setIdNote(idKeyNote((await schoolKeyring(a)).data));
  };

  useEffect(() => {
    // Opening the keys (here, or a sync this page runs) takes the office key back from anyone who is no
    // registrar or leader now (lib/sync/keys.ts `settleOfficeKey`): the page says from whom, and that their
    // old device still holds the id key (the note below, read again).
    const stop = whenOfficeTaken((names) => {
      setMessage({ ok: true, text: t('opt_keys_office_taken', names.join('、')) });
      void readIdNote().catch(() => {});
    });
    void readIdNote().catch(() => {});
    return stop;
  }, []);

  async function run(what: 'grant' | 'remove') {
    const member = name.trim();
    if (!member) return setMessage({ ok: false, text: t('opt_keys_need_name') });
    if (what === 'grant' && !oneTime) return setMessage({ ok: false, text: t('opt_keys_need_password') });
    setBusy(true);
    try {
      const a = await readAccount(await getDatabase());
      if (!a) return;
      if (what === 'grant') await grantMember(a, member, oneTime, fetch, office || undefined);
      else if (member === refusedName) {
        await removeMember(a, member, fetch, { accountDeleted: true });
        setRefusedName(undefined);
        setMessage({ ok: true, text: t('opt_keys_turned_for_deleted', member) });
        await readIdNote().catch(() => {});
        return;
      } else await removeMember(a, member);
      setMessage({ ok: true, text: t(what === 'grant' ? 'opt_keys_granted' : 'opt_keys_removed', member) });
      setOneTime('');
      // A colleague removed who held the office key left with its id key: the note says so.
      if (what === 'remove') await readIdNote().catch(() => {});
    } catch (e) {
      setRefusedName(e instanceof KeyAccessError && e.problem === 'no-member' ? member : undefined);
      setMessage({ ok: false, text: keysFailureText(e) });
    } finally {
      setBusy(false);
    }
  }

  async function migrate() {
    setBusy(true);
    try {
      const a = await readAccount(await getDatabase());
      if (!a) return;
      const counts = Object.values(await migrateToSealed(a));
      const sum = (f: 'sealed' | 'resealed' | 'retired' | 'refused') => counts.reduce((n, c) => n + c[f], 0);
      setMessage({
        ok: sum('refused') === 0,
        text: t('opt_keys_migrated', sum('sealed') + sum('resealed'), sum('retired'), sum('refused')),
      });
    } catch (e) {
      setMessage({ ok: false, text: t('opt_keys_failed', String((e as Error).message ?? e)) });
    } finally {
      setBusy(false);
    }
  }

  async function reid() {
    setBusy(true);
    try {
      const a = await readAccount(await getDatabase());
      if (!a) return;
      const progress = (n: number) => setMessage({ ok: true, text: t('opt_keys_reid_progress', n) });
      const counts = Object.values(await reIdentify(a, fetch, progress));
      const sum = (f: 'moved' | 'retired' | 'unresolved' | 'refused') => counts.reduce((n, c) => n + c[f], 0);
      await readIdNote().catch(() => {});
      setMessage({
        ok: sum('refused') === 0,
        text: t('opt_keys_reided', sum('moved'), sum('retired'), sum('unresolved'), sum('refused')),
      });
    } catch (e) {
      // In words (a coded error in the reader's language), never a code.
      setMessage({ ok: false, text: t('opt_keys_failed', errorText(e)) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset data-testid="school-keys">
      <legend>{t('opt_keys')}</legend>
      <p>{t('opt_keys_note')}</p>
      <label>
        {t('opt_keys_member')}{' '}
        <input type="text" value={name} autocomplete="off" onInput={(e) => setName(e.currentTarget.value)} />
      </label>{' '}
      <label>
        {t('opt_keys_one_time')}{' '}
        <input
          type="password"
          value={oneTime}
          autocomplete="off"
          onInput={(e) => setOneTime(e.currentTarget.value)}
        />
      </label>{' '}
      <label>
        <input type="checkbox" checked={office} onChange={(e) => setOffice(e.currentTarget.checked)} />{' '}
        {t('opt_keys_office')}
      </label>{' '}
      <button type="button" disabled={busy} onClick={() => void run('grant')}>
        {t('opt_keys_grant')}
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => void run('remove')}>
        {t('opt_keys_remove')}
      </button>
      <p>{t('opt_keys_migrate_note')}</p>
      <button type="button" disabled={busy} data-testid="school-keys-migrate" onClick={() => void migrate()}>
        {t('opt_keys_migrate')}
      </button>
      {idNote && <p data-testid="school-keys-reid-note">{idNote.text}</p>}
      {idNote?.offerReid !== false && (
        <button type="button" disabled={busy} data-testid="school-keys-reid" onClick={() => void reid()}>
          {t('opt_keys_reid')}
        </button>
      )}
      {idNote?.offerReid === false && (
        // Records a teacher's device wrote offline under a child's old id, taken by the server since
        // (server/reidMoved.ts): the same run moves them, and nothing else (lib/sync/reid.ts is idempotent).
        <>
          <p>{t('opt_keys_reid_late_note')}</p>
          <button
            type="button"
            disabled={busy}
            data-testid="school-keys-reid-late"
            onClick={() => void reid()}
          >
            {t('opt_keys_reid_late')}
          </button>
        </>
      )}
      <Message message={message} testId="school-keys-message" />
    </fieldset>
  );
}
