/**
 * 设置 → 缺课与风险: the absence ladder (when each step starts, how many school days it has; the 疑似辍学
 * step's days are the school's own threshold) and how an excused half-day counts in a run. Saved on its own.
 */
import { Message } from '@/components/Message';
import { t } from '@/lib/i18n';
import { applyLadder } from '@/lib/risk/ladder';
import { useSettingsPart } from './useSettingsPart';

const KEYS = ['ladder', 'excusedHalfDay'] as const;

export function AbsenceSection() {
  const {
    draft: s,
    set,
    save,
    message,
  } = useSettingsPart(
    KEYS,
    { ladder: 'opt_ladder', excusedHalfDay: 'opt_excused_half_day' },
    'opt_saved_absence',
  );
  if (!s) return null;
  const step = (code: string, change: { atDays?: number; dueWorkingDays?: number }) =>
    set({ ladder: { ...s.ladder, [code]: { ...s.ladder[code], ...change } } });
  return (
    <form
      data-testid="absence-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p>{t('opt_ladder_help')}</p>
      <table class="data" data-testid="ladder-settings">
        <thead>
          <tr>
            <th>{t('opt_ladder_step')}</th>
            <th>{t('opt_ladder_at')}</th>
            <th>{t('opt_ladder_due')}</th>
          </tr>
        </thead>
        <tbody>
          {applyLadder(s.ladder).map((x) => (
            <tr key={x.code} data-step={x.code}>
              <td>{t(x.title)}</td>
              <td>
                <input
                  type="number"
                  min={0.5}
                  max={60}
                  step={0.5}
                  aria-label={`${t(x.title)} ${t('opt_ladder_at')}`}
                  value={x.atDays}
                  onInput={(e) => step(x.code, { atDays: Number(e.currentTarget.value) })}
                />
              </td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={30}
                  aria-label={`${t(x.title)} ${t('opt_ladder_due')}`}
                  value={x.dueWorkingDays}
                  onInput={(e) => step(x.code, { dueWorkingDays: Number(e.currentTarget.value) })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset data-testid="excused-half-day">
        <legend>{t('opt_excused_half_day')}</legend>
        {(['ends', 'pauses'] as const).map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="excusedHalfDay"
              value={v}
              checked={s.excusedHalfDay === v}
              onChange={() => set({ excusedHalfDay: v })}
            />{' '}
            {t(v === 'ends' ? 'opt_excused_ends' : 'opt_excused_pauses')}
          </label>
        ))}
        <p>
          <small>{t('opt_excused_help')}</small>
        </p>
      </fieldset>
      <p>
        <button type="submit">{t('opt_save_absence')}</button>
      </p>
      <Message message={message} testId="absence-settings-message" />
    </form>
  );
}
