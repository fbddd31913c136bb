/**
 * Overlay feature: on any frame showing a 学籍 grid, read it (by header text), save what it shows, say
 * so in a status strip and badge each row. Re-reads when the grid re-renders (paging, query, sort).
 * A grid missing a required column shows a notice and writes nothing.
 */
import { render } from 'preact';
import { readGrids } from '@/lib/capture/grid';
import { recognise } from '@/lib/capture/recognise';
import { request } from '@/lib/messaging-client';
import { setBadge } from './badges';
import { STRIP_CSS, StatusStrip, type StripState } from './StatusStrip';
import { isOverlayNode, shadowHost } from './shadow';

export function startGridCapture(doc: Document, win: Pick<Window, 'location'>, signal: AbortSignal): void {
  let strip: { host: HTMLElement; root: ShadowRoot } | undefined;
  let lastSignature = '';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const show = (s: StripState) => {
    if (!strip) {
      strip = shadowHost('baoxue-strip', STRIP_CSS);
      doc.documentElement.appendChild(strip.host);
    }
    render(<StatusStrip s={s} />, strip.root);
  };

  async function scan() {
    const ctx = {
      title: `${doc.title} ${doc.querySelector('.page-title, h1, h2')?.textContent ?? ''}`,
      host: win.location.host,
      now: Date.now(),
    };
    for (const read of readGrids(doc)) {
      const r = recognise(read, ctx);
      if (r.status === 'unknown' || (r.status === 'read' && read.rows.length === 0)) continue;
      const signature = JSON.stringify([r.kind, read.fields, read.rows.map((x) => x.cells)]);
      if (signature === lastSignature) return;
      lastSignature = signature;
      if (r.status === 'missing') return show({ state: 'missing', pageKind: r.kind, missing: r.missing });
      const records = r.family === 'students' ? r.students : r.cases;
      show({ state: 'saving', pageKind: r.kind, count: records.length, changes: 0 });
      try {
        const source = { host: ctx.host, pageKind: r.kind, seenAt: ctx.now };
        const saved = await request('capture/save', {
          pageKind: r.kind,
          source,
          students: r.students,
          cases: r.cases,
        });
        const { flags } = await request('capture/known', { ids: records.map((x) => x.id) });
        for (const { row, record } of r.rows)
          setBadge(row, record.xjh || record.id, flags[record.id] ?? record.flags);
        show({ state: 'saved', pageKind: r.kind, count: records.length, changes: saved.changes });
      } catch (e) {
        lastSignature = ''; // let the next render retry
        show({
          state: 'failed',
          pageKind: r.kind,
          count: records.length,
          error: e instanceof Error ? e.message : String(e),
        });
      }
      return; // one grid per frame is what the host system shows
    }
  }

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void scan(), 150);
  };
  const observer = new MutationObserver((mutations) => {
    const ours = mutations.every(
      (m) => isOverlayNode(m.target) || [...m.addedNodes, ...m.removedNodes].every((n) => isOverlayNode(n)),
    );
    if (!ours) schedule();
  });
  observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true, characterData: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(timer);
    strip?.host.remove();
  });
  schedule();
}
