/**
 * What this page was read as ("学籍异动学校审核 · 37 条 · 已保存"), or why it could not be read; on a paged
 * list, the 读取全部 button with its progress.
 */

import { type MessageKey, t } from '@/lib/i18n';
import { SYNC_DOT_CSS, SyncDot } from './SyncDot';

export type StripState =
  | {
      state: 'saving' | 'saved';
      pageKind: string;
      count: number;
      changes: number;
      /** Which sources the records came from: the grid's DOM, its own JSON, or both (checked against each other). */
      origin: 'dom' | 'json' | 'dom+json';
      mismatches: number;
      /** How many reads of this page's grids have finished (tests wait for a new one after a page turn). */
      scan?: number;
    }
  | { state: 'failed'; pageKind: string; count: number; error: string }
  | { state: 'missing'; pageKind: string; missing: string[] }
  /** The list shows no rows (a query that found nobody): the count before must not stay on the strip. */
  | { state: 'empty'; pageKind: string };

export type CaptureAllState =
  | { state: 'available'; pages: number }
  | { state: 'running'; done: number; pages: number }
  /** Every page read; going back to the page the registrar was on. */
  | { state: 'returning'; page: number; pages: number }
  | { state: 'done'; pages: number; gone: number }
  /** Stopped by 取消 or the registrar: `done` pages read and saved; `page`, where it stopped (null: no pager). */
  | { state: 'cancelled'; done: number; pages: number; page: number | null }
  | { state: 'failed'; error: string; pages: number };

export const STRIP_CSS = `${SYNC_DOT_CSS}
.strip { position: fixed; right: 12px; bottom: 12px; z-index: 2147483646; font: 13px/1.5 system-ui, "Microsoft YaHei", sans-serif;
  background: #fff; color: #1f2937; border: 1px solid #94a3b8; border-left: 4px solid #2563eb; border-radius: 6px;
  padding: 6px 10px; box-shadow: 0 2px 8px rgba(0,0,0,.15); max-width: 440px; }
.strip.failed, .strip.missing { border-left-color: #dc2626; }
.brand { font-weight: 600; margin-right: 6px; color: #2563eb; }
.changes { margin-left: 8px; color: #b45309; }
.found { color: #475569; font-size: 12px; }
.warn { color: #b91c1c; }
.all { margin-top: 4px; display: flex; gap: 8px; align-items: center; }
.all button { font: inherit; border: 1px solid #94a3b8; border-radius: 4px; background: #f8fafc; cursor: pointer; padding: 0 8px; }
progress { width: 140px; }
`;

export const pageKindLabel = (kind: string) => {
  const text = t(`pageKind_${kind.replace(/-/g, '_')}` as MessageKey);
  return text.startsWith('pageKind_') ? kind : text;
};

function CaptureAll({
  c,
  onStart,
  onCancel,
}: {
  c: CaptureAllState;
  onStart: () => void;
  onCancel: () => void;
}) {
  // After it ended (cancelled, failed or done) it can be started again on the same list.
  const again = (key: 'strip_capture_all' | 'strip_capture_again') => (
    <button type="button" onClick={onStart}>
      {t(key, c.pages)}
    </button>
  );
  switch (c.state) {
    case 'available':
      return again('strip_capture_all');
    case 'running':
      return (
        <>
          <progress max={c.pages} value={c.done} />
          <span>{t('strip_capture_progress', Math.min(c.done + 1, c.pages), c.pages)}</span>
          <button type="button" onClick={onCancel}>
            {t('strip_cancel')}
          </button>
        </>
      );
    case 'returning':
      return (
        <>
          <progress max={c.pages} value={c.pages} />
          <span>{t('strip_capture_returning', c.page)}</span>
          <button type="button" onClick={onCancel}>
            {t('strip_cancel')}
          </button>
        </>
      );
    case 'done':
      return (
        <>
          <span>
            {t('strip_capture_done', c.pages)}
            {c.gone > 0 && `；${t('strip_roll_gone', c.gone)}`}
          </span>
          {again('strip_capture_again')}
        </>
      );
    case 'cancelled':
      return (
        <>
          <span>
            {c.page === null
              ? t('strip_capture_cancelled', c.done, c.pages)
              : t('strip_capture_cancelled_at', c.done, c.pages, c.page)}
          </span>
          {again('strip_capture_all')}
        </>
      );
    case 'failed':
      return (
        <>
          <span>{t('strip_capture_failed', c.error)}</span>
          {again('strip_capture_all')}
        </>
      );
  }
}

/** 识别此页 and 页面结构报告 (components/overlay/teach.tsx): which expected columns were found, and the offers. */
export interface StripTeach {
  found: string[];
  onTeach?: () => void;
  onReport: () => void;
}

function TeachOffers({ teach }: { teach?: StripTeach }) {
  if (!teach) return null;
  return (
    <>
      {teach.found.length > 0 && (
        <div class="found" data-baoxue-found={teach.found.join(',')}>
          {t('strip_found', teach.found.join('、'))}
        </div>
      )}
      <div class="all">
        {teach.onTeach && (
          <button type="button" onClick={teach.onTeach}>
            {t('strip_teach')}
          </button>
        )}
        <button type="button" onClick={teach.onReport}>
          {t('strip_report')}
        </button>
      </div>
    </>
  );
}

export function StatusStrip({
  s,
  captureAll,
  onCaptureAll,
  onCancel,
  teach,
}: {
  s: StripState;
  captureAll?: CaptureAllState;
  onCaptureAll: () => void;
  onCancel: () => void;
  teach?: StripTeach;
}) {
  const label = pageKindLabel(s.pageKind);
  if (s.state === 'missing') {
    return (
      <div
        class="strip missing"
        role="alert"
        data-baoxue-page={s.pageKind}
        data-baoxue-notice={s.missing.join(',')}
      >
        <span class="brand">{t('extName')}</span>
        {/* No missing column named: a grid that looks like 学籍 data but no reader knows it. */}
        {s.missing.length ? t('notice_missing', s.missing.join('、')) : t('notice_unread')}
        <TeachOffers teach={teach} />
      </div>
    );
  }
  if (s.state === 'empty') {
    return (
      <div
        class="strip empty"
        role="status"
        data-baoxue-page={s.pageKind}
        data-baoxue-count={0}
        data-baoxue-state="empty"
      >
        <span class="brand">{t('extName')}</span>
        <SyncDot />
        {t('strip_empty', label)}
        <TeachOffers teach={teach} />
      </div>
    );
  }
  return (
    <div
      class={`strip ${s.state}`}
      role="status"
      data-baoxue-page={s.pageKind}
      data-baoxue-count={s.count}
      data-baoxue-state={s.state}
      data-baoxue-source={s.state === 'failed' ? undefined : s.origin}
      data-baoxue-scan={s.state === 'failed' ? undefined : s.scan}
    >
      <span class="brand">{t('extName')}</span>
      <SyncDot />
      {s.state === 'failed'
        ? t('strip_save_failed', label, s.error)
        : t(s.state === 'saved' ? 'strip_read' : 'strip_saving', label, s.count)}
      {s.state === 'saved' && s.changes > 0 && (
        <span class="changes">{t('strip_new_changes', s.changes)}</span>
      )}
      {s.state !== 'failed' && s.mismatches > 0 && (
        <div class="warn">{t('strip_mismatch', s.mismatches)}</div>
      )}
      {captureAll && (
        <div class="all" data-baoxue-capture-all={captureAll.state}>
          <CaptureAll c={captureAll} onStart={onCaptureAll} onCancel={onCancel} />
        </div>
      )}
      <TeachOffers teach={teach} />
    </div>
  );
}
