/**
 * Finds a grid's paging toolbar by meaning: its buttons by their text or title (首页/上一页/下一页/末页) and
 * the "第 x 页 共 y 页" text, searched near the grid first. Returns null when there is no pager.
 * Button texts are compared through labelKey (`下 一 页`, full-width forms).
 */
import { labelKey } from '../text';

export interface Pager {
  page: number;
  pages: number;
  first?: HTMLElement;
  prev?: HTMLElement;
  next?: HTMLElement;
  last?: HTMLElement;
}

const LABELS: Record<'first' | 'prev' | 'next' | 'last', string[]> = {
  first: ['首页', '第一页'],
  prev: ['上一页', '上页', '前一页'],
  next: ['下一页', '下页', '后一页'],
  last: ['末页', '尾页', '最后一页'],
};

const BUTTONS = 'button, a, [role="button"], input[type="button"], .x-btn';
/**
 * The same elements as BUTTONS, narrowed to those that may carry one of LABELS (every label has 页 in it),
 * so a grid's own row links (查看, 编辑: one per row) are never listed: the browser keeps an object for
 * every element a script has listed, for the page's life (2,000 row links on a 2,000-row grid).
 * Links and buttons by their text through XPath (text only: an XPath test of an attribute makes the
 * browser create a node for every attribute it looks at, for the page's life); the rest by CSS, which
 * matches attributes without that.
 */
const BY_TEXT = './/*[self::a or self::button][contains(., "页")]';
const BY_ATTRIBUTE =
  'a[title*="页"], a[aria-label*="页"], button[title*="页"], button[aria-label*="页"], [role="button"], input[type="button"], .x-btn';

function candidates(scope: ParentNode): HTMLElement[] {
  const doc = (scope as Node).ownerDocument ?? (scope as Document);
  if (typeof doc.evaluate !== 'function') return [...scope.querySelectorAll<HTMLElement>(BUTTONS)];
  const found = new Set<HTMLElement>(scope.querySelectorAll<HTMLElement>(BY_ATTRIBUTE));
  const byText = doc.evaluate(BY_TEXT, scope as Node, null, 7 /* ORDERED_NODE_SNAPSHOT_TYPE */, null);
  for (let i = 0; i < byText.snapshotLength; i++) found.add(byText.snapshotItem(i) as HTMLElement);
  // In the page's order, as one querySelectorAll would give them: the first that matches a label wins.
  return [...found].sort((a, b) =>
    a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
}

function findButton(els: readonly HTMLElement[], labels: string[]): HTMLElement | undefined {
  for (const el of els) {
    const text =
      el.textContent || (el as HTMLInputElement).value || el.title || el.getAttribute('aria-label') || '';
    if (labels.includes(labelKey(text))) return el;
  }
  return undefined;
}

export function readPager(scope: ParentNode): Pager | null {
  const els = candidates(scope);
  const next = findButton(els, LABELS.next);
  if (!next) return null;
  const text = (scope as Element).textContent ?? '';
  const page = /第\s*(\d+)\s*页/.exec(text);
  const pages = /共\s*(\d+)\s*页/.exec(text);
  if (!page || !pages) return null;
  return {
    page: Number(page[1]),
    pages: Number(pages[1]),
    first: findButton(els, LABELS.first),
    prev: findButton(els, LABELS.prev),
    next,
    last: findButton(els, LABELS.last),
  };
}

/** The pager of this grid: in the grid itself, else in its nearest ancestor that has one. */
export function pagerNear(grid: Element): Pager | null {
  for (let el: Element | null = grid; el; el = el.parentElement) {
    const p = readPager(el);
    if (p) return p;
  }
  return null;
}

/** True when the page's query form (查询条件) has nothing typed in it: the grid lists everything. */
export function queryIsEmpty(root: ParentNode): boolean {
  for (const fs of root.querySelectorAll('fieldset')) {
    if (!labelKey(fs.querySelector('legend')?.textContent).includes('查询条件')) continue;
    for (const input of fs.querySelectorAll<HTMLInputElement | HTMLSelectElement>(
      'input:not([type=button]):not([type=submit]):not([type=hidden]), select',
    )) {
      if (input.value.trim() !== '') return false;
    }
  }
  return true;
}
