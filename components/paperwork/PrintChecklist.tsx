/** 转学手续清单 for the paper 学籍档案: school, student, each document and its state; print-ready A4. */
import { useEffect, useState } from 'preact/hooks';
import { getDatabase } from '@/lib/db/database';
import { formatDateTime } from '@/lib/format';
import { type MessageKey, t, tx } from '@/lib/i18n';
import type { ChecklistResult } from '@/lib/messaging';
import { documentText } from '@/lib/paperwork/rules';
import { caseChecklist } from '@/lib/paperwork/store';
import { identityHiddenFor } from '@/lib/students/officeOnly';
import { readAccountSetting } from '@/lib/sync/account';
import { basisKeys } from './basis';

export function PrintChecklist({ caseId }: { caseId: string }) {
  const [data, setData] = useState<ChecklistResult | null>();
  // A teacher's device holds no 学籍号: the print says who may see it, not a blank (lib/students/officeOnly.ts).
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    getDatabase()
      .then(async (db) => {
        setHidden(identityHiddenFor(await readAccountSetting(db)));
        return caseChecklist(db, caseId);
      })
      .then(setData, () => setData(null));
  }, [caseId]);
  if (data === undefined) return null;
  const c = data?.case;
  const list = data?.checklist;
  if (!c || !list?.ruleType) return <p>{t('print_not_found')}</p>;
  const title = /转/.test(list.ruleType) ? t('print_title') : t('print_title_generic');
  document.title = `${title} · ${c.name}`;
  return (
    <main data-baoxue-print={c.id}>
      <h1>{title}</h1>
      <p>{t('print_school', data.schoolName || c.fromSchool || '________________')}</p>
      <p>{t('print_student', c.name, c.xjh || (hidden ? t('xjh_office_only') : ''), c.className)}</p>
      <p>{t('print_case', c.changeType, c.appliedDate, c.reviewStatus)}</p>
      {list.due && <p>{list.overdue ? t('pw_overdue', list.due) : t('pw_due', list.due)}</p>}
      <table>
        <thead>
          <tr>
            <th>{t('print_doc')}</th>
            <th>{t('print_provider')}</th>
            <th>{t('print_required')}</th>
            <th>{t('print_state')}</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map(({ doc, receipt }) => (
            <tr key={doc.code} class={receipt ? '' : 'missing'}>
              <td>{tx(documentText(doc.name))}</td>
              <td>{t(`pw_provider_${doc.provider}` as MessageKey)}</td>
              <td>{doc.mandatory ? t('yes') : t('no')}</td>
              <td>
                {receipt ? t('print_received', receipt.by, formatDateTime(receipt.at)) : t('print_missing')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.leaves && (
        <p
          data-baoxue-destination={
            list.destination ? `${list.destination.kind}:${list.destination.place}` : ''
          }
        >
          {t('pw_dest_title')}：
          {list.destination
            ? list.destination.place
              ? t(
                  'pw_dest_with_place',
                  t(`pw_dest_${list.destination.kind}` as MessageKey),
                  list.destination.place,
                )
              : t(`pw_dest_${list.destination.kind}` as MessageKey)
            : t('pw_dest_missing')}
        </p>
      )}
      {basisKeys(list).map((k) => (
        <p key={k} class="source">
          {t(k)}
        </p>
      ))}
      <p>{t('print_generated', formatDateTime(Date.now()))}</p>
      <p class="actions">
        <button type="button" onClick={() => window.print()}>
          {t('print_button')}
        </button>
      </p>
    </main>
  );
}
