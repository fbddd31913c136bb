/**
 * 设置 → 材料审核: a school adjusts the rule table without code (deadline, mandatory or optional, extra
 * documents), switches on the 中心学校 step and sets the longest 休学 in a row. Saved on its own.
 */
import { useState } from 'preact/hooks';
import { Message } from '@/components/Message';
import { t, tx } from '@/lib/i18n';
import { applyOverrides, withCentralApproval } from '@/lib/paperwork/context';
import { changeTypeText, DEFAULT_RULES, documentText } from '@/lib/paperwork/rules';
import type { Settings } from '@/lib/settings/settings';
import { useSettingsPart } from './useSettingsPart';

const KEYS = ['centralApproval', 'suspensionLimitMonths', 'overrides'] as const;

export function PaperworkSection() {
  const {
    draft: s,
    set,
    save,
    message,
  } = useSettingsPart(
    KEYS,
    {
      centralApproval: 'opt_central_approval',
      suspensionLimitMonths: 'opt_suspension_limit',
      overrides: 'opt_rules',
    },
    'opt_saved_paperwork',
  );
  const [newDoc, setNewDoc] = useState<Record<string, string>>({});
  if (!s) return null;
  const rules = applyOverrides(withCentralApproval(DEFAULT_RULES, s.centralApproval), s.overrides).filter(
    (r) => r.documents.length > 0,
  );
  const override = (type: string) => s.overrides[type] ?? {};
  const setOverride = (type: string, o: Settings['overrides'][string]) =>
    set({ overrides: { ...s.overrides, [type]: { ...override(type), ...o } } });

  return (
    <form
      data-testid="paperwork-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p>
        <label>
          <input
            type="checkbox"
            checked={s.centralApproval}
            onChange={(e) => set({ centralApproval: e.currentTarget.checked })}
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
            onInput={(e) => set({ suspensionLimitMonths: Number(e.currentTarget.value) })}
          />
        </label>
      </p>
      <h3>{t('opt_rules')}</h3>
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
      <p>
        <button type="submit">{t('opt_save_paperwork')}</button>
      </p>
      <Message message={message} testId="paperwork-settings-message" />
    </form>
  );
}
