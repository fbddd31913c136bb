import { useEffect, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { BUILTIN_DEFINITION } from '@/lib/capture/definition';
import type { PageMapping } from '@/lib/capture/teach';
import { MAPPINGS_FILE_FORMAT, MappingsFile, mappingsFile } from '@/lib/capture/teach';
import { errorText } from '@/lib/errors';
import { type MessageKey, t } from '@/lib/i18n';
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
 * A mappings file read back, or why it is refused (a message in words): nothing of a refused file is
 * taken, not even its valid entries.
 */
export function readMappingsFile(
  text: string,
): { ok: true; file: MappingsFile } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: t('readers_import_not_json') };
  }
  const head = value as { format?: unknown; version?: unknown; mappings?: unknown } | null;
  if (
    !head ||
    typeof head !== 'object' ||
    head.format !== MAPPINGS_FILE_FORMAT ||
    !Array.isArray(head.mappings)
  )
    return { ok: false, message: t('readers_import_not_mappings') };
  const r = MappingsFile.safeParse(value);
  if (r.success) return { ok: true, file: r.data };
  const issue = r.error.issues[0];
  const [, index, ...where] = issue?.path ?? [];
  if (typeof index !== 'number') return { ok: false, message: t('readers_import_not_mappings') };
  // Which part of the entry is wrong, in words (a header or field given twice says so itself).
  const part = String(where[0] ?? '');
  const named = ['host', 'path', 'kind', 'columns'].includes(part)
    ? t(`readers_part_${part}` as MessageKey)
    : '';
  const own = issue?.message?.startsWith('cmd_err_') ? t(issue.message as MessageKey) : '';
  const detail = [named, own].filter(Boolean).join('：');
  return { ok: false, message: t('readers_import_invalid', String(index + 1), detail.slice(0, 120)) };
}

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
    if (!read.ok) return setMessage({ ok: false, text: read.message });
    const parsed = read.file;
    try {
      // Each one an event like a page taught here; the background puts them where pages are read from.
      for (const m of parsed.mappings) await request('command', { name: 'page/teach', input: m });
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
