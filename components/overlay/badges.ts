/** A small badge beside each row the store knows: identifier problems now, paperwork and risk later. */
import { flagLabel } from './flag-labels';
import { shadowHost } from './shadow';

const BADGE_CSS = `
.b { display: inline-block; white-space: nowrap; margin-left: 4px; padding: 0 5px; border-radius: 8px; font: 11px/16px system-ui, sans-serif;
  background: #dcfce7; color: #166534; cursor: default; }
.b.warn { background: #fee2e2; color: #991b1b; }
`;

export function setBadge(row: { element: Element; keyCell?: Element }, id: string, flags: string[]): void {
  const cell = row.keyCell ?? row.element.querySelector('td');
  if (!cell) return;
  let host = cell.querySelector(':scope > baoxue-badge') as HTMLElement | null;
  if (!host) {
    const made = shadowHost('baoxue-badge', BADGE_CSS);
    made.root.appendChild(document.createElement('span'));
    host = made.host;
    cell.appendChild(host);
  }
  host.dataset.baoxueXjh = id;
  host.dataset.baoxueFlags = flags.join(',');
  const span = host.shadowRoot!.querySelector('span')!;
  span.className = flags.length ? 'b warn' : 'b';
  span.textContent = flags.length ? `⚠ ${flags.length}` : '✓';
  span.title = flags.length ? flags.map(flagLabel).join('；') : '';
}
