/**
 * 设置 → 本机使用者: the one person who records on this device when it has no sync server, chosen once
 * (name and role). Every record made here carries this name (lib/commands stamps it); no form asks for
 * a recorder again. With a server, the signed-in user is the author and this form says so.
 */
import { useEffect, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { useAuthor } from '@/components/useAuthor';
import { DeviceUser, readDeviceUser, writeDeviceUser } from '@/lib/commands/author';
import { getDatabase } from '@/lib/db/database';
import type { BaoxueDatabase } from '@/lib/db/types';
import { type MessageKey, t } from '@/lib/i18n';
import { readAccountSetting } from '@/lib/sync/account';
import { ROLES, type Role } from '@/lib/sync/school';

export function DeviceUserForm() {
  const [db, setDb] = useState<BaoxueDatabase>();
  useEffect(() => void getDatabase().then(setDb), []);
  return db ? <Form db={db} /> : null;
}

function Form({ db }: { db: BaoxueDatabase }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('teacher');
  const [signedIn, setSignedIn] = useState(false);
  const [message, setMessage] = useState<MessageState | null>(null);
  const author = useAuthor(db);
  useEffect(() => {
    void readDeviceUser(db).then((u) => {
      if (!u) return;
      setName(u.name);
      setRole(u.role);
    });
    void readAccountSetting(db).then((a) => setSignedIn(!!a));
  }, [db, author]);

  async function save(e: Event) {
    e.preventDefault();
    const parsed = DeviceUser.safeParse({ name, role });
    if (!parsed.success) {
      const key = parsed.error.issues[0]?.message;
      return setMessage({
        ok: false,
        text: t((key?.startsWith('user_err_') ? key : 'user_err_name') as MessageKey),
      });
    }
    const saved = await writeDeviceUser(db, parsed.data);
    setMessage({ ok: true, text: t('user_saved', saved.name) });
  }

  return (
    <section data-testid="device-user">
      <h2>{t('user_title')}</h2>
      <p>
        <small>{t('user_help')}</small>
      </p>
      {signedIn && author && <p class="msg ok">{t('user_from_account', author)}</p>}
      <form class="filters" onSubmit={save}>
        <label>
          {t('user_name')}{' '}
          <input value={name} maxLength={50} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          {t('user_role')}{' '}
          <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role_${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('user_save')}</button>
      </form>
      <Message message={message} testId="device-user-message" />
    </section>
  );
}
