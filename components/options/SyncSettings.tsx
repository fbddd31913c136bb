/**
 * 同步服务器: URL, school code, user and password → the server is asked (a session) before anything is
 * saved; the password is then kept sealed on this device. Disconnecting keeps every local record.
 * 修改密码: the user changes their own password on the server (the current one asked again), and this
 * device keeps the new one; their other devices must connect again with it.
 */
import { useEffect, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { roleNames } from '@/components/roleNames';
import { problemText } from '@/components/sync/syncText';
import { getDatabase } from '@/lib/db/database';
import { type MessageKey, t } from '@/lib/i18n';
import {
  changePassword,
  diagnose,
  forgetAccount,
  MIN_PASSWORD,
  normaliseUrl,
  type PasswordChangeProblem,
  readAccountSetting,
  type SyncAccountSetting,
  saveAccount,
} from '@/lib/sync/account';
import { rewrapOwnKey } from '@/lib/sync/keys';
import { syncOnce } from '@/lib/sync/replicate';
import { schoolCode } from '@/lib/sync/school';
import { writeStatus } from '@/lib/sync/status';
import { SchoolKeys } from './SchoolKeys';

export function SyncSettings() {
  const [current, setCurrent] = useState<SyncAccountSetting>();
  const [form, setForm] = useState({ url: 'http://127.0.0.1:5984/', school: '', user: '', password: '' });
  const [message, setMessage] = useState<MessageState | null>(null);
  const [busy, setBusy] = useState(false);
  const noPasswords = { current: '', next: '', again: '' };
  const [passwords, setPasswords] = useState<typeof noPasswords | null>(null);
  useEffect(() => void getDatabase().then(readAccountSetting).then(setCurrent), []);

  async function connect(e: Event) {
    e.preventDefault();
    setMessage(null);
    let origin: string;
    let school: string;
    try {
      origin = new URL(normaliseUrl(form.url)).origin;
      school = schoolCode(form.school);
    } catch (err) {
      return setMessage({
        ok: false,
        text: err instanceof TypeError ? t('opt_sync_bad_url', form.url) : String((err as Error).message),
      });
    }
    // In the click's user gesture: the browser asks before Baoxue may talk to a new server.
    const granted = await browser.permissions.request({ origins: [`${origin}/*`] });
    if (!granted) return setMessage({ ok: false, text: t('opt_sync_denied', origin) });
    setBusy(true);
    try {
      const account = {
        url: normaliseUrl(form.url),
        school,
        user: form.user.trim(),
        password: form.password,
      };
      const d = await diagnose(account);
      if (!d.ok)
        return setMessage({
          ok: false,
          text: problemText(d.problem, d.detail, 'settings'),
        });
      const db = await getDatabase();
      await saveAccount(db, { ...account, roles: d.roles });
      await writeStatus(db, { state: 'syncing' });
      // A first pass now, rather than at the next alarm (an open dashboard then replicates live).
      void syncOnce(db, { ...account, roles: d.roles }, 120_000).catch((err) =>
        console.error('first sync failed', err),
      );
      setCurrent(await readAccountSetting(db));
      setForm({ ...form, password: '' });
      // The admin's one-time password: the user is asked to choose their own now.
      if (d.temporaryPassword) {
        setPasswords({ current: account.password, next: '', again: '' });
        setMessage({ ok: false, text: t('opt_sync_password_temporary') });
      }
    } finally {
      setBusy(false);
    }
  }

  async function changeOwnPassword(e: Event) {
    e.preventDefault();
    setMessage(null);
    if (!current || !passwords) return;
    if (passwords.next !== passwords.again)
      return setMessage({ ok: false, text: t('opt_sync_password_mismatch') });
    if (passwords.next === passwords.current)
      return setMessage({ ok: false, text: t('opt_sync_password_same') });
    setBusy(true);
    try {
      const account = {
        url: current.url,
        school: current.school,
        user: current.user,
        roles: current.roles,
        password: passwords.current,
      };
      const r = await changePassword(account, passwords.next);
      if (!r.ok) return setMessage({ ok: false, text: passwordProblemText(r.problem, r.detail) });
      // The school keys this member holds on the server are re-wrapped for the new password (only that).
      await rewrapOwnKey({ ...account, password: passwords.next }, passwords.current).catch((e) =>
        console.warn('sync: the school keys were not re-wrapped', e),
      );
      const db = await getDatabase();
      await saveAccount(db, { ...account, password: passwords.next });
      setCurrent(await readAccountSetting(db));
      setPasswords(null);
      setMessage({ ok: true, text: t('opt_sync_password_changed') });
    } finally {
      setBusy(false);
    }
  }

  async function disconnect() {
    const db = await getDatabase();
    await forgetAccount(db);
    await writeStatus(db, { state: 'off' });
    setCurrent(undefined);
  }

  const field = (key: keyof typeof form, label: MessageKey, type: 'text' | 'password' = 'text') => (
    <label>
      {t(label)}{' '}
      {type === 'password' ? (
        <input
          type="password"
          value={form[key]}
          required
          autocomplete="current-password"
          onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
        />
      ) : (
        <input
          type="text"
          value={form[key]}
          required
          autocomplete="off"
          onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
        />
      )}
    </label>
  );
  return (
    <section data-testid="sync-settings">
      <h2>{t('opt_sync')}</h2>
      <p>{t('opt_sync_note')}</p>
      {current ? (
        <p data-testid="sync-account">
          {t(
            'opt_sync_connected',
            current.user,
            roleNames(current.roles) || t('role_none'),
            current.school,
            current.url,
          )}{' '}
          <button type="button" onClick={() => void disconnect()}>
            {t('opt_sync_disconnect')}
          </button>{' '}
          {!passwords && (
            <button type="button" onClick={() => setPasswords(noPasswords)}>
              {t('opt_sync_change_password')}
            </button>
          )}
        </p>
      ) : (
        <form onSubmit={connect}>
          {field('url', 'opt_sync_url')}
          {field('school', 'opt_sync_school')}
          {field('user', 'opt_sync_user')}
          {field('password', 'opt_sync_password', 'password')}
          <button type="submit" disabled={busy}>
            {t('opt_sync_connect')}
          </button>
        </form>
      )}
      {current?.roles.includes('registrar') && <SchoolKeys />}
      {current && passwords && (
        <form data-testid="sync-password" onSubmit={changeOwnPassword}>
          {(
            [
              ['current', 'opt_sync_current_password', 'current-password'],
              ['next', 'opt_sync_new_password', 'new-password'],
              ['again', 'opt_sync_repeat_password', 'new-password'],
            ] as const
          ).map(([key, label, autocomplete]) => (
            <label key={key}>
              {t(label)}{' '}
              <input
                type="password"
                value={passwords[key]}
                required
                minLength={key === 'current' ? undefined : MIN_PASSWORD}
                autocomplete={autocomplete}
                onInput={(e) => setPasswords({ ...passwords, [key]: e.currentTarget.value })}
              />
            </label>
          ))}
          <button type="submit" disabled={busy}>
            {t('opt_sync_password_submit')}
          </button>{' '}
          <button type="button" onClick={() => setPasswords(null)}>
            {t('opt_sync_password_cancel')}
          </button>
        </form>
      )}
      <Message message={message} />
    </section>
  );
}

function passwordProblemText(problem: PasswordChangeProblem, detail: string): string {
  if (problem === 'wrong-password') return t('opt_sync_password_wrong');
  if (problem === 'too-short') return t('opt_sync_password_too_short', detail);
  if (problem === 'too-many') return t('opt_sync_password_too_many', detail);
  if (problem === 'unreachable') return problemText('unreachable', detail);
  return t('opt_sync_password_refused', detail);
}
