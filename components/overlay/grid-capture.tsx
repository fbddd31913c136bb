/**
 * Overlay feature: on any frame showing a 学籍 grid, read it (by header text, in chunks so the host page
 * never stalls), save what it shows, say so in a status strip and badge each row; a badge opens the
 * record's panel. Re-reads when the grid re-renders (paging, query, sort). A grid missing a required
 * column shows a notice and writes nothing. On a paged list, 读取全部 walks the host's own pager.
 */
import { render } from 'preact';
import type { Tick } from '@/components/paperwork/ChecklistView';
import { type HostColumn, modelFor, sanitizeModels } from '@/lib/capture/columns';
import { findGrids } from '@/lib/capture/grid';
import {
  AJAX_MESSAGE,
  type AjaxObservation,
  appendLoushangRows,
  type JsonGrid,
  loushangRows,
  rowKeys,
} from '@/lib/capture/json';
import { jsonRecords, matchingJson, mergeSources } from '@/lib/capture/merge';
import { pagerNear, queryIsEmpty } from '@/lib/capture/pager';
import { classify, toReadRows } from '@/lib/capture/recognise';
import type { ReadRow } from '@/lib/capture/shapes';
import { errorText } from '@/lib/errors';
import type { ChecklistResult, KnownResult, RecordResult } from '@/lib/messaging';
import { request } from '@/lib/messaging-client';
import type { StatusChangeCase, Student } from '@/lib/records';
import { setBadge } from './badges';
import { PANEL_CSS, RecordPanel } from './RecordPanel';
import { type CaptureAllState, STRIP_CSS, StatusStrip, type StripState } from './StatusStrip';
import { isOverlayNode, shadowHost } from './shadow';

const ROWS_PER_TASK = 250; // well under a 50 ms task even on a slow machine
const SAVE_BATCH = 500;
const WAIT_MS = 20_000;

const yieldToMain = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface Saved {
  page: number | null;
  ids: string[];
  kind: string;
}

export function startGridCapture(doc: Document, win: Pick<Window, 'location'>, signal: AbortSignal): void {
  let ui: { host: HTMLElement; root: ShadowRoot } | undefined;
  let strip: StripState | undefined;
  let captureAll: CaptureAllState | undefined;
  let panel: { family: 'students' | 'cases'; result: RecordResult; checklist?: ChecklistResult } | undefined;
  let lastSignature = '';
  let lastSaved: Saved | undefined;
  const savedListeners = new Set<(s: Saved) => void>();
  let cancelWalk = false;
  // The host grid's own JSON responses, newest last (the DOM of the same page usually follows them).
  const jsonGrids: JsonGrid[] = [];
  let jsonVersion = 0;

  function paint() {
    if (!ui) {
      ui = shadowHost('baoxue-overlay', STRIP_CSS + PANEL_CSS);
      doc.documentElement.appendChild(ui.host);
    }
    render(
      <>
        {strip && (
          <StatusStrip
            s={strip}
            captureAll={captureAll}
            onCaptureAll={() => void walkAllPages()}
            onCancel={() => {
              cancelWalk = true;
            }}
          />
        )}
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
  async function tick(...[doc, state, by, note, destination]: Parameters<Tick>) {
    const caseId = panel?.result.record?.id;
    if (!panel || !caseId) return;
    panel = {
      ...panel,
      checklist: await request('paperwork/tick', { caseId, doc, state, by, note, destination }),
    };
    paint();
    lastSignature = ''; // re-badge the rows from the store
    schedule();
  }

  async function openPanel(id: string, family: 'students' | 'cases') {
    try {
      const result = await request('capture/record', { id, family });
      const checklist = family === 'cases' ? await request('paperwork/checklist', { caseId: id }) : undefined;
      panel = { family, result, checklist };
    } catch (e) {
      strip = strip && strip.state !== 'missing' ? { ...strip, state: 'failed', error: errorText(e) } : strip;
    }
    paint();
  }

  const context = () => ({
    title: `${doc.title} ${doc.querySelector('.page-title, h1, h2')?.textContent ?? ''}`,
    host: win.location.host,
    now: Date.now(),
  });

  async function scan() {
    const ctx = context();
    for (const shape of findGrids(doc)) {
      const c = classify(shape, ctx);
      if (c.status === 'unknown' || shape.rowElements.length === 0) continue;
      const signature = `${c.kind}|${shape.fields.join()}|${jsonVersion}|${shape.grid.textContent}`;
      if (signature === lastSignature) return;
      lastSignature = signature;
      if (c.status === 'missing') {
        strip = { state: 'missing', pageKind: c.kind, missing: c.missing };
        captureAll = undefined;
        return paint();
      }
      const family = c.reader.family;
      const source = { host: ctx.host, pageKind: c.kind, seenAt: ctx.now };
      const domRows: ReadRow[] = [];
      for (let i = 0; i < shape.rowElements.length; i += ROWS_PER_TASK) {
        if (i > 0) await yieldToMain();
        const chunk = shape.rowElements.slice(i, i + ROWS_PER_TASK).map((el) => shape.readRow(el));
        domRows.push(...toReadRows(c.reader, chunk, source, c.implied));
      }
      const json = matchingJson(domRows, jsonGrids, shape.fields);
      const { rows, mismatches } = mergeSources(domRows, json, shape.fields, c.reader, source, c.implied);
      const origin = json ? 'dom+json' : 'dom';
      strip = { state: 'saving', pageKind: c.kind, count: rows.length, changes: 0, origin, mismatches };
      paint();
      try {
        let changes = 0;
        const flags: Record<string, string[]> = {};
        const paperwork: KnownResult['paperwork'] = {};
        for (let i = 0; i < rows.length; i += SAVE_BATCH) {
          const batch = rows.slice(i, i + SAVE_BATCH).map((r) => r.record);
          const students = family === 'students' ? (batch as Student[]) : [];
          const cases = family === 'cases' ? (batch as StatusChangeCase[]) : [];
          changes += (await request('capture/save', { pageKind: c.kind, source, students, cases })).changes;
          const known = await request('capture/known', { ids: batch.map((r) => r.id) });
          Object.assign(flags, known.flags);
          Object.assign(paperwork, known.paperwork);
        }
        for (let i = 0; i < rows.length; i += ROWS_PER_TASK) {
          if (i > 0) await yieldToMain();
          for (const { row, record } of rows.slice(i, i + ROWS_PER_TASK)) {
            setBadge(
              row,
              record.xjh || record.id,
              flags[record.id] ?? record.flags,
              () => void openPanel(record.id, family),
              paperwork[record.id] && {
                ...paperwork[record.id]!,
                label: (record as StatusChangeCase).changeType,
              },
            );
          }
        }
        strip = { state: 'saved', pageKind: c.kind, count: rows.length, changes, origin, mismatches };
        const pager = pagerNear(shape.grid);
        if (pager && pager.pages > 1 && captureAll?.state !== 'running')
          captureAll =
            captureAll && captureAll.state !== 'available'
              ? captureAll
              : { state: 'available', pages: pager.pages };
        paint();
        lastSaved = { page: pager?.page ?? null, ids: rows.map((r) => r.record.id), kind: c.kind };
        for (const listener of savedListeners) listener(lastSaved);
      } catch (e) {
        lastSignature = ''; // the next render retries
        strip = { state: 'failed', pageKind: c.kind, count: rows.length, error: errorText(e) };
        paint();
      }
      return; // one grid per frame is what the host system shows
    }
    await scanJsonOnly(ctx);
  }

  /** No readable grid on the page, but its own data arrived: save that (exact), without badges. */
  async function scanJsonOnly(ctx: ReturnType<typeof context>) {
    const json = jsonGrids.at(-1);
    if (!json || findGrids(doc).some((s) => classify(s, ctx).status !== 'unknown')) return;
    const c = classify(json, ctx);
    if (c.status !== 'ok') return;
    const signature = `json|${jsonVersion}`;
    if (signature === lastSignature) return;
    lastSignature = signature;
    const source = { host: ctx.host, pageKind: c.kind, seenAt: ctx.now };
    const records = jsonRecords(json, c.reader, source, c.implied);
    const family = c.reader.family;
    try {
      const res = await request('capture/save', {
        pageKind: c.kind,
        source,
        students: family === 'students' ? (records as Student[]) : [],
        cases: family === 'cases' ? (records as StatusChangeCase[]) : [],
      });
      strip = {
        state: 'saved',
        pageKind: c.kind,
        count: records.length,
        changes: res.changes,
        origin: 'json',
        mismatches: 0,
      };
    } catch (e) {
      lastSignature = '';
      strip = { state: 'failed', pageKind: c.kind, count: records.length, error: errorText(e) };
    }
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
    running = scan().finally(() => {
      running = undefined;
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

  function currentPager() {
    const shape = findGrids(doc).find((s) => classify(s, context()).status === 'ok');
    return shape ? pagerNear(shape.grid) : null;
  }

  function waitFor<T>(check: () => T | undefined, listen: (wake: () => void) => () => void): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = check();
      if (done !== undefined) return resolve(done);
      const deadline = setTimeout(() => {
        stop();
        reject(new Error('页面无响应'));
      }, WAIT_MS);
      const stop = listen(() => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(deadline);
        stop();
        resolve(value);
      });
    });
  }

  /** Resolves when page `page` has been read and saved. */
  const waitSaved = (page: number) =>
    waitFor(
      () => (lastSaved?.page === page ? lastSaved : undefined),
      (wake) => {
        const l = () => wake();
        savedListeners.add(l);
        return () => savedListeners.delete(l);
      },
    );

  /** Resolves when the host's pager shows page `page`. */
  const waitPage = (page: number) =>
    waitFor(
      () => (currentPager()?.page === page ? true : undefined),
      (wake) => {
        const id = setInterval(wake, 100);
        return () => clearInterval(id);
      },
    );

  async function goToPage(target: number) {
    let pager = currentPager();
    if (!pager || pager.page === target) return;
    if (target === 1 && pager.first) pager.first.click();
    else if (target === pager.pages && pager.last) pager.last.click();
    else {
      while (pager && pager.page !== target) {
        const step = pager.page < target ? pager.next : pager.prev;
        if (!step) break;
        const next = pager.page + (pager.page < target ? 1 : -1);
        step.click();
        await waitPage(next);
        pager = currentPager();
      }
      return;
    }
    await waitPage(target);
  }

  async function walkAllPages() {
    const start = currentPager();
    if (!start || captureAll?.state === 'running') return;
    const pages = start.pages;
    cancelWalk = false;
    captureAll = { state: 'running', done: 0, pages };
    paint();
    const ids = new Set<string>();
    let done = 0;
    let kind = '';
    try {
      await goToPage(1);
      for (let p = 1; p <= pages; p++) {
        const saved = await waitSaved(p);
        for (const id of saved.ids) ids.add(id);
        kind = saved.kind;
        done = p;
        captureAll = { state: 'running', done, pages };
        paint();
        if (cancelWalk || p === pages) break;
        currentPager()?.next?.click();
      }
      let gone = 0;
      if (done === pages && kind === 'student-list' && queryIsEmpty(doc))
        gone = (await request('capture/roll', { host: win.location.host, ids: [...ids], seenAt: Date.now() }))
          .gone;
      captureAll = done === pages ? { state: 'done', pages, gone } : { state: 'cancelled', done, pages };
    } catch (e) {
      captureAll = { state: 'failed', error: errorText(e) };
    }
    try {
      await goToPage(start.page); // leave the page as it was
    } catch (e) {
      captureAll = { state: 'failed', error: errorText(e) };
    }
    paint();
  }

  const onAjax = (e: MessageEvent) => {
    if (e.source !== window || e.origin !== win.location.origin) return;
    const data = e.data as Record<string, unknown> | null;
    if (data?.[AJAX_MESSAGE] !== true || typeof data.url !== 'string' || typeof data.text !== 'string')
      return;
    void takeJson({ url: data.url, text: data.text }, sanitizeModels(data.columns));
  };

  /**
   * Maps a response in chunks (a 2,000-row page is a megabyte of JSON), then lets the scan use it. The
   * page's column models (sent with the response) name its fields when they differ from JSON_FIELDS.
   */
  async function takeJson(obs: AjaxObservation, models: HostColumn[][]) {
    const raw = loushangRows(obs);
    if (!raw) return;
    const grid: JsonGrid = { url: obs.url, fields: [], rows: [], model: modelFor(models, rowKeys(raw)) };
    for (let i = 0; i < raw.length; i += ROWS_PER_TASK) {
      if (i > 0) await yieldToMain();
      appendLoushangRows(grid, raw.slice(i, i + ROWS_PER_TASK));
    }
    jsonGrids.push(grid);
    if (jsonGrids.length > 5) jsonGrids.shift();
    jsonVersion++;
    schedule();
  }
  window.addEventListener('message', onAjax);

  const observer = new MutationObserver((mutations) => {
    const ours = mutations.every(
      (m) => isOverlayNode(m.target) || [...m.addedNodes, ...m.removedNodes].every((n) => isOverlayNode(n)),
    );
    if (!ours) schedule();
  });
  observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true, characterData: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    window.removeEventListener('message', onAjax);
    clearTimeout(timer);
    ui?.host.remove();
  });
  schedule();
}
