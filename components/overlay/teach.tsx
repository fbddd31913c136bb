/**
 * 识别此页 and 页面结构报告 on the host page. Applies what pages are read by (the server's reader definition
 * and the pages colleagues taught, as the worker hands them: lib/capture/page-readers.ts) before each
 * scan; offers to teach a page whose grid looks like 学籍 data but is not read, or shows a column Baoxue
 * does not know; builds the structure report (never a cell value); remembers recent pages that were not
 * read, for 设置.
 * Read-only towards the host: nothing here submits a host form or calls a host API.
 */

import { useState } from 'preact/hooks';
import { FIELD_LABELS, type FieldKey, fieldForLabel, labelsOf } from '@/lib/capture/fields';
import { findGrids } from '@/lib/capture/grid';
import { PAGE_KINDS, type PageKind } from '@/lib/capture/pages/types';
import {
  definitionInUse,
  type Feature,
  isDisabled,
  READERS_CHANGED,
  useDefinition,
} from '@/lib/capture/reading';
import { redact, secretsOf, structureReport } from '@/lib/capture/report';
import { mappingFor, type PageMappingData, pagePath, useTaughtPage } from '@/lib/capture/taught';
import { errorText } from '@/lib/errors';
import { t } from '@/lib/i18n';
import { request } from '@/lib/messaging-client';
import { pageKindLabel } from './StatusStrip';

/** A grid Baoxue could be taught: its header texts in order, the field each is read as now. */
export interface Teachable {
  headers: { text: string; field: FieldKey | undefined }[];
  unknown: string[];
  kind: PageKind;
}

/**
 * The controls answer only a person: an event the host page's scripts made up (`el.click()`,
 * `dispatchEvent`) is not trusted, and it teaches nothing (the shadow root is open so the page's own
 * tools and ours can see the strip; trust is checked on each handler instead).
 */
export const byPerson = (e?: Event): boolean => e?.isTrusted === true;

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** A grid's header texts in order (L5, component libraries, plain tables), each once. */
function headerTexts(grid: Element): string[] {
  const cells = grid.querySelectorAll(
    '.l-grid3-hd, thead th, .el-table__header th, .vxe-header--column, .el-table-v2__header-cell',
  );
  let texts = [...cells].map((c) => clean(c.textContent));
  if (texts.length === 0) {
    const first = grid.querySelector('tr');
    texts = first ? [...first.children].map((c) => clean(c.textContent)) : [];
  }
  return [...new Set(texts.filter((x) => x && x.length <= 60))];
}

function structureOf(grid: Element): string {
  const classes = [...grid.classList].filter((c) => /^[a-z][a-z-]*$/.test(c)).slice(0, 3);
  return [grid.tagName.toLowerCase(), ...classes].join('.');
}

export function startTeaching(o: {
  doc: Document;
  win: Pick<Window, 'location'>;
  json: { whenTaken(): Promise<void> };
  /** Something changed what pages are read by: read the page again. */
  rescan: () => void;
  repaint: () => void;
}) {
  const { doc, win } = o;
  let mappings: PageMappingData[] = [];
  let ready = false;
  let teachable: Teachable | undefined;
  let found: string[] = [];
  let open: 'teach' | 'report' | undefined;
  let report = '';
  let saveError = '';

  const host = () => win.location.hostname.toLowerCase();
  const path = () => pagePath(win.location);

  // The worker reads and validates both (the content script carries no zod) and sends this host's pages.
  async function load() {
    const readers = await request('readers/page', {}).catch(() => undefined);
    useDefinition(readers?.definition ?? undefined);
    mappings = readers?.mappings ?? [];
    ready = true;
    o.rescan();
  }
  // The worker says when the definition or the taught pages changed (this script cannot read storage.local).
  const onWorker = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id !== browser.runtime.id || sender.tab) return; // only the worker, never another page
    if ((message as Record<string, unknown> | null)?.[READERS_CHANGED] === true) void load();
  };
  try {
    browser.runtime.onMessage.addListener(onWorker);
  } catch {
    // no extension messaging (tests)
  }
  void load();

  const disabled = (f: Feature) => isDisabled(definitionInUse(), host(), f);
  let offShown = false;

  /**
   * Reading is switched off for this host (the admin's reader definition): on a page showing a 学籍-looking
   * grid the strip says so in words (no notice in every frame of the host otherwise). True when shown.
   */
  function switchedOff(): boolean {
    offShown = disabled('capture') && findGrids(doc).some((s) => s.rowElements.length > 0);
    return offShown;
  }
  const offNote = () =>
    definitionInUse()
      .disabled.filter(
        (d) =>
          d.feature === 'capture' && isDisabled({ ...definitionInUse(), disabled: [d] }, host(), 'capture'),
      )
      .map((d) => d.note)
      .filter(Boolean)
      .join('；');

  /** Before each scan: the page in view is read as taught, when it was and teaching is not switched off. */
  function apply(): boolean {
    useTaughtPage(disabled('teach') ? undefined : mappingFor(mappings, host(), path()));
    return ready;
  }

  /** After each scan: what the strip can offer on this page. */
  function look(kind?: string, read = false) {
    teachable = undefined;
    found = [];
    if (disabled('teach')) return;
    const grid = findGrids(doc).find((s) => s.rowElements.length > 0);
    if (!grid) return;
    found = grid.fields.map((f) => FIELD_LABELS[f][0]);
    const headers = headerTexts(grid.grid).map((text) => ({ text, field: fieldForLabel(text) }));
    if (!read) void remember(grid.unknownHeaders);
    if (grid.unknownHeaders.length === 0 && read) return;
    teachable = {
      headers,
      unknown: grid.unknownHeaders,
      kind: (PAGE_KINDS as readonly string[]).includes(kind ?? '') ? (kind as PageKind) : 'student-list',
    };
  }

  /** A page that looks like 学籍 data but was not read: kept (no student data) for 设置's list. */
  async function remember(unknown: string[]) {
    try {
      const title = redact(clean(doc.title), secretsOf(cellTexts((await pageJson()).values))).slice(0, 200);
      // Kept by the worker, under this frame's host as the browser names it.
      await request('readers/unread', { path: path(), title, unknown: unknown.slice(0, 60) });
    } catch {
      // best effort
    }
  }

  /** The page's own JSON as the worker keeps it for this frame: its field names and every value. */
  async function pageJson(): Promise<{ fields: string[][]; values: string[] }> {
    try {
      return await request('capture/json-report', {});
    } catch {
      return { fields: [], values: [] };
    }
  }

  /** Every text the page holds (cells, and its JSON's values): what a report or a title must not carry. */
  function cellTexts(jsonValues: readonly string[]): string[] {
    const out: string[] = [];
    for (const s of findGrids(doc))
      for (const row of s.rowElements)
        for (const cell of row.querySelectorAll('td')) out.push(clean(cell.textContent));
    out.push(...jsonValues);
    return out;
  }

  async function buildReport(status: string): Promise<string> {
    const json = await pageJson();
    return structureReport({
      host: host(),
      path: path(),
      title: `${doc.title} ${clean(doc.querySelector('.page-title, h1, h2')?.textContent)}`,
      tables: findGrids(doc).map((s) => ({
        structure: structureOf(s.grid),
        headers: headerTexts(s.grid),
        rows: s.rowElements.length,
      })),
      jsonFields: json.fields,
      definitionVersion: definitionInUse().version,
      status,
      cellTexts: cellTexts(json.values),
    });
  }

  async function save(columns: PageMappingData['columns'], kind: PageKind) {
    const mapping = { host: host(), path: path(), kind, columns };
    try {
      await request('command', { name: 'page/teach', input: mapping });
      // At once in this frame; the worker publishes it to this device's other pages, and colleagues get it
      // from the event at their next sync.
      mappings = [...mappings, mapping];
      open = undefined;
      saveError = '';
      o.rescan();
    } catch (e) {
      saveError = errorText(e);
    }
    o.repaint();
  }

  return {
    apply,
    look,
    disabled,
    switchedOff,
    stop: () => {
      try {
        browser.runtime.onMessage.removeListener(onWorker);
      } catch {
        // no extension messaging
      }
    },
    /** What the strip shows and offers. */
    strip: (status: string) => ({
      found,
      onTeach: teachable
        ? (e?: Event) => {
            if (!byPerson(e)) return;
            open = 'teach';
            o.repaint();
          }
        : undefined,
      onReport: (e?: Event) => {
        if (!byPerson(e)) return;
        // With the page's own JSON, which may still be on its way (its field names are in the report).
        void o.json.whenTaken().then(async () => {
          report = await buildReport(status);
          open = 'report';
          o.repaint();
        });
      },
    }),
    panel: () =>
      offShown && disabled('capture') ? (
        <div class="strip missing" role="status" data-baoxue-off="capture">
          <span class="brand">{t('extName')}</span>
          {t('strip_switched_off', host())}
          {offNote() && <div class="found">{offNote()}</div>}
        </div>
      ) : open === 'teach' && teachable ? (
        <TeachForm
          t0={teachable}
          error={saveError}
          onSave={(cols, kind) => void save(cols, kind)}
          onCancel={() => {
            open = undefined;
            o.repaint();
          }}
        />
      ) : open === 'report' ? (
        <div class="teach" data-testid="baoxue-report" role="dialog" aria-label={t('structure_report_title')}>
          <strong>{t('structure_report_title')}</strong>
          <p>{t('report_hint')}</p>
          <textarea readOnly rows={12} value={report} data-testid="baoxue-report-text" />
          <div class="teach-actions">
            <button type="button" onClick={() => void navigator.clipboard?.writeText(report).catch(() => {})}>
              {t('report_copy')}
            </button>
            <button
              type="button"
              onClick={() => {
                open = undefined;
                o.repaint();
              }}
            >
              {t('strip_close')}
            </button>
          </div>
        </div>
      ) : null,
  };
}

export type Teaching = ReturnType<typeof startTeaching>;

const FIELD_KEYS = Object.keys(FIELD_LABELS) as FieldKey[];

function TeachForm({
  t0,
  error,
  onSave,
  onCancel,
}: {
  t0: Teachable;
  error: string;
  onSave: (cols: PageMappingData['columns'], kind: PageKind) => void;
  onCancel: () => void;
}) {
  // Kept in the form's own state across repaints (the host page re-renders while the registrar chooses).
  // What is saved is built from this state and the headers read (t0), never from the DOM: the shadow root
  // is open, so a page script could add a select or change an option without an event.
  const [choice, setChoice] = useState<Record<string, FieldKey | null>>(() =>
    Object.fromEntries(t0.headers.map((h) => [h.text, h.field ?? null])),
  );
  const [kind, setKind] = useState<PageKind>(t0.kind);
  const fieldOf = (v: string): FieldKey | null =>
    (FIELD_KEYS as string[]).includes(v) ? (v as FieldKey) : null;
  return (
    <form
      class="teach"
      data-testid="baoxue-teach"
      aria-label={t('teach_title')}
      onSubmit={(e) => e.preventDefault()}
    >
      <strong>{t('teach_title')}</strong>
      <p>{t('teach_hint')}</p>
      <label>
        {t('teach_kind')}
        <select
          data-baoxue-kind=""
          value={kind}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            if ((PAGE_KINDS as readonly string[]).includes(v)) setKind(v as PageKind);
          }}
        >
          {PAGE_KINDS.map((k) => (
            <option value={k}>{pageKindLabel(k)}</option>
          ))}
        </select>
      </label>
      <table>
        <tbody>
          {t0.headers.map((h) => (
            <tr>
              <td>{h.text}</td>
              <td>
                <select
                  aria-label={h.text}
                  data-baoxue-header={h.text}
                  value={choice[h.text] ?? ''}
                  onChange={(e) => {
                    const v = fieldOf((e.currentTarget as HTMLSelectElement).value);
                    setChoice((c) => ({ ...c, [h.text]: v }));
                  }}
                >
                  <option value="">{t('teach_ignore')}</option>
                  {FIELD_KEYS.map((f) => (
                    <option value={f}>{labelsOf(f).split('/')[0]}</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <div class="warn">{error}</div>}
      <div class="teach-actions">
        <button
          type="button"
          onClick={(e) => {
            // Only a person's click saves, and only the headers read and the choices held in state: a
            // select the page slipped into the form is not ours and is not read.
            if (!byPerson(e)) return;
            onSave(
              t0.headers.map((h) => ({ header: h.text, field: choice[h.text] ?? null })),
              kind,
            );
          }}
        >
          {t('teach_save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('strip_close')}
        </button>
      </div>
    </form>
  );
}

export const TEACH_CSS = `
.teach { position: fixed; right: 12px; bottom: 80px; z-index: 2147483646; max-height: 70vh; overflow: auto;
  font: 13px/1.5 system-ui, "Microsoft YaHei", sans-serif; background: #fff; color: #1f2937;
  border: 1px solid #94a3b8; border-radius: 6px; padding: 10px; box-shadow: 0 2px 12px rgba(0,0,0,.2); width: 420px; }
.teach p { margin: 4px 0; color: #475569; }
.teach textarea { width: 100%; font: 12px monospace; }
.teach table { border-collapse: collapse; margin: 6px 0; }
.teach td { padding: 2px 6px; }
.teach-actions { display: flex; gap: 8px; margin-top: 6px; }
.teach button { font: inherit; border: 1px solid #94a3b8; border-radius: 4px; background: #f8fafc; cursor: pointer; padding: 0 8px; }
`;
