import { useRef, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { exportBackup, type ParseError, parseBackup, restoreBackup } from '@/lib/backup';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { t } from '@/lib/i18n';

function parseErrorText(e: ParseError): string {
  switch (e.code) {
    case 'not-json':
      return t('backup_err_not_json');
    case 'not-backup':
      return t('backup_err_not_backup');
    case 'newer-version':
      return t('backup_err_newer', e.version);
    case 'invalid-record':
      return t('backup_err_invalid', e.where, e.problem);
  }
}

/** 数据备份 / 数据恢复. */
export function BackupButtons({ db }: { db: BaoxueDatabase }) {
  const [message, setMessage] = useState<MessageState | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function onExport() {
    const backup = await exportBackup(db);
    const count = Object.values(backup.collections).reduce((n, docs) => n + (docs?.length ?? 0), 0);
    const url = URL.createObjectURL(new Blob([JSON.stringify(backup)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `baoxue-backup-${backup.exportedAt.slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage({ ok: true, text: t('backup_exported', count) });
  }

  async function onImport(file: File) {
    const parsed = parseBackup(await file.text());
    if (!parsed.ok) return setMessage({ ok: false, text: parseErrorText(parsed.error) });
    try {
      const r = await restoreBackup(db, parsed.backup);
      setMessage({ ok: true, text: t('backup_restored', r.added, r.updated, r.unchanged) });
    } catch (e) {
      setMessage({ ok: false, text: t('backup_err_write', errorText(e)) });
    }
  }

  return (
    <div class="backup">
      <button type="button" onClick={onExport}>
        {t('backup_export')}
      </button>
      <button type="button" onClick={() => input.current?.click()}>
        {t('backup_import')}
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="restore-file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void onImport(file);
        }}
      />
      <Message message={message} testId="backup-message" />
    </div>
  );
}
