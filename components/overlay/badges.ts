/**
 * A small badge beside each row the store knows: identifier problems, paperwork and risk.
 *
 * Weight: a 2,000-row grid gets 2,000 badges, so a badge is two nodes, the `<baoxue-badge>` element and
 * the `::before` that paints its words (Chromium counts a rendered pseudo-element as a node). No shadow
 * root, no `<style>` and no text node per badge: one constructed stylesheet, adopted once by the
 * document, styles every badge of the frame. The words come from the badge's aria-label
 * (`content: attr(aria-label)`), so they are not in the cell's textContent that the page readers use, and
 * page text only ever goes into attributes, never into innerHTML. A click opens the record through one
 * listener shared by every badge of a scan; the badge keeps only its place in the scan's ids, which the
 * listener holds packed in one string (packed-ids.ts), not a string of its own per badge.
 *
 * Isolation: every rule selects only `baoxue-badge[data-baoxue-root]` (and its ::before/::after), so
 * nothing styles a host element. Every declaration is !important inside a cascade layer: an important
 * declaration in a layer beats every unlayered declaration of the page, important or not, whatever its
 * selector, and `all: initial` leaves nothing for the page to set (CSS Cascade 5, "cascade layers"). The
 * page's ::after is shut out; inline-flex has no ::first-letter or ::first-line. What the page could
 * still do is declare its own layer first and put !important rules for our tag in it.
 */
import { t, tx } from '@/lib/i18n';
import { documentText } from '@/lib/paperwork/rules';
import { flagLabel } from './flag-labels';
import { type PackedIds, packIds } from './packed-ids';

export const BADGE_TAG = 'baoxue-badge';
const B = `${BADGE_TAG}[data-baoxue-root]`;

export const BADGE_CSS = `@layer baoxue-badge {
${B} {
  all: initial !important;
  display: inline-flex !important; align-items: center !important; vertical-align: middle !important;
  white-space: nowrap !important; margin: 0 0 0 4px !important; padding: 0 5px !important;
  border: 0 !important; border-radius: 8px !important;
  font: 11px/16px system-ui, sans-serif !important; background: #dcfce7 !important; color: #166534 !important;
  cursor: pointer !important; user-select: none !important; visibility: visible !important;
  opacity: 1 !important; position: static !important;
}
${B}[data-baoxue-tone="warn"] { background: #fee2e2 !important; color: #991b1b !important; }
${B}[data-baoxue-tone="todo"] { background: #fef3c7 !important; color: #92400e !important; }
${B}[data-baoxue-tone="closed"] { background: #e5e7eb !important; color: #374151 !important; }
${B}:focus-visible { outline: 2px solid #2563eb !important; outline-offset: 1px !important; }
${B}::before { all: unset !important; content: attr(aria-label) !important; }
${B}::after { all: unset !important; content: none !important; display: none !important; }
}`;

/** For a case: its paperwork (the badge then reads 缺 N 项 / 已齐全 / 未知异动类型). */
export interface BadgePaperwork {
  missing: string[];
  known: boolean;
  /** Refused or withdrawn in the host system: nothing is needed any more. */
  closed: boolean;
  label: string;
}

/** What one row's badge shows. */
export interface BadgeView {
  /** The store's id of the record (what a click opens). */
  id: string;
  /** The identifier shown to people and used to find the badge (学籍号, else the id). */
  xjh: string;
  flags: string[];
  paperwork?: BadgePaperwork;
}

export interface BadgeRow {
  element: Element;
  keyCell?: Element;
}

const PROBLEM =
  /^(id-|xjh-|source-|paperwork-overdue|transfer-not-allowed|transfer-grade-change|suspension-expired|suspension-over-limit|destination-|unknown-change-type|deadline-unknown)/;

/** The badge's words, tone and tooltip: a pure function of what the store says about the row. */
export function badgeText(view: BadgeView): {
  label: string;
  tone: 'ok' | 'warn' | 'todo' | 'closed';
  title: string;
} {
  const { flags, paperwork } = view;
  const problems = flags.filter((f) => PROBLEM.test(f));
  if (paperwork) {
    // A leaving child with no 去向 recorded is one more thing to do, never 已齐全 (lib/paperwork/status.ts).
    const todo =
      paperwork.missing.length + (!paperwork.closed && flags.includes('destination-missing') ? 1 : 0);
    // Red when a step is overdue or the case breaks a rule; amber while documents are still due; grey for
    // a case refused or withdrawn (closed, not complete: issue 15 §5).
    return {
      tone: problems.length ? 'warn' : paperwork.closed ? 'closed' : todo ? 'todo' : 'ok',
      label: !paperwork.known
        ? t('pw_unknown_type_short')
        : paperwork.closed
          ? t('pw_closed')
          : todo
            ? t('pw_missing_n', todo)
            : t('pw_complete'),
      title: [
        paperwork.label,
        ...paperwork.missing.map((name) => tx(documentText(name))),
        ...flags.map(flagLabel),
      ].join('；'),
    };
  }
  return {
    tone: flags.length ? 'warn' : 'ok',
    label: flags.length ? `⚠ ${flags.length}` : '✓',
    title: flags.length ? flags.map(flagLabel).join('；') : '',
  };
}

// One stylesheet per document (each frame runs its own content script), made on first use.
const sheets = new WeakMap<Document, CSSStyleSheet>();
/**
 * The record each badge opens, kept here and not read back from the badge's attributes: the badge sits in
 * the host page's DOM, and the page could rewrite `data-baoxue-id` to any stored id and click it. A number
 * is the badge's place in the ids its layer was made with (held by the layer's click listener, which the
 * badge carries); a string is an id outside them.
 */
const opens = new WeakMap<Element, number | string>();

/**
 * Adopts the badges' stylesheet into `doc`, again if the page has since replaced the document's list
 * (`document.adoptedStyleSheets = [...]` drops ours): called for each badge and at each re-read.
 */
export function adoptBadgeSheet(doc: Document): void {
  let sheet = sheets.get(doc);
  if (!sheet) {
    const Sheet = (doc.defaultView?.CSSStyleSheet ?? CSSStyleSheet) as typeof CSSStyleSheet;
    sheet = new Sheet();
    sheet.replaceSync(BADGE_CSS);
    sheets.set(doc, sheet);
  }
  if (!doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}

function makeBadge(doc: Document): HTMLElement {
  const host = doc.createElement(BADGE_TAG);
  host.setAttribute('data-baoxue-root', '');
  host.setAttribute('role', 'button');
  host.setAttribute('tabindex', '0');
  return host;
}

const keyCell = (row: BadgeRow): Element | null => row.keyCell ?? row.element.querySelector('td');

/**
 * Takes a row's badge away. For a row still waiting for its save: a host that re-uses its rows on the next
 * page would otherwise leave the page before's badge there, opening another record.
 */
export function removeBadge(row: BadgeRow): void {
  keyCell(row)?.querySelector(`:scope > ${BADGE_TAG}`)?.remove();
}

/**
 * The click and key listeners shared by the badges of one layer. Made in their own function so that what
 * they keep for the page's life is `onOpen` and the packed ids, nothing else of the scan that made them.
 */
function listeners(onOpen: (id: string) => void, ids: PackedIds) {
  const open = (e: Event) => {
    e.stopPropagation(); // the host grid must not treat it as a row click
    const at = opens.get(e.currentTarget as Element);
    const id = typeof at === 'number' ? ids.at(at) : at;
    if (id) onOpen(id);
  };
  const key = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    open(e);
  };
  return { open, key };
}

/**
 * Badges for one scan: `onOpen` (shared by every badge) gets the id of the badge clicked. `ids`: the ids
 * the scan will badge (a grid's rows), packed; a badge for another id keeps that id itself. Returns the
 * function that puts or updates the badge of one row.
 */
export function badgeLayer(
  onOpen: (id: string) => void,
  ids: PackedIds = packIds([]),
): (row: BadgeRow, view: BadgeView) => void {
  const { open, key } = listeners(onOpen, ids);
  // For this scan only (the function returned is dropped with the scan); the first place of an id wins.
  const place = new Map<string, number>();
  let i = 0;
  for (const id of ids) {
    if (!place.has(id)) place.set(id, i);
    i++;
  }
  return (row, view) => {
    const cell = keyCell(row);
    if (!cell) return;
    adoptBadgeSheet(cell.ownerDocument);
    let host = cell.querySelector(`:scope > ${BADGE_TAG}`) as HTMLElement | null;
    if (!host) {
      host = makeBadge(cell.ownerDocument);
      cell.appendChild(host);
    }
    const { label, tone, title } = badgeText(view);
    opens.set(host, place.get(view.id) ?? view.id);
    host.setAttribute('data-baoxue-id', view.id);
    host.setAttribute('data-baoxue-xjh', view.xjh);
    host.setAttribute('data-baoxue-flags', view.flags.join(','));
    if (view.paperwork) host.setAttribute('data-baoxue-missing', view.paperwork.missing.join(','));
    else host.removeAttribute('data-baoxue-missing');
    host.setAttribute('data-baoxue-tone', tone);
    host.setAttribute('aria-label', label);
    host.setAttribute('title', title);
    host.onclick = open;
    host.onkeydown = key;
  };
}
