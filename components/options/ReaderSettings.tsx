import { useEffect, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { BUILTIN_DEFINITION } from '@/lib/capture/definition';
import type { PageMapping } from '@/lib/capture/teach';
import { mappingsFile, readMappingsFile } from '@/lib/capture/teach';
import { errorText } from '@/lib/errors';
import { type MessageKey, t, tx } from '@/lib/i18n';
import { request } from '@/lib/messaging-client';
import {
  DEFINITION_KEY,
  readStoredDefinition,
  readTaughtPages,
  readUnreadPages,
  type StoredDefinition,
  TAUGHT_KEY,
  UNREAD_KEY,
  type UnreadPage,
} from '@/lib/sync/readers';

/** The largest mappings file taken: 500 pages of 60 columns is well under it. */
const MAX_FILE_BYTES = 1_000_000;

/**
 * 设置 → 页面识别: which reader definition pages are read by (built-in, or the school server's, and why one
 * was refused), features the admin switched off, the taught pages (exported as a file a county hands to
 * its schools, and imported), and the recent pages that were not read.
 */
export function ReaderSettings() {
  const [stored, setStored] = useState<StoredDefinition | undefined>();
  const [taught, setTaught] = useState<PageMapping[]>([]);
  const [unread, setUnread] = useState<UnreadPage[]>([]);
  const [message, setMessage] = useState<MessageState | null>(null);

  const load = async () => {
    setStored(await readStoredDefinition());
    setTaught(await readTaughtPages());
    setUnread(await readUnreadPages());
  };
  useEffect(() => {
    void load();
    const on = (changes: Record<string, unknown>) => {
      if (DEFINITION_KEY in changes || TAUGHT_KEY in changes || UNREAD_KEY in changes) void load();
    };
    browser.storage.onChanged.addListener(on);
    return () => browser.storage.onChanged.removeListener(on);
  }, []);

  const def = stored?.definition ?? BUILTIN_DEFINITION;
  /** One per page, the newest (a page taught again, or imported again, counts once). */
  const pages = mappingsFile(taught).mappings;
  const refused = stored?.refused;

  function exportFile() {
    const blob = new Blob([JSON.stringify(mappingsFile(pages), null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'baoxue-page-mappings.json';
    a.click();
    URL.revokeObjectURL(a.href);
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setMessage({ ok: false, text: t('readers_import_too_big') });
    const read = readMappingsFile(await file.text());
    if (!read.ok) return setMessage({ ok: false, text: tx(read.message) });
    const parsed = read.file;
    try {
      // All in one command: validated whole, appended in one write, published to open pages once.
      await request('command', { name: 'pages/teach', input: { pages: parsed.mappings } });
      setMessage({ ok: true, text: t('readers_imported', parsed.mappings.length) });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  }

  const problemText = (p: { key: string; detail: string }) => t(p.key as MessageKey, p.detail);

  return (
    <section data-testid="reader-settings">
      <h2>{t('readers_title')}</h2>
      <p data-testid="reader-definition" data-version={def.version}>
        {stored?.definition ? t('readers_server', def.version) : t('readers_builtin', def.version)}
      </p>
      {refused && (
        <p class="warn" role="alert" data-testid="reader-refused">
          {t('readers_refused', problemText(refused))}
        </p>
      )}
      {def.disabled.length > 0 && (
        <ul data-testid="reader-disabled">
          {def.disabled.map((d) => (
            <li key={`${d.host}|${d.feature}`}>{t('readers_disabled', `${d.host} ${d.feature}`, d.note)}</li>
          ))}
        </ul>
      )}
      <p data-testid="reader-taught">{t('readers_taught', pages.length)}</p>
      <p>
        <button type="button" onClick={exportFile} disabled={pages.length === 0}>
          {t('readers_export')}
        </button>{' '}
        <label>
          {t('readers_import')}{' '}
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => void importFile(e.currentTarget.files?.[0])}
          />
        </label>
      </p>
      <Message message={message} testId="reader-import-message" />
      <h3>{t('readers_unread')}</h3>
      <ul data-testid="reader-unread">
        {unread.length === 0 && <li>{t('readers_unread_none')}</li>}
        {unread.map((p) => (
          <li key={`${p.host}${p.path}`} data-path={p.path}>
            <code>
              {p.host}
              {p.path}
            </code>{' '}
            {p.title}
            {p.unknown.length > 0 && ` — ${t('readers_unknown_cols', p.unknown.join('、'))}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
