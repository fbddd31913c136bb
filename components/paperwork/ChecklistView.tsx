/**
 * One case's 手续清单: each document with its provider, received (by whom, when, note) or missing, the
 * deadline, and a tick per document. Used by the overlay panel and the dashboard; it only shows and asks,
 * the caller writes (a tick is an append-only event).
 */
import { useEffect, useState } from 'preact/hooks';
import { flagLabel } from '@/components/overlay/flag-labels';
import { errorText } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { type MessageKey, t, tx } from '@/lib/i18n';
import type { Checklist } from '@/lib/paperwork/checklist';
import { DESTINATION_CODE, DESTINATION_KINDS, type DestinationKind } from '@/lib/paperwork/destination';
import { documentText } from '@/lib/paperwork/rules';
import type { StatusChangeCase } from '@/lib/records';
import { type Bulk, BulkTick } from './BulkTick';
import { basisKeys } from './basis';

export const CHECKLIST_CSS = `
.checklist ul { list-style: none; padding: 0; margin: 6px 0; }
.checklist li { display: flex; gap: 6px; align-items: baseline; padding: 3px 0; border-bottom: 1px dashed #e2e8f0; flex-wrap: wrap; }
.checklist li .name { flex: 1; min-width: 10em; }
.checklist li.missing .name { color: #b91c1c; font-weight: 600; }
.checklist li.ok .name { color: #166534; }
.checklist .who { color: #64748b; font-size: 12px; }
.checklist .due.overdue { color: #b91c1c; font-weight: 600; }
.checklist .inputs { display: flex; gap: 6px; margin: 6px 0; flex-wrap: wrap; }
.checklist .inputs input { font: inherit; padding: 1px 4px; width: 9em; }
.checklist .error { color: #b91c1c; }
.checklist .warnings { color: #b91c1c; margin: 4px 0; padding-left: 1.2em; }
.checklist .destination { margin: 6px 0; display: flex; gap: 6px; flex-wrap: wrap; align-items: baseline; }
.checklist .destination input { font: inherit; padding: 1px 4px; width: 12em; }
.checklist .bulk { margin: 6px 0; }
.checklist .bulk ul li { border-bottom: none; }
`;

/** Where the child went (学生流出去向), on the `destination` entry. */
export type DestinationInput = { kind: DestinationKind; place: string };

/** Ticks a document (a command in the worker, which stamps who ticked it: never typed here). */
export type Tick = (
  doc: string,
  state: 'received' | 'withdrawn',
  note: string,
  destination?: DestinationInput,
) => Promise<void>;

/** Flags a registrar must act on, shown above the documents (the badge's red). */
const WARNINGS =
  /^(transfer-not-allowed|transfer-grade-change|suspension-expired|suspension-over-limit|destination-)/;
const KINDS = DESTINATION_KINDS.filter((k) => k !== 'deceased');

export function ChecklistView({
  c,
  list,
  verifier,
  onTick,
  printHref,
  bulk,
}: {
  c: StatusChangeCase;
  list: Checklist;
  /** Who ticks on this device (the signed-in user or the 本机使用者), shown; '' when nobody is set. */
  verifier: string;
  onTick: Tick;
  printHref?: string;
  /** 批量登记 (the dashboard): every missing document at once, or one for several cases. */
  bulk?: Bulk;
}) {
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [destKind, setDestKind] = useState<DestinationKind>(
    list.destination?.kind ?? (list.ruleType === '出境学习' ? 'abroad' : 'school'),
  );
  const [destPlace, setDestPlace] = useState('');
  // The same view shows the next case opened: its 去向 starts from that case, not the last one's.
  useEffect(() => {
    setDestKind(list.destination?.kind ?? (list.ruleType === '出境学习' ? 'abroad' : 'school'));
    setDestPlace('');
  }, [c.id]);
  if (!list.ruleType) return <p class="checklist error">{t('pw_unknown_type', c.changeType)}</p>;

  async function tick(doc: string, state: 'received' | 'withdrawn', destination?: DestinationInput) {
    setError('');
    try {
      await onTick(doc, state, note.trim(), destination);
      setNote('');
      setDestPlace('');
    } catch (e) {
      setError(t('error_prefix', errorText(e)));
    }
  }
  const warnings = list.flags.filter((f) => WARNINGS.test(f));
  const dest = list.destination;

  return (
    <div
      class="checklist"
      data-baoxue-checklist={c.id}
      data-baoxue-missing={list.missing.map((d) => d.name).join(',')}
    >
      <strong>{t('pw_title')}</strong>{' '}
      {list.stage === 'closed' ? (
        <span class="who">{t('pw_stage_closed')}</span>
      ) : list.due ? (
        <span class={list.overdue ? 'due overdue' : 'due'}>
          {list.overdue ? t('pw_overdue', list.due) : t('pw_due', list.due)}
        </span>
      ) : (
        <span class="who">
          {list.flags.includes('deadline-unknown') ? t('pw_deadline_unknown') : t('pw_no_deadline')}
        </span>
      )}
      <div class="inputs">
        {verifier ? (
          <span class="who" data-testid="verifier">
            {t('author_line', verifier)}
          </span>
        ) : (
          <span class="error" data-testid="verifier-missing">
            {t('author_missing')}
          </span>
        )}
        <input
          value={note}
          placeholder={t('pw_note')}
          onInput={(e) => setNote(e.currentTarget.value)}
          aria-label={t('pw_note')}
        />
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {warnings.length > 0 && (
        <ul class="warnings" data-baoxue-warnings={warnings.join(',')}>
          {warnings.map((f) => (
            <li key={f}>{flagLabel(f)}</li>
          ))}
        </ul>
      )}
      {list.suspensionEnds && (
        <p class="who" data-baoxue-suspension-ends={list.suspensionEnds}>
          {t('pw_suspension_ends', list.suspensionEnds)}
          {list.suspensionEndFrom === 'assumed' && t('pw_suspension_end_assumed')}
        </p>
      )}
      {list.leaves && (
        <div class="destination" data-baoxue-destination={dest ? `${dest.kind}:${dest.place}` : ''}>
          <strong>{t('pw_dest_title')}</strong>
          <span class={dest ? '' : 'error'}>
            {dest
              ? dest.place
                ? t('pw_dest_with_place', t(`pw_dest_${dest.kind}` as MessageKey), dest.place)
                : t(`pw_dest_${dest.kind}` as MessageKey)
              : t('pw_dest_missing')}
            {dest?.from === 'host' && dest.kind !== 'deceased' && t('pw_dest_from_host')}
            {dest?.from === 'registrar' && dest.by && t('pw_dest_by', dest.by)}
          </span>
          {dest?.kind !== 'deceased' && (
            <>
              <select
                aria-label={t('pw_dest_kind')}
                value={destKind}
                onChange={(e) => setDestKind(e.currentTarget.value as DestinationKind)}
              >
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`pw_dest_${k}` as MessageKey)}
                  </option>
                ))}
              </select>
              <input
                aria-label={t('pw_dest_place')}
                placeholder={t('pw_dest_place')}
                value={destPlace}
                onInput={(e) => setDestPlace(e.currentTarget.value)}
              />
              <button
                type="button"
                onClick={() =>
                  void tick(DESTINATION_CODE, 'received', { kind: destKind, place: destPlace.trim() })
                }
              >
                {t('pw_dest_save')}
              </button>
            </>
          )}
        </div>
      )}
      <ul>
        {list.items.map(({ doc, receipt }) => (
          <li key={doc.code} class={receipt ? 'ok' : doc.mandatory ? 'missing' : ''} data-doc={doc.code}>
            <span class="name">
              {receipt ? '✓ ' : '□ '}
              {tx(documentText(doc.name))}
              {!doc.mandatory && t('pw_optional')}
            </span>
            <span class="who">{t(`pw_provider_${doc.provider}` as MessageKey)}</span>
            {receipt ? (
              <>
                <span class="who">
                  {t('pw_received_by', receipt.by, formatDateTime(receipt.at))}
                  {receipt.note && ` · ${receipt.note}`}
                </span>
                <button type="button" onClick={() => void tick(doc.code, 'withdrawn')}>
                  {t('pw_withdraw')}
                </button>
              </>
            ) : (
              <button
                type="button"
                onClick={() => void tick(doc.code, 'received')}
                aria-label={`${t('pw_mark_received')}：${tx(documentText(doc.name))}`}
              >
                {t('pw_mark_received')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {bulk && <BulkTick c={c} list={list} bulk={bulk} note={note.trim()} onDone={() => setNote('')} />}
      {basisKeys(list).map((k) => (
        <p key={k} class="who basis" data-testid="basis">
          {t(k)}
        </p>
      ))}
      {printHref && (
        <a href={printHref} target="_blank" rel="noopener">
          {t('pw_print')}
        </a>
      )}
    </div>
  );
}
