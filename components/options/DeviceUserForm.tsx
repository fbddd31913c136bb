/**
 * 设置 → 本机使用者: the one person who records on this device when it has no sync server, chosen once
 * (name and role). Every record made here carries this name (lib/commands stamps it); no form asks for
 * a recorder again. With a server, the signed-in user is the author and this form says so. A 班主任 on a
 * device with no server ticks their own classes here: 待办 then shows theirs first.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { useAuthor } from '@/components/useAuthor';
import { useRx } from '@/components/useRx';
import { DeviceUser, readDeviceUser, writeDeviceUser } from '@/lib/commands/author';
import { getDatabase } from '@/lib/db/database';
import type { BaoxueDatabase } from '@/lib/db/types';
import { sortedLabels } from '@/lib/grades';
import { type MessageKey, t } from '@/lib/i18n';
import { MY_CLASSES_ID, parseMyClasses, writeMyClasses } from '@/lib/settings/device';
import { parseSettings } from '@/lib/settings/settings';
import { settings$ } from '@/lib/settings/store';
import { readAccountSetting } from '@/lib/sync/account';
import { ROLES, type Role } from '@/lib/sync/school';

const DEFAULTS = parseSettings(undefined);

export function DeviceUserForm() {
  const [db, setDb] = useState<BaoxueDatabase>();
  useEffect(() => void getDatabase().then(setDb), []);
  return db ? <Form db={db} /> : null;
}

function Form({ db }: { db: BaoxueDatabase }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('teacher');
  const [signedIn, setSignedIn] = useState(false);
  const [classes, setClasses] = useState<string[]>([]);
  const settings = useRx(() => settings$(db), [db], DEFAULTS);
  // The classes on the roll this device read, in school order, to choose a 班主任's own from.
  const students = useRx(() => db.students.find({ selector: { onRoll: true } }).$, [db], []);
  const known = useMemo(
    () =>
      sortedLabels(
        new Set([...students.map((s) => String(s.get('className') ?? '')).filter(Boolean), ...classes]),
        settings.gradeSystem,
      ),
    [students, classes, settings.gradeSystem],
  );
  const [message, setMessage] = useState<MessageState | null>(null);
  const author = useAuthor(db);
  // The stored user fills the form once, before it is shown: a name typed while it loaded was appended to
  // the stored one (李主任李主任), and a later change of author must not overwrite what is being typed.
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    void Promise.all([readDeviceUser(db), db.settings.findOne(MY_CLASSES_ID).exec()]).then(([u, mine]) => {
      if (u) {
        setName(u.name);
        setRole(u.role);
      }
      setClasses(parseMyClasses(mine?.value));
      setLoaded(true);
    });
  }, [db]);
  useEffect(() => void readAccountSetting(db).then((a) => setSignedIn(!!a)), [db, author]);

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
    await writeMyClasses(db, saved.role === 'teacher' ? classes : []);
    setMessage({ ok: true, text: t('user_saved', saved.name) });
  }

  if (!loaded) return null;
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
        {role === 'teacher' && !signedIn && (
          <fieldset data-testid="my-classes">
            <legend>{t('user_classes')}</legend>
            {known.length === 0 && <small>{t('user_classes_none')}</small>}
            {known.map((c) => (
              <label key={c}>
                <input
                  type="checkbox"
                  checked={classes.includes(c)}
                  onChange={(e) =>
                    setClasses(e.currentTarget.checked ? [...classes, c] : classes.filter((x) => x !== c))
                  }
                />{' '}
                {c}
              </label>
            ))}
            <p>
              <small>{t('user_classes_help')}</small>
            </p>
          </fieldset>
        )}
        <button type="submit">{t('user_save')}</button>
      </form>
      <Message message={message} testId="device-user-message" />
    </section>
  );
}
