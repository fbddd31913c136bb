/**
 * One section of 设置 holds a draft of its own settings and saves only those (lib/settings/store
 * `updateSettings`): a section saved leaves the other sections' stored values as they are, and says so
 * in its own line under its own button.
 */
import { useEffect, useState } from 'preact/hooks';
import type { MessageState } from '@/components/Message';
import { getDatabase } from '@/lib/db/database';
import { type MessageKey, t } from '@/lib/i18n';
import type { Settings } from '@/lib/settings/settings';
import { readSettings, updateSettings } from '@/lib/settings/store';

export function useSettingsPart<K extends keyof Settings>(
  keys: readonly K[],
  /** Each field's label, to name the one whose value is not allowed. */
  labels: Partial<Record<K, MessageKey>>,
  saved: MessageKey,
) {
  const [draft, setDraft] = useState<Pick<Settings, K>>();
  const [message, setMessage] = useState<MessageState | null>(null);
  const pick = (s: Settings) => Object.fromEntries(keys.map((k) => [k, s[k]])) as Pick<Settings, K>;
  useEffect(() => {
    void getDatabase()
      .then(readSettings)
      .then((s) => setDraft(pick(s)));
  }, []);

  /** Saves `part` (the draft by default); a refusal names the field in words. True when saved. */
  async function save(part: Pick<Settings, K> | undefined = draft): Promise<boolean> {
    if (!part) return false;
    const r = await updateSettings(await getDatabase(), part);
    if (!r.ok) {
      const label = labels[r.field as K];
      setMessage({ ok: false, text: t('opt_invalid_value', label ? t(label) : t('opt_invalid_unknown')) });
      return false;
    }
    setDraft(pick(r.settings));
    setMessage({ ok: true, text: t(saved) });
    return true;
  }
  const set = (change: Partial<Pick<Settings, K>>) => {
    setMessage(null);
    setDraft((d) => (d ? { ...d, ...change } : d));
  };
  return { draft, set, save, message, setMessage };
}
