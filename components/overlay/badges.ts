/** A small badge beside each row the store knows: identifier problems now, paperwork and risk later. */
import { flagLabel } from './flag-labels';
import { shadowHost } from './shadow';

const BADGE_CSS = `
.b { display: inline-block; white-space: nowrap; margin-left: 4px; padding: 0 5px; border-radius: 8px;
  font: 11px/16px system-ui, sans-serif; background: #dcfce7; color: #166534; cursor: pointer; border: 0; }
.b.warn { background: #fee2e2; color: #991b1b; }
`;

export function setBadge(
  row: { element: Element; keyCell?: Element },
  xjh: string,
  flags: string[],
  onOpen: () => void,
): void {
  const cell = row.keyCell ?? row.element.querySelector('td');
  if (!cell) return;
  let host = cell.querySelector(':scope > baoxue-badge') as HTMLElement | null;
  if (!host) {
    const made = shadowHost('baoxue-badge', BADGE_CSS);
    const button = document.createElement('button');
    button.type = 'button';
    made.root.appendChild(button);
    host = made.host;
    cell.appendChild(host);
  }
  host.dataset.baoxueXjh = xjh;
  host.dataset.baoxueFlags = flags.join(',');
  const button = host.shadowRoot!.querySelector('button')!;
  button.className = flags.length ? 'b warn' : 'b';
  button.textContent = flags.length ? `⚠ ${flags.length}` : '✓';
  button.title = flags.length ? flags.map(flagLabel).join('；') : '';
  button.onclick = (e) => {
    e.stopPropagation(); // the host grid must not treat it as a row click
    onOpen();
  };
}
