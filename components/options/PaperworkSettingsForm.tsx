/**
 * 设置 → 手续规则: a school adjusts the rule table without code (deadline, mandatory or optional, extra
 * documents), names itself for the printed 清单, and adds holiday / 调休 days. Saved as one setting,
 * validated with zod; invalid dates are named and nothing is saved.
 */
import { useEffect, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { getDatabase } from '@/lib/db/database';
import { GradeSystem, gradeSystemText } from '@/lib/grades';
import { t, tx } from '@/lib/i18n';
import { applyOverrides, withCentralApproval } from '@/lib/paperwork/context';
import { changeTypeText, DEFAULT_RULES, documentText } from '@/lib/paperwork/rules';
import { applyLadder } from '@/lib/risk/ladder';
import { Settings } from '@/lib/settings/settings';
import { readSettings, writeSettings } from '@/lib/settings/store';
import { isIsoDate } from '@/lib/time/day';

const lines = (text: string) =>
  text
    .split(/[\s,，]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function PaperworkSettingsForm() {
  const [s, setS] = useState<Settings>();
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [newDoc, setNewDoc] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<MessageState | null>(null);
  useEffect(() => {
    void getDatabase()
      .then(readSettings)
      .then((loaded) => {
        setS(loaded);
        setHolidays(loaded.calendar.holidays.join('\n'));
        setWorkdays(loaded.calendar.workdays.join('\n'));
      });
  }, []);
  if (!s) return null;
  const rules = applyOverrides(withCentralApproval(DEFAULT_RULES, s.centralApproval), s.overrides).filter(
    (r) => r.documents.length > 0,
  );
  const override = (type: string) => s.overrides[type] ?? {};
  const setOverride = (type: string, o: Settings['overrides'][string]) =>
    setS({ ...s, overrides: { ...s.overrides, [type]: { ...override(type), ...o } } });

  async function save(e: Event) {
    e.preventDefault();
    const bad = [...lines(holidays), ...lines(workdays)].filter((d) => !isIsoDate(d));
    if (bad.length) return setMessage({ ok: false, text: t('opt_invalid_dates', bad.join('、')) });
    const yearStart = s?.schoolYearStart ?? '';
    if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(yearStart))
      return setMessage({ ok: false, text: t('opt_bad_year_start', yearStart) });
    const parsed = Settings.safeParse({
      ...s,
      calendar: { holidays: lines(holidays), workdays: lines(workdays) },
    });
    if (!parsed.success)
      return setMessage({ ok: false, text: t('error_prefix', parsed.error.issues[0]?.message ?? '') });
    await writeSettings(await getDatabase(), parsed.data);
    setS(parsed.data);
    setMessage({ ok: true, text: t('opt_saved') });
  }

  return (
    <form onSubmit={save} data-testid="paperwork-settings">
      <h2>{t('opt_school')}</h2>
      <p>
        <label>
          {t('opt_school_name')}{' '}
          <input value={s.schoolName} onInput={(e) => setS({ ...s, schoolName: e.currentTarget.value })} />
        </label>
      </p>
      <p>
        <label>
          {t('opt_verifier')}{' '}
          <input value={s.verifier} onInput={(e) => setS({ ...s, verifier: e.currentTarget.value })} />
        </label>
      </p>
      <p>
        <label>
          {t('opt_graduating')}{' '}
          <input
            value={s.graduatingGrades.join('，')}
            onInput={(e) => setS({ ...s, graduatingGrades: lines(e.currentTarget.value) })}
          />
        </label>
      </p>
      <p>
        <label>
          {t('opt_grade_system')}{' '}
          <select
            value={s.gradeSystem}
            onChange={(e) => setS({ ...s, gradeSystem: GradeSystem.parse(e.currentTarget.value) })}
          >
            {GradeSystem.options.map((g) => (
              <option key={g} value={g}>
                {tx(gradeSystemText(g))}
              </option>
            ))}
          </select>
        </label>
      </p>
      <p>
        <label>
          {t('opt_school_year_start')}{' '}
          <input
            value={s.schoolYearStart}
            pattern="\d{2}-\d{2}"
            size={5}
            onInput={(e) => setS({ ...s, schoolYearStart: e.currentTarget.value.trim() })}
          />
        </label>
      </p>
      <p>
        <label>
          {t('opt_return_rate_base')}{' '}
          <select
            value={s.returnRateBase}
            onChange={(e) =>
              setS({ ...s, returnRateBase: e.currentTarget.value === 'suspected' ? 'suspected' : 'dropouts' })
            }
          >
            <option value="dropouts">{t('opt_return_base_dropouts')}</option>
            <option value="suspected">{t('opt_return_base_suspected')}</option>
          </select>
        </label>
      </p>
      <p>
        <label>
          <input
            type="checkbox"
            checked={s.centralApproval}
            onChange={(e) => setS({ ...s, centralApproval: e.currentTarget.checked })}
          />{' '}
          {t('opt_central_approval')}
        </label>
      </p>
      <p>
        <label>
          {t('opt_suspension_limit')}{' '}
          <input
            type="number"
            min={6}
            max={60}
            value={s.suspensionLimitMonths}
            onInput={(e) => setS({ ...s, suspensionLimitMonths: Number(e.currentTarget.value) })}
          />
        </label>
      </p>
      <h2>{t('opt_rules')}</h2>
      {rules.map((rule) => (
        <fieldset key={rule.type} data-rule={rule.type}>
          <legend>{tx(changeTypeText(rule.type))}</legend>
          <label>
            {t('opt_rule_deadline')}{' '}
            <input
              type="number"
              min={0}
              max={365}
              value={rule.deadlineWorkingDays ?? ''}
              onInput={(e) => {
                const v = e.currentTarget.value;
                setOverride(rule.type, { deadlineWorkingDays: v === '' ? undefined : Number(v) });
              }}
            />
          </label>
          <ul>
            {rule.documents.map((d) => (
              <li key={d.code}>
                <label>
                  <input
                    type="checkbox"
                    checked={d.mandatory}
                    onChange={(e) =>
                      setOverride(rule.type, {
                        mandatory: { ...override(rule.type).mandatory, [d.code]: e.currentTarget.checked },
                      })
                    }
                  />{' '}
                  {tx(documentText(d.name))} <small>（{t('opt_rule_mandatory')}）</small>
                </label>
              </li>
            ))}
          </ul>
          <input
            placeholder={t('opt_rule_doc_name')}
            value={newDoc[rule.type] ?? ''}
            onInput={(e) => setNewDoc({ ...newDoc, [rule.type]: e.currentTarget.value })}
          />{' '}
          <button
            type="button"
            onClick={() => {
              const name = (newDoc[rule.type] ?? '').trim();
              if (!name) return;
              const added = [...(override(rule.type).added ?? [])];
              added.push({
                code: `custom-${Date.now().toString(36)}`,
                name,
                provider: 'guardian',
                mandatory: true,
              });
              setOverride(rule.type, { added });
              setNewDoc({ ...newDoc, [rule.type]: '' });
            }}
          >
            {t('opt_rule_add_doc')}
          </button>
        </fieldset>
      ))}
      <h2>{t('opt_ladder')}</h2>
      <p>{t('opt_ladder_help')}</p>
      <p>
        <label>
          {t('opt_term_start')}{' '}
          <input
            type="date"
            value={s.termStart}
            onInput={(e) => setS({ ...s, termStart: e.currentTarget.value })}
          />
        </label>
      </p>
      <fieldset data-testid="excused-half-day">
        <legend>{t('opt_excused_half_day')}</legend>
        {(['ends', 'pauses'] as const).map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="excusedHalfDay"
              value={v}
              checked={s.excusedHalfDay === v}
              onChange={() => setS({ ...s, excusedHalfDay: v })}
            />{' '}
            {t(v === 'ends' ? 'opt_excused_ends' : 'opt_excused_pauses')}
          </label>
        ))}
        <p>
          <small>{t('opt_excused_help')}</small>
        </p>
      </fieldset>
      <table class="data" data-testid="ladder-settings">
        <thead>
          <tr>
            <th>{t('opt_ladder_step')}</th>
            <th>{t('opt_ladder_at')}</th>
            <th>{t('opt_ladder_due')}</th>
          </tr>
        </thead>
        <tbody>
          {applyLadder(s.ladder).map((step) => (
            <tr key={step.code} data-step={step.code}>
              <td>{t(step.title)}</td>
              <td>
                <input
                  type="number"
                  min={0.5}
                  max={60}
                  step={0.5}
                  aria-label={`${t(step.title)} ${t('opt_ladder_at')}`}
                  value={step.atDays}
                  onInput={(e) =>
                    setS({
                      ...s,
                      ladder: {
                        ...s.ladder,
                        [step.code]: { ...s.ladder[step.code], atDays: Number(e.currentTarget.value) },
                      },
                    })
                  }
                />
              </td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={30}
                  aria-label={`${t(step.title)} ${t('opt_ladder_due')}`}
                  value={step.dueWorkingDays}
                  onInput={(e) =>
                    setS({
                      ...s,
                      ladder: {
                        ...s.ladder,
                        [step.code]: {
                          ...s.ladder[step.code],
                          dueWorkingDays: Number(e.currentTarget.value),
                        },
                      },
                    })
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('opt_calendar')}</h2>
      <p>{t('opt_calendar_help')}</p>
      <label>
        {t('opt_calendar_holidays')}
        <textarea rows={4} value={holidays} onInput={(e) => setHolidays(e.currentTarget.value)} />
      </label>
      <label>
        {t('opt_calendar_workdays')}
        <textarea rows={4} value={workdays} onInput={(e) => setWorkdays(e.currentTarget.value)} />
      </label>
      <p>
        <button type="submit">{t('opt_save')}</button>
      </p>
      <Message message={message} />
    </form>
  );
}
