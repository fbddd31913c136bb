/**
 * 批量登记 on a case's 手续清单 (issue 15): every missing document of this case at once, or one document for
 * this case and the other cases still missing it (a registrar collects the 转学申请表 of several children in
 * one afternoon). One `documents/tick` command: all items checked, all recorded, or none.
 */
import { useState } from 'preact/hooks';
import { errorText } from '@/lib/errors';
import { t, tx } from '@/lib/i18n';
import { command } from '@/lib/messaging-client';
import type { Checklist } from '@/lib/paperwork/checklist';
import type { CaseCheck } from '@/lib/paperwork/checks';
import { DESTINATION_CODE } from '@/lib/paperwork/destination';
import { documentText } from '@/lib/paperwork/rules';
import type { StatusChangeCase } from '@/lib/records';

export type BulkItem = { caseId: string; doc: string };

/** What a checklist needs to tick in bulk: the other cases (to offer) and the writer. */
export interface Bulk {
  others: CaseCheck[];
  tick: (items: BulkItem[], note: string) => Promise<unknown>;
}

/** The dashboard's bulk writer: one command in the worker, which stamps who ticked. */
export const bulkTick = (others: Iterable<CaseCheck>): Bulk => ({
  others: [...others],
  tick: (items, note) => command('documents/tick', { items, note }),
});

// The 去向 needs a place (destination/record), never a bare tick.
const tickable = (list: Checklist) => list.missing.filter((d) => d.code !== DESTINATION_CODE);

export function BulkTick({
  c,
  list,
  bulk,
  note,
  onDone,
}: {
  c: StatusChangeCase;
  list: Checklist;
  bulk: Bulk;
  /** The checklist's 备注, recorded on every receipt of the batch. */
  note: string;
  onDone: () => void;
}) {
  const missing = tickable(list);
  const [doc, setDoc] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const code = missing.some((d) => d.code === doc) ? doc : (missing[0]?.code ?? '');
  // The other cases still collecting this document (closed cases are done with their paperwork).
  const alsoMissing = bulk.others.filter(
    (x) => x.c.id !== c.id && x.list.stage !== 'closed' && tickable(x.list).some((d) => d.code === code),
  );
  if (list.stage === 'closed') return null;

  async function run(items: BulkItem[]) {
    setMessage(null);
    try {
      await bulk.tick(items, note);
      setChosen(new Set());
      setMessage({ ok: true, text: t('pw_bulk_done', items.length) });
      onDone();
    } catch (e) {
      setMessage({ ok: false, text: t('error_prefix', errorText(e)) });
    }
  }
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const picked = alsoMissing.filter((x) => chosen.has(x.c.id));
  const said = message && (
    <p class={message.ok ? 'who' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="bulk-message">
      {message.text}
    </p>
  );
  // Nothing left to tick: only what the last batch did.
  if (!missing.length) return said || null;

  return (
    <details class="bulk" data-testid="bulk-tick">
      <summary>{t('pw_bulk_title')}</summary>
      {missing.length > 1 && (
        <p>
          <button
            type="button"
            data-testid="bulk-all-missing"
            onClick={() => void run(missing.map((d) => ({ caseId: c.id, doc: d.code })))}
          >
            {t('pw_bulk_all_missing', missing.length)}
          </button>
        </p>
      )}
      <label>
        {t('pw_bulk_doc')}{' '}
        <select
          value={code}
          onChange={(e) => {
            setDoc(e.currentTarget.value);
            setChosen(new Set());
          }}
        >
          {missing.map((d) => (
            <option key={d.code} value={d.code}>
              {tx(documentText(d.name))}
            </option>
          ))}
        </select>
      </label>
      {alsoMissing.length ? (
        <>
          <p class="who">{t('pw_bulk_cases_hint')}</p>
          <ul data-testid="bulk-cases">
            {alsoMissing.map((x) => (
              <li key={x.c.id} data-case={x.c.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.has(x.c.id)}
                    onChange={(e) => toggle(x.c.id, e.currentTarget.checked)}
                  />
                  {x.c.name}（{x.c.className}） · {x.c.changeType} · {x.c.appliedDate}
                </label>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="who">{t('pw_bulk_none_other')}</p>
      )}
      <button
        type="button"
        data-testid="bulk-tick-selected"
        disabled={!code}
        onClick={() => void run([c, ...picked.map((x) => x.c)].map((k) => ({ caseId: k.id, doc: code })))}
      >
        {picked.length ? t('pw_bulk_tick_selected', picked.length) : t('pw_bulk_tick_only')}
      </button>
      {said}
    </details>
  );
}
