// @vitest-environment happy-dom
/**
 * The badge layer's weight and isolation as the DOM holds them: nodes a row gains, one stylesheet shared
 * by every badge, page text kept out of markup. (How a real browser paints it against hostile host CSS
 * is checked in tests/e2e/overlay.spec.ts.)
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import zh from '../../public/_locales/zh_CN/messages.json';
import { BADGE_CSS, BADGE_TAG, type BadgeView, badgeLayer, removeBadge } from './badges';
import { packIds } from './packed-ids';

// The browser's i18n, answered from the zh_CN messages (the fake browser has none).
beforeEach(() => {
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation((key: string, subs?: string | string[]) => {
    const message = (zh as Record<string, { message: string }>)[key]?.message ?? '';
    return [subs ?? []].flat().reduce((m, s, i) => m.replaceAll(`$${i + 1}`, s), message);
  });
});

/**
 * Every node under `root` as Chromium's node counter sees it: shadow roots count, and so does a badge's
 * painted ::before (happy-dom does not make pseudo-elements, so each badge adds one here).
 */
function countNodes(root: Node): number {
  let n = 1;
  for (const child of root.childNodes) n += countNodes(child);
  const shadow = (root as Element).shadowRoot;
  if (shadow) n += countNodes(shadow);
  if ((root as Element).tagName === BADGE_TAG.toUpperCase()) n += 1;
  return n;
}

/** The selectors of the badge stylesheet's rules (happy-dom cannot parse @layer, so it reads inside). */
function badgeSelectors(): string[] {
  const inner = new CSSStyleSheet();
  inner.replaceSync(BADGE_CSS.replace(/^@layer [\w-]+ \{/, '').replace(/\}\s*$/, ''));
  return [...inner.cssRules].map((r) => (r as CSSStyleRule).selectorText);
}

function grid(rows: number): { table: HTMLTableElement; rows: { element: Element; keyCell: Element }[] } {
  const table = document.createElement('table');
  const out = [];
  for (let i = 0; i < rows; i++) {
    const tr = table.insertRow();
    tr.insertCell().textContent = `G1100000000000000${i}`;
    const keyCell = tr.cells[0]!;
    tr.insertCell().textContent = `学生${i}`;
    out.push({ element: tr, keyCell });
  }
  document.body.appendChild(table);
  return { table, rows: out };
}

const view = (i: number, extra: Partial<BadgeView> = {}): BadgeView => ({
  id: `id-${i}`,
  xjh: `G${i}`,
  flags: [],
  ...extra,
});

describe('the badge layer', () => {
  it('adds at most two nodes per row, and none more when a row is badged again', () => {
    const { table, rows } = grid(50);
    const before = countNodes(table);
    const set = badgeLayer(() => {});
    for (const [i, r] of rows.entries()) set(r, view(i, { flags: i % 3 ? [] : ['id-checksum'] }));
    expect((countNodes(table) - before) / rows.length).toBeLessThanOrEqual(2);
    const once = countNodes(table);
    for (const [i, r] of rows.entries()) set(r, view(i, { flags: ['xjh-checksum'] }));
    expect(countNodes(table)).toBe(once);
    expect(table.querySelectorAll(BADGE_TAG)).toHaveLength(50);
    table.remove();
  });

  it('styles every badge with one stylesheet the document adopts once, whose rules select only badges', () => {
    const { table, rows } = grid(3);
    const set = badgeLayer(() => {});
    for (const [i, r] of rows.entries()) set(r, view(i));
    badgeLayer(() => {})(rows[0]!, view(0)); // a second scan adopts nothing more
    expect(document.adoptedStyleSheets).toHaveLength(1);
    document.adoptedStyleSheets = []; // the page replaces the document's list: the next badge adopts it again
    badgeLayer(() => {})(rows[1]!, view(1));
    const badges = [...table.querySelectorAll(BADGE_TAG)];
    expect(badges.every((b) => b.shadowRoot === null && b.childNodes.length === 0)).toBe(true);
    expect(document.querySelectorAll('style')).toHaveLength(0);
    expect(document.adoptedStyleSheets).toHaveLength(1);
    // All of it inside one cascade layer, every declaration !important (what beats the page's rules).
    expect(BADGE_CSS.startsWith('@layer ')).toBe(true);
    const declarations = BADGE_CSS.match(/[\w-]+\s*:[^;{}]+;/g) ?? [];
    expect(declarations.length).toBeGreaterThan(10);
    expect(declarations.filter((d) => !d.includes('!important'))).toEqual([]);
    const selectors = badgeSelectors();
    expect(selectors.length).toBeGreaterThan(0);
    for (const selector of selectors)
      for (const part of selector.split(','))
        expect(part.trim()).toMatch(/^baoxue-badge\[data-baoxue-root\]/);
    // A host element with the badge's old class names and tag-like look gets none of it.
    const probe = document.createElement('span');
    probe.className = 'b warn todo';
    document.body.appendChild(probe);
    expect(badges[0]!.matches(selectors[0]!)).toBe(true);
    expect(selectors.some((s) => probe.matches(s.replace(/::(before|after)$/, '')))).toBe(false);
    probe.remove();
    table.remove();
  });

  it('keeps page text out of markup: a hostile 异动类别 ends up as an attribute, not as elements', () => {
    const { table, rows } = grid(1);
    const hostile = '<img src=x onerror="window.__pwned=1">转学';
    badgeLayer(() => {})(rows[0]!, {
      ...view(0),
      paperwork: { missing: ['<b>监护人书面申请</b>'], known: true, closed: false, label: hostile },
    });
    const badge = table.querySelector(BADGE_TAG)!;
    expect(badge.getAttribute('title')).toContain(hostile);
    expect(badge.querySelector('img, b')).toBeNull();
    expect(badge.childNodes).toHaveLength(0);
    expect(table.textContent).not.toContain('缺'); // the words are painted, not in the cell's text
    expect(badge.getAttribute('data-baoxue-missing')).toBe('<b>监护人书面申请</b>');
    expect(badge.getAttribute('aria-label')).toBe('缺 1 项');
    table.remove();
  });

  it('opens the record of the badge clicked, by mouse or keyboard, without the host row seeing the click', () => {
    const { table, rows } = grid(2);
    const onOpen = vi.fn();
    const rowClick = vi.fn();
    rows[1]!.element.addEventListener('click', rowClick);
    const set = badgeLayer(onOpen);
    for (const [i, r] of rows.entries()) set(r, view(i));
    const badges = table.querySelectorAll<HTMLElement>(BADGE_TAG);
    badges[1]!.click();
    expect(onOpen).toHaveBeenLastCalledWith('id-1');
    expect(rowClick).not.toHaveBeenCalled();
    badges[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(onOpen).toHaveBeenLastCalledWith('id-0');
    expect(badges[0]!.getAttribute('role')).toBe('button');
    expect(badges[0]!.tabIndex).toBe(0);
    table.remove();
  });

  it('takes away the badge of a re-used row that waits for its save, so it opens nothing of the page before', () => {
    const { table, rows } = grid(2);
    const onOpen = vi.fn();
    badgeLayer(onOpen)(rows[0]!, view(0));
    badgeLayer(onOpen)(rows[1]!, view(1));
    // Page 2: the host re-used row 0 for a case the store does not hold yet.
    rows[0]!.keyCell.firstChild!.textContent = 'G2200000000000000';
    removeBadge(rows[0]!);
    expect(rows[0]!.element.querySelector(BADGE_TAG)).toBeNull();
    expect(rows[1]!.element.querySelector(BADGE_TAG)).not.toBeNull(); // other rows keep theirs
    expect(rows[0]!.keyCell.textContent).toBe('G2200000000000000'); // the host's text untouched
    table.remove();
  });

  it('opens the record it was made for even when the page rewrites its id attribute', () => {
    const { table, rows } = grid(2);
    const onOpen = vi.fn();
    const set = badgeLayer(onOpen);
    for (const [i, r] of rows.entries()) set(r, view(i));
    const badge = table.querySelectorAll<HTMLElement>(BADGE_TAG)[0]!;
    badge.setAttribute('data-baoxue-id', 'someone-else');
    badge.click();
    expect(onOpen).toHaveBeenLastCalledWith('id-0');
    table.remove();
  });

  it('made with the ids of its scan, opens each row its own record; a re-used row opens the new page’s', () => {
    const { table, rows } = grid(3);
    const onOpen = vi.fn();
    const set = badgeLayer(onOpen, packIds(['id-0', 'id-1', 'id-2']));
    for (const [i, r] of rows.entries()) set(r, view(i));
    const badges = () => table.querySelectorAll<HTMLElement>(BADGE_TAG);
    badges()[2]!.click();
    expect(onOpen).toHaveBeenLastCalledWith('id-2');
    badges()[0]!.setAttribute('data-baoxue-id', 'id-2');
    badges()[0]!.click();
    expect(onOpen).toHaveBeenLastCalledWith('id-0');
    // The next page re-uses rows 0 and 1 for other records; an id outside the layer's list still opens.
    const next = vi.fn();
    const again = badgeLayer(next, packIds(['id-7', 'id-8']));
    again(rows[0]!, view(7));
    again(rows[1]!, view(9));
    badges()[0]!.click();
    expect(next).toHaveBeenLastCalledWith('id-7');
    badges()[1]!.click();
    expect(next).toHaveBeenLastCalledWith('id-9');
    badges()[2]!.click(); // row 2 was not re-badged: it still opens its own record, through its own layer
    expect(onOpen).toHaveBeenLastCalledWith('id-2');
    table.remove();
  });

  it('reads as a warning with the flags named, or a tick when the store knows nothing against the row', () => {
    const { table, rows } = grid(2);
    const set = badgeLayer(() => {});
    set(rows[0]!, view(0, { flags: ['id-checksum', 'xjh-checksum'] }));
    set(rows[1]!, view(1));
    const [warn, ok] = table.querySelectorAll(BADGE_TAG);
    expect(warn!.getAttribute('aria-label')).toBe('⚠ 2');
    expect(warn!.getAttribute('data-baoxue-tone')).toBe('warn');
    expect(warn!.getAttribute('data-baoxue-flags')).toBe('id-checksum,xjh-checksum');
    expect(warn!.getAttribute('title')).toContain('身份证件号校验码错误');
    expect(ok!.getAttribute('aria-label')).toBe('✓');
    expect(ok!.getAttribute('data-baoxue-tone')).toBe('ok');
    table.remove();
  });

  it('counts a missing 学生流出去向 as one thing still to do: all papers in but no 去向 is not 已齐全', () => {
    const { table, rows } = grid(1);
    const set = badgeLayer(() => {});
    set(
      rows[0]!,
      view(0, {
        flags: ['destination-missing'],
        paperwork: { missing: [], known: true, closed: false, label: '出境学习' },
      }),
    );
    const badge = table.querySelector(BADGE_TAG)!;
    expect(badge.getAttribute('aria-label')).toBe('缺 1 项');
    expect(badge.getAttribute('data-baoxue-tone')).toBe('warn');
    table.remove();
  });
});
