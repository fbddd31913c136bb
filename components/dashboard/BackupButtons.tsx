import { useRef, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import {
  exportBackup,
  MIN_PASSPHRASE,
  type ParseError,
  readBackupFile,
  restoreBackup,
  sealBackup,
} from '@/lib/backup';
import type { BaoxueDatabase } from '@/lib/db/types';
import { errorText } from '@/lib/errors';
import { t } from '@/lib/i18n';

function parseErrorText(e: ParseError): string {
  switch (e.code) {
    case 'not-json':
      return t('backup_err_not_json');
    case 'not-backup':
      return t('backup_err_not_backup');
    case 'passphrase-needed':
      return t('backup_err_passphrase_needed');
    case 'wrong-passphrase':
      return t('backup_err_wrong_passphrase');
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
  // The file is sealed with this passphrase (children's data never lies readable in a download folder).
  const [passphrase, setPassphrase] = useState('');

  async function onExport() {
    if (passphrase.length < MIN_PASSPHRASE)
      return setMessage({ ok: false, text: t('err_backup_passphrase_short', MIN_PASSPHRASE) });
    const backup = await exportBackup(db);
    const count = Object.values(backup.collections).reduce((n, docs) => n + (docs?.length ?? 0), 0);
    const text = await sealBackup(backup, passphrase);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `baoxue-backup-${backup.exportedAt.slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage({ ok: true, text: t('backup_exported', count) });
  }

  async function onImport(file: File) {
    const parsed = await readBackupFile(await file.text(), passphrase);
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
      <label title={t('backup_passphrase_hint')}>
        {t('backup_passphrase')}{' '}
        <input
          type="password"
          autocomplete="new-password"
          value={passphrase}
          data-testid="backup-passphrase"
          onInput={(e) => setPassphrase(e.currentTarget.value)}
        />
      </label>
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
