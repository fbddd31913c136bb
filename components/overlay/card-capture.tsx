/**
 * Overlay feature: on a 学籍卡 (student card) page, read the card by its labels, save the fuller record,
 * badge the 学籍号 and say what was read. A card without its 学籍号 shows a notice and writes nothing.
 * On a 2.0-style page, 学生详情 opens in a dialog without a page load: each time one opens, it is read
 * and saved the same way, and its strip goes when the dialog closes.
 */
import { render } from 'preact';
import { type CardRead, cardMissing, cardToStudent, readCard } from '@/lib/capture/pages/student-card';
import { DIALOGS, openDialogs, readDialogCard } from '@/lib/capture/pages/student-dialog';
import { errorText } from '@/lib/errors';
import type { RecordResult } from '@/lib/messaging';
import { request } from '@/lib/messaging-client';
import { badgeLayer } from './badges';
import { PANEL_CSS, RecordPanel } from './RecordPanel';
import { STRIP_CSS, StatusStrip, type StripState } from './StatusStrip';
import { isOverlayNode, shadowHost } from './shadow';

const KIND = 'student-card';

export async function captureStudentCard(doc: Document, win: Pick<Window, 'location'>, signal: AbortSignal) {
  const card = readCard(doc);
  if (card) return showCard(doc, win, card, signal);
  watchDialogs(doc, win, signal);
}

/** 学生详情 dialogs: each one opened is read once; its strip is removed when it closes. */
function watchDialogs(doc: Document, win: Pick<Window, 'location'>, signal: AbortSignal) {
  let current: { dialog: Element; key: string; done: AbortController } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const look = () => {
    watchContainers(); // a dialog container added since: its showing is heard from now on
    // Each open dialog says what it was read as (`data-baoxue-dialog`: student / other), so a wait for it is
    // a wait for the read, not for a fixed time.
    let found: { dialog: Element; card: CardRead } | undefined;
    for (const dialog of openDialogs(doc)) {
      const card = readDialogCard(dialog);
      dialog.setAttribute('data-baoxue-dialog', card ? 'student' : 'other');
      if (card && !found) found = { dialog, card };
    }
    const key = found ? JSON.stringify([found.card.cells, found.card.extra]) : '';
    if (current && current.dialog === found?.dialog && current.key === key) return;
    current?.done.abort();
    current = undefined;
    if (!found) return;
    const done = new AbortController();
    signal.addEventListener('abort', () => done.abort(), { once: true });
    current = { dialog: found.dialog, key, done };
    void showCard(doc, win, found.card, done.signal);
  };
  // A dialog opens either by being added (childList on the body) or by a style/class change on its
  // container or an ancestor (shown again). Attributes are watched only there, never across the body: a
  // virtual list restyles its rows on every scroll.
  const wake = (mutations: MutationRecord[]) => {
    const ours = mutations.every(
      (m) =>
        isOverlayNode(m.target) ||
        (m.type === 'childList' && [...m.addedNodes, ...m.removedNodes].every((n) => isOverlayNode(n))),
    );
    if (ours) return;
    clearTimeout(timer);
    timer = setTimeout(look, 200);
  };
  const shownBy = new MutationObserver(wake);
  const watchedForShow = new WeakSet<Element>();
  const watchContainers = () => {
    for (const dialog of doc.querySelectorAll(DIALOGS))
      for (let el: Element | null = dialog; el && !watchedForShow.has(el); el = el.parentElement) {
        watchedForShow.add(el);
        shownBy.observe(el, { attributes: true, attributeFilter: ['style', 'class'] });
      }
  };
  const observer = new MutationObserver(wake);
  observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true, characterData: true });
  watchContainers();
  signal.addEventListener('abort', () => {
    observer.disconnect();
    shownBy.disconnect();
    clearTimeout(timer);
    current?.done.abort();
  });
}

async function showCard(doc: Document, win: Pick<Window, 'location'>, card: CardRead, signal: AbortSignal) {
  const ui = shadowHost('baoxue-overlay', STRIP_CSS + PANEL_CSS);
  doc.documentElement.appendChild(ui.host);
  signal.addEventListener('abort', () => ui.host.remove());
  let panel: RecordResult | undefined;
  const paint = (s: StripState) =>
    render(
      <>
        <StatusStrip s={s} onCaptureAll={() => {}} onCancel={() => {}} />
        {panel && (
          <RecordPanel
            family="students"
            result={panel}
            onClose={() => {
              panel = undefined;
              paint(s);
            }}
          />
        )}
      </>,
      ui.root,
    );

  const missing = cardMissing(card);
  if (missing.length) return paint({ state: 'missing', pageKind: KIND, missing });
  const source = { host: win.location.host, pageKind: KIND, seenAt: Date.now() };
  const student = cardToStudent(card, source);
  if (!student) return;
  const done = { pageKind: KIND, count: 1, origin: 'dom' as const, mismatches: 0 };
  paint({ state: 'saving', changes: 0, ...done });
  try {
    const saved = await request('capture/save', { pageKind: KIND, source, students: [student], cases: [] });
    const { flags } = await request('capture/known', { ids: [student.id] });
    const s: StripState = { state: 'saved', changes: saved.changes, ...done };
    if (card.keyCell)
      badgeLayer(async (id) => {
        panel = await request('capture/record', { id, family: 'students' });
        paint(s);
      })(
        { element: card.keyCell, keyCell: card.keyCell },
        { id: student.id, xjh: student.xjh, flags: flags[student.id] ?? student.flags },
      );
    paint(s);
  } catch (e) {
    paint({ state: 'failed', pageKind: KIND, count: 1, error: errorText(e) });
  }
}
