/** A small badge beside each row the store knows: identifier problems now, paperwork and risk later. */
import { t } from '@/lib/i18n';
import { flagLabel } from './flag-labels';
import { shadowHost } from './shadow';

const BADGE_CSS = `
.b { display: inline-block; white-space: nowrap; margin-left: 4px; padding: 0 5px; border-radius: 8px;
  font: 11px/16px system-ui, sans-serif; background: #dcfce7; color: #166534; cursor: pointer; border: 0; }
.b.warn { background: #fee2e2; color: #991b1b; }
.b.todo { background: #fef3c7; color: #92400e; }
`;

/** For a case: its paperwork (the badge then reads 缺 N 项 / 已齐全 / 未知异动类型). */
export interface BadgePaperwork {
  missing: string[];
  known: boolean;
  /** Refused or withdrawn in the host system: nothing is needed any more. */
  closed: boolean;
  label: string;
}

const PROBLEM =
  /^(id-|xjh-|source-|paperwork-overdue|transfer-not-allowed|transfer-grade-change|suspension-expired|suspension-over-limit|destination-|unknown-change-type|deadline-unknown)/;

export function setBadge(
  row: { element: Element; keyCell?: Element },
  xjh: string,
  flags: string[],
  onOpen: () => void,
  paperwork?: BadgePaperwork,
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
  if (paperwork) host.dataset.baoxueMissing = paperwork.missing.join(',');
  else delete host.dataset.baoxueMissing;
  const button = host.shadowRoot!.querySelector('button')!;
  const problems = flags.filter((f) => PROBLEM.test(f));
  if (paperwork) {
    // Red when a step is overdue or the case breaks a rule; amber while documents are still due.
    button.className = problems.length ? 'b warn' : paperwork.missing.length ? 'b todo' : 'b';
    button.textContent = !paperwork.known
      ? t('pw_unknown_type_short')
      : paperwork.closed
        ? t('pw_not_needed')
        : paperwork.missing.length
          ? t('pw_missing_n', paperwork.missing.length)
          : t('pw_complete');
    button.title = [paperwork.label, ...paperwork.missing, ...flags.map(flagLabel)].join('；');
  } else {
    button.className = flags.length ? 'b warn' : 'b';
    button.textContent = flags.length ? `⚠ ${flags.length}` : '✓';
    button.title = flags.length ? flags.map(flagLabel).join('；') : '';
  }
  button.onclick = (e) => {
    e.stopPropagation(); // the host grid must not treat it as a row click
    onOpen();
  };
}
