/**
 * 设置 → 学校: the school's name (the title of every xlsx, every print and the 返校通知书's seal line),
 * its 学制, the other names it gives its graduating grades, and how it counts 劝返复学率. Saved on its own.
 */
import { Message } from '@/components/Message';
import { GradeSystem } from '@/lib/grades';
import { t } from '@/lib/i18n';
import { useSettingsPart } from './useSettingsPart';

const KEYS = ['schoolName', 'gradeSystem', 'graduatingGrades', 'returnRateBase'] as const;

export const lines = (text: string) =>
  text
    .split(/[\s,，、]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function SchoolSection() {
  const {
    draft: s,
    set,
    save,
    message,
  } = useSettingsPart(
    KEYS,
    {
      schoolName: 'opt_school_name',
      gradeSystem: 'opt_grade_system',
      graduatingGrades: 'opt_graduating',
      returnRateBase: 'opt_return_rate_base',
    },
    'opt_saved_school',
  );
  if (!s) return null;
  return (
    <form
      data-testid="school-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ ...s, schoolName: s.schoolName.trim() });
      }}
    >
      <p>
        <label>
          {t('opt_school_name')}{' '}
          <input
            value={s.schoolName}
            maxLength={100}
            size={30}
            placeholder={t('opt_school_name_placeholder')}
            onInput={(e) => set({ schoolName: e.currentTarget.value })}
          />
        </label>
      </p>
      <p class="hint">
        <small>{t('opt_school_name_help')}</small>
      </p>
      {!s.schoolName.trim() && (
        <p class="msg error" data-testid="school-name-missing">
          {t('opt_school_name_missing')}
        </p>
      )}
      <p>
        <label>
          {t('opt_grade_system')}{' '}
          <select
            value={s.gradeSystem}
            onChange={(e) => set({ gradeSystem: GradeSystem.parse(e.currentTarget.value) })}
          >
            {GradeSystem.options.map((g) => (
              <option key={g} value={g}>
                {t(g === '五四制' ? 'opt_system_54' : 'opt_system_63')}
              </option>
            ))}
          </select>
        </label>
      </p>
      <p>
        <label>
          {t('opt_graduating')}{' '}
          <input
            value={s.graduatingGrades.join('，')}
            onInput={(e) => set({ graduatingGrades: lines(e.currentTarget.value) })}
          />
        </label>
      </p>
      <p>
        <label>
          {t('opt_return_rate_base')}{' '}
          <select
            value={s.returnRateBase}
            onChange={(e) =>
              set({ returnRateBase: e.currentTarget.value === 'suspected' ? 'suspected' : 'dropouts' })
            }
          >
            <option value="dropouts">{t('opt_return_base_dropouts')}</option>
            <option value="suspected">{t('opt_return_base_suspected')}</option>
          </select>
        </label>
      </p>
      <p>
        <button type="submit">{t('opt_save_school')}</button>
      </p>
      <Message message={message} testId="school-settings-message" />
    </form>
  );
}
