/** 设置 → 入门向导: brings the dashboard's first-run guide back after it was closed. */
import { useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { getDatabase } from '@/lib/db/database';
import { t } from '@/lib/i18n';
import { readGuide, writeGuide } from '@/lib/settings/device';

export function GuideSection() {
  const [message, setMessage] = useState<MessageState | null>(null);
  async function show() {
    const db = await getDatabase();
    await writeGuide(db, { ...(await readGuide(db)), dismissed: false });
    setMessage({ ok: true, text: t('guide_shown_again') });
  }
  return (
    <div data-testid="guide-settings">
      <p>{t('guide_settings_help')}</p>
      <button type="button" onClick={() => void show()}>
        {t('guide_show_again')}
      </button>
      <Message message={message} testId="guide-settings-message" />
    </div>
  );
}
