/**
 * Overlay feature, mounted per frame: on any frame showing a 学籍 grid, read it, save what it shows, say
 * so in a status strip and badge each row; a badge opens the record's panel. Re-reads when the grid
 * re-renders (paging, query, sort). A grid missing a required column shows a notice and writes nothing.
 * On a paged list, 读取全部 walks the host's own pager.
 *
 * This file wires the jobs together and owns the strip and panel; each job has its module: reading the
 * grid (grid-read), the grid's JSON (grid-json), saving (grid-save), badges (badges), the pager walk
 * (pager-walk).
 */
import { render } from 'preact';
import type { Tick } from '@/components/paperwork/ChecklistView';
import { findGrids } from '@/lib/capture/grid';
import { pagerNear } from '@/lib/capture/pager';
import { readCard } from '@/lib/capture/pages/student-card';
import { classify } from '@/lib/capture/recognise';
import { watchRoutes } from '@/lib/capture/route';
import type { GridRow } from '@/lib/capture/shapes';
import { errorText } from '@/lib/errors';
import type { ChecklistResult, KnownResult, RecordResult, RowBadge } from '@/lib/messaging';
import { request } from '@/lib/messaging-client';
import { adoptBadgeSheet, BADGE_TAG, badgeLayer, removeBadge } from './badges';
import { startJsonIntake } from './grid-json';
import { findGrid, jsonOnly } from './grid-read';
import { type Family, readInWorker, saveNewest, tickDocument } from './grid-save';
import { packIds } from './packed-ids';
import { type PageSaved, pagerWalk } from './pager-walk';
import { PANEL_CSS, RecordPanel } from './RecordPanel';
import { type CaptureAllState, STRIP_CSS, StatusStrip, type StripState } from './StatusStrip';
import { isOverlayNode, shadowHost } from './shadow';
import { startTeaching, TEACH_CSS } from './teach';

export function startGridCapture(doc: Document, win: Pick<Window, 'location'>, signal: AbortSignal): void {
  let ui: { host: HTMLElement; root: ShadowRoot } | undefined;
  let strip: StripState | undefined;
  let captureAll: CaptureAllState | undefined;
  let panel: { family: Family; result: RecordResult; checklist?: ChecklistResult } | undefined;
  let lastSignature = '';
  let lastSaved: PageSaved | undefined;
  let scans = 0; // reads saved in this frame: the strip's data-baoxue-scan, a new one per page read
  const savedListeners = new Set<() => void>();
  const json = startJsonIntake(win, () => schedule());
  // 识别此页, the reader definition and the 页面结构报告 (teach.tsx).
  const teach = startTeaching({
    doc,
    win,
    json,
    rescan: () => {
      lastSignature = '';
      schedule();
    },
    repaint: () => paint(),
  });
  // A single-page app's new page, without a load: what the strip said was about the page before.
  const stopRoutes = watchRoutes(window, () => {
    lastSignature = '';
    strip = undefined;
    captureAll = undefined;
    // A walk over the page before must not go on turning the new page's pager nor take its pages as its own,
    // nor say 已取消 on the new page: it ends without a word, and 读取全部 can start there at once.
    walk.abandon();
    lastSaved = undefined;
    paint();
    schedule();
  });

  const currentPager = () => {
    const shape = findGrids(doc).find((s) => classify(s, context()).status === 'ok');
    return shape ? pagerNear(shape.grid) : null;
  };
  const walk = pagerWalk({
    doc,
    host: win.location.host,
    currentPager,
    lastSaved: () => lastSaved,
    onSaved: (listener) => {
      savedListeners.add(listener);
      return () => savedListeners.delete(listener);
    },
    show: (state) => {
      captureAll = state;
      paint();
    },
  });

  function paint() {
    if (!ui) {
      ui = shadowHost('baoxue-overlay', STRIP_CSS + PANEL_CSS + TEACH_CSS);
      doc.documentElement.appendChild(ui.host);
    }
    render(
      <>
        {strip && (
          <StatusStrip
            s={strip}
            captureAll={captureAll}
            onCaptureAll={() => void walk.walk()}
            onCancel={walk.cancel}
            teach={teach.strip(
              strip.state === 'missing' ? `missing ${strip.missing.join(',')}` : strip.state,
            )}
          />
        )}
        {teach.panel()}
        {panel && (
          <RecordPanel
            family={panel.family}
            result={panel.result}
            checklist={panel.checklist}
            onTick={tick}
            onPrint={() =>
              panel?.result.record && void request('paperwork/print', { caseId: panel.result.record.id })
            }
            onClose={closePanel}
          />
        )}
      </>,
      ui.root,
    );
  }

  function closePanel() {
    panel = undefined;
    paint();
  }

  /** A document ticked in the panel: stored as an event; the panel and the row badges show it at once. */
  async function tick(...[doc, state, note, destination]: Parameters<Tick>) {
    const caseId = panel?.result.record?.id;
    if (!panel || !caseId) return;
    panel = { ...panel, checklist: await tickDocument(caseId, doc, state, note, destination) };
    paint();
    lastSignature = ''; // re-badge the rows from the store
    schedule();
  }

  /**
   * A read whose save waits for the page's JSON (see scan). Saved from the page alone when the next read is
   * of other rows (a registrar turning pages within a second) or the page goes away: no page shown is left
   * unsaved. Dropped when the next read is of the same rows: that read saves them, with the JSON.
   */
  let deferred: { key: string; save: () => Promise<unknown> } | undefined;
  const rowsKey = (ids: readonly string[]) => [...ids].sort().join('|');
  async function flushDeferred(key?: string) {
    const d = deferred;
    deferred = undefined;
    if (d && d.key !== key) await d.save().catch(() => undefined);
  }
  window.addEventListener('pagehide', () => void flushDeferred(), { signal });

  /**
   * Resolves once the read in progress has saved (5 s at most): a badge shows before its row is stored (the
   * rows are badged at once; saved after the page's JSON has come), and a click in that moment should open
   * the record once stored, not fail to find it.
   */
  const untilSaved = () =>
    strip?.state !== 'saving'
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const done = () => {
            savedListeners.delete(done);
            clearTimeout(timeout);
            resolve();
          };
          const timeout = setTimeout(done, 5000);
          savedListeners.add(done);
        });

  async function openPanel(id: string, family: Family) {
    try {
      await untilSaved();
      const result = await request('capture/record', { id, family });
      const checklist = family === 'cases' ? await request('paperwork/checklist', { caseId: id }) : undefined;
      panel = { family, result, checklist };
    } catch (e) {
      strip =
        strip && strip.state !== 'missing' && strip.state !== 'empty'
          ? { ...strip, state: 'failed', error: errorText(e) }
          : strip;
    }
    paint();
  }

  /**
   * What a badge's click runs. Made outside the scan so the badges (which keep it for the page's life)
   * hold only the family, not the scan's rows and records (a closure keeps its whole scope alive).
   */
  const opener = (family: Family) => (id: string) => void openPanel(id, family);

  const context = () => ({
    title: `${doc.title} ${doc.querySelector('.page-title, h1, h2')?.textContent ?? ''}`,
    host: win.location.host,
    now: Date.now(),
  });

  async function scan() {
    adoptBadgeSheet(doc); // badges already shown keep their look if the page replaced its stylesheets
    // Read as the definition and the taught pages say, once they are loaded; not at all where switched off.
    if (!teach.apply()) return;
    if (teach.disabled('capture')) return switchedOff();
    const ctx = context();
    const found = findGrid(doc, ctx, teach.disabled('json') ? 0 : json.version);
    if (!found) return scanJsonOnly(ctx);
    if (found.signature === lastSignature) return;
    lastSignature = found.signature;
    const pageKind = found.pageKind;
    if (found.status === 'empty') {
      await flushDeferred();
      strip = { state: 'empty', pageKind };
      if (!walk.running) captureAll = undefined;
      return paint();
    }
    if (found.status === 'missing') {
      await flushDeferred();
      strip = { state: 'missing', pageKind, missing: found.missing };
      captureAll = undefined;
      teach.look(pageKind);
      return paint();
    }
    const cells = await found.read();
    const withJson = !teach.disabled('json');
    let answer: Awaited<ReturnType<typeof readInWorker>>;
    try {
      answer = await readInWorker(found, cells, { save: false, withJson });
    } catch (e) {
      lastSignature = ''; // the next render retries
      strip = { state: 'failed', pageKind, count: cells.length, error: errorText(e) };
      return paint();
    }
    const { rows: badges, undrawnIds, origin, mismatches } = answer;
    // Each drawn row beside what the worker made of it (a filler row is none).
    const rows: { row: GridRow; badge: RowBadge }[] = [];
    badges.forEach((badge, i) => {
      if (badge) rows.push({ row: cells[i]!, badge });
    });
    const allIds = [...rows.map((r) => r.badge.id), ...undrawnIds]; // a virtual list: its undrawn rows too
    const key = rowsKey(allIds);
    await flushDeferred(key);
    const count = allIds.length;
    strip = { state: 'saving', pageKind, count, changes: 0, origin, mismatches };
    paint();
    try {
      const family = found.family;
      // Every id of the read, packed once (rows first, so a row's place here is its place among the rows):
      // what the badges open and, once saved, what 读取全部 counts; one string, not one per record.
      const packed = packIds(allIds);
      const setBadge = badgeLayer(opener(family), packed);
      // All rows in one pass: a badge is an element and a few attributes, so 2,000 take a few tens of ms,
      // and the host's table is laid out once, not once per chunk (each a long task on a 2,000-row grid).
      // `unsaved`: before the save, a case the store does not hold yet has no paperwork to show, so it
      // waits for the answer after the save rather than showing a green badge for a moment.
      const badgeAll = (known: KnownResult, unsaved: boolean): number => {
        let waiting = 0;
        for (const { row, badge } of rows) {
          const paperwork = known.paperwork[badge.id];
          if (unsaved && family === 'cases' && !paperwork) {
            removeBadge(row); // a re-used row's badge is the page before's, opening another case
            waiting++;
            continue;
          }
          setBadge(row, {
            id: badge.id,
            xjh: badge.xjh || badge.id,
            flags: known.flags[badge.id] ?? badge.flags,
            paperwork: paperwork && { ...paperwork, label: badge.label ?? '' },
          });
        }
        return waiting;
      };
      // The rows are badged from what the store already holds, without waiting for the save; once it is
      // saved, the rows are badged again only if the save wrote anything (new or changed records).
      const waiting = badgeAll(answer.known, true);
      // The page's JSON is on its way (grid-json.ts): the rows are saved once, with it, by the read that
      // follows its arrival; saved now from the page alone, each visit would first write them without what
      // only the JSON holds and then again with it.
      if (json.coming && withJson) {
        lastSignature = '';
        deferred = { key, save: () => readInWorker(found, cells, { save: true, withJson }) };
        return;
      }
      const after = await readInWorker(found, cells, { save: true, withJson });
      const saved = after.saved ?? { saved: 0, changes: 0 };
      if (saved.saved > 0 || waiting > 0) badgeAll(after.known, false);
      scans++;
      strip = {
        state: 'saved',
        pageKind,
        count,
        changes: saved.changes,
        origin: after.origin,
        mismatches: after.mismatches,
        scan: scans,
      };
      teach.look(pageKind, true);
      const pager = pagerNear(found.shape.grid);
      // What the strip says of 读取全部 (done, cancelled) stays while the list has the same pages; a query
      // that gives it other pages offers 读取全部 of those, and one page or none offers nothing.
      if (!walk.running)
        captureAll =
          !pager || pager.pages <= 1 || teach.disabled('capture-all')
            ? undefined
            : captureAll && captureAll.state !== 'available' && captureAll.pages === pager.pages
              ? captureAll
              : { state: 'available', pages: pager.pages };
      paint();
      lastSaved = { page: pager?.page ?? null, ids: packed, kind: pageKind };
      for (const listener of savedListeners) listener();
    } catch (e) {
      lastSignature = ''; // the next render retries
      strip = { state: 'failed', pageKind, count, error: errorText(e) };
      paint();
    }
  }

  /** The admin switched reading off for this host: nothing read or badged, and the strip says so. */
  function switchedOff() {
    void flushDeferred();
    const signature = teach.switchedOff() ? 'off|grid' : 'off';
    if (signature === lastSignature) return;
    lastSignature = signature;
    strip = undefined;
    captureAll = undefined;
    for (const badge of doc.querySelectorAll(BADGE_TAG)) badge.remove();
    paint();
  }

  /** No readable grid on the page, but its own data arrived: save that (exact), without badges. */
  async function scanJsonOnly(ctx: ReturnType<typeof context>) {
    await flushDeferred();
    const read = teach.disabled('json') ? undefined : jsonOnly(doc, ctx, json.newestFields);
    if (!read) return unreadGrid();
    const signature = `json|${json.version}`;
    if (signature === lastSignature) return;
    lastSignature = signature;
    const { pageKind } = read;
    try {
      const { count, changes } = await saveNewest(read);
      scans++;
      strip = { state: 'saved', pageKind, count, changes, origin: 'json', mismatches: 0, scan: scans };
    } catch (e) {
      lastSignature = '';
      strip = { state: 'failed', pageKind, count: 0, error: errorText(e) };
    }
    paint();
  }

  /** A grid that looks like 学籍 data (two known columns or more) that no reader knows: offer 识别此页. */
  function unreadGrid() {
    // A 学籍卡 is read by its own feature (card-capture.tsx): its label–value table is no unknown grid.
    const grid = readCard(doc) ? undefined : findGrids(doc).find((s) => s.rowElements.length > 0);
    const signature = grid ? `unread|${grid.fields.join()}|${grid.unknownHeaders.join()}` : '';
    if (signature === lastSignature) return;
    lastSignature = signature;
    if (!grid) return;
    strip = { state: 'missing', pageKind: '', missing: [] };
    teach.look();
    paint();
  }

  // Scans never overlap: a render during a scan queues one more scan after it.
  let running: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  function runScan() {
    if (running) {
      again = true;
      return;
    }
    json.reading();
    running = scan().finally(() => {
      running = undefined;
      json.pullSoon(); // the page's JSON that came meanwhile, now the page is read (grid-json.ts)
      if (again) {
        again = false;
        schedule();
      }
    });
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(runScan, 150);
  }

  const observer = new MutationObserver((mutations) => {
    const ours = mutations.every(
      (m) => isOverlayNode(m.target) || [...m.addedNodes, ...m.removedNodes].every((n) => isOverlayNode(n)),
    );
    if (!ours) schedule();
  });
  observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true, characterData: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    json.stop();
    teach.stop();
    stopRoutes();
    clearTimeout(timer);
    ui?.host.remove();
  });
  schedule();
}
