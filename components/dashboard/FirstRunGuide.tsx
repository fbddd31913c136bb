/**
 * 入门向导: what a new registrar or 班主任 does first, on the dashboard until they close it (设置 → 入门向导
 * brings it back). Four steps, each ticked from what is stored, not from a click: the school's name and
 * 学制; who records on this device; the school's server or this device only; the roll read from the 学籍系统.
 */
import { useEffect, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { useRx } from '@/components/useRx';
import { DEVICE_USER_ID, DeviceUser, writeDeviceUser } from '@/lib/commands/author';
import { parseSettingValue } from '@/lib/db/settingValue';
import type { BaoxueDatabase } from '@/lib/db/types';
import { GradeSystem } from '@/lib/grades';
import { type MessageKey, t } from '@/lib/i18n';
import { GUIDE_ID, parseGuide, writeGuide } from '@/lib/settings/device';
import { parseSettings } from '@/lib/settings/settings';
import { settings$, updateSettings } from '@/lib/settings/store';
import { ACCOUNT_SETTING_ID, parseAccountSetting } from '@/lib/sync/account';
import { ROLES, type Role } from '@/lib/sync/school';

const DEFAULTS = parseSettings(undefined);

export function FirstRunGuide({ db }: { db: BaoxueDatabase }) {
  const guideDoc = useRx(() => db.settings.findOne(GUIDE_ID).$, [db], undefined);
  const settings = useRx(() => settings$(db), [db], DEFAULTS);
  const accountDoc = useRx(() => db.settings.findOne(ACCOUNT_SETTING_ID).$, [db], null);
  const deviceDoc = useRx(() => db.settings.findOne(DEVICE_USER_ID).$, [db], null);
  const students = useRx(() => db.students.count().$, [db], 0);
  const [school, setSchool] = useState('');
  const [system, setSystem] = useState<GradeSystem>('六三制');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('registrar');
  const [message, setMessage] = useState<MessageState | null>(null);
  useEffect(() => {
    setSchool(settings.schoolName);
    setSystem(settings.gradeSystem);
  }, [settings.schoolName, settings.gradeSystem]);

  // Not known yet (the query has not answered): nothing, rather than a flash of the guide.
  if (guideDoc === undefined) return null;
  const guide = parseGuide(guideDoc?.value);
  if (guide.dismissed) return null;
  const account = parseAccountSetting(accountDoc?.value);
  const device = parseSettingValue(DeviceUser, deviceDoc?.value);
  const done = {
    school: !!settings.schoolName.trim(),
    me: !!(account || device),
    server: !!account || guide.localOnly,
    roll: students > 0,
  };

  async function saveSchool(e: Event) {
    e.preventDefault();
    if (!school.trim()) return setMessage({ ok: false, text: t('guide_school_needed') });
    const r = await updateSettings(db, { schoolName: school.trim(), gradeSystem: system });
    setMessage(
      r.ok ? { ok: true, text: t('opt_saved_school') } : { ok: false, text: t('guide_school_needed') },
    );
  }
  async function saveMe(e: Event) {
    e.preventDefault();
    const parsed = DeviceUser.safeParse({ name, role });
    if (!parsed.success) return setMessage({ ok: false, text: t('user_err_name') });
    const saved = await writeDeviceUser(db, parsed.data);
    setMessage({ ok: true, text: t('user_saved', saved.name) });
  }
  const step = (key: keyof typeof done, n: number, title: MessageKey) => (
    <h3>
      <span class={done[key] ? 'tick done' : 'tick'} aria-hidden="true">
        {done[key] ? '✓' : n}
      </span>{' '}
      {t(title)} {done[key] && <small class="muted">{t('guide_done')}</small>}
    </h3>
  );

  return (
    <section class="guide" data-testid="first-run-guide" aria-label={t('guide_title')}>
      <h2>{t('guide_title')}</h2>
      <p>{t('guide_intro')}</p>
      <ol>
        <li data-step="school" data-done={done.school}>
          {step('school', 1, 'guide_step_school')}
          <form class="filters" onSubmit={saveSchool}>
            <label>
              {t('opt_school_name')}{' '}
              <input
                value={school}
                maxLength={100}
                placeholder={t('opt_school_name_placeholder')}
                // Wide enough for the whole example name (a Chinese character takes two `ch`), not cut at the edge.
                style={{ width: `${textWidthCh(t('opt_school_name_placeholder')) + 4}ch`, maxWidth: '100%' }}
                onInput={(e) => setSchool(e.currentTarget.value)}
              />
            </label>
            <label>
              {t('opt_grade_system')}{' '}
              <select value={system} onChange={(e) => setSystem(GradeSystem.parse(e.currentTarget.value))}>
                {GradeSystem.options.map((g) => (
                  <option key={g} value={g}>
                    {t(g === '五四制' ? 'opt_system_54' : 'opt_system_63')}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">{t('guide_save_school')}</button>
          </form>
        </li>
        <li data-step="me" data-done={done.me}>
          {step('me', 2, 'guide_step_me')}
          {account ? (
            <p>{t('guide_me_account', account.user)}</p>
          ) : device ? (
            <p>{t('guide_me_device', device.name, t(`role_${device.role}`))}</p>
          ) : (
            <form class="filters" onSubmit={saveMe}>
              <label>
                {t('user_name')}{' '}
                <input value={name} maxLength={50} onInput={(e) => setName(e.currentTarget.value)} />
              </label>
              <label>
                {t('user_role')}{' '}
                <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
                  {ROLES.filter((r) => r !== 'admin').map((r) => (
                    <option key={r} value={r}>
                      {t(`role_${r}`)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit">{t('user_save')}</button>
            </form>
          )}
        </li>
        <li data-step="server" data-done={done.server}>
          {step('server', 3, 'guide_step_server')}
          <p>{account ? t('guide_server_connected', account.url) : t('guide_server_help')}</p>
          {!done.server && (
            <p class="filters">
              <a href="/options.html#sync">{t('guide_server_connect')}</a>
              <button type="button" onClick={() => void writeGuide(db, { ...guide, localOnly: true })}>
                {t('guide_server_local')}
              </button>
            </p>
          )}
        </li>
        <li data-step="roll" data-done={done.roll}>
          {step('roll', 4, 'guide_step_roll')}
          <p>{done.roll ? t('guide_roll_read', students) : t('guide_roll_help')}</p>
        </li>
      </ol>
      <Message message={message} testId="guide-message" />
      <p>
        <button type="button" onClick={() => void writeGuide(db, { ...guide, dismissed: true })}>
          {t('guide_close')}
        </button>{' '}
        <small class="muted">{t('guide_close_help')}</small>
      </p>
    </section>
  );
}

export const GUIDE_CSS = `
.guide { background: #fff; border: 1px solid #bfdbfe; border-radius: 6px; padding: 8px 16px; margin: 12px 0; }
.guide ol { list-style: none; padding: 0; margin: 0; }
.guide li { border-top: 1px dashed #e2e8f0; padding: 4px 0; }
.guide h3 { font-size: 15px; margin: 6px 0; }
.guide .tick { display: inline-block; width: 1.6em; height: 1.6em; line-height: 1.6em; text-align: center; border-radius: 50%; background: #e2e8f0; }
.guide .tick.done { background: #16a34a; color: #fff; }
.guide .muted, .muted { color: #64748b; }
`;

/** A text's width in `ch`: two for a CJK character or full-width mark, one for any other. */
function textWidthCh(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return n;
}
