/** The panel a badge opens: what the store holds for this student or case, its problems and changes. */

import { CHECKLIST_CSS, ChecklistView, type Tick } from '@/components/paperwork/ChecklistView';
import { sexText } from '@/lib/capture/normalize';
import { formatDateTime } from '@/lib/format';
import { type MessageKey, t, tx } from '@/lib/i18n';
import type { ChecklistResult, RecordResult } from '@/lib/messaging';
import type { StatusChangeCase, Student } from '@/lib/records';
import { changeSummaryText } from '@/lib/roll/changeText';
import { flagLabel } from './flag-labels';
import { pageKindLabel } from './StatusStrip';

export const PANEL_CSS = `
.panel { position: fixed; top: 12px; right: 12px; width: 360px; max-height: calc(100vh - 90px); overflow: auto;
  z-index: 2147483647; background: #fff; color: #1f2937; border: 1px solid #94a3b8; border-radius: 8px;
  box-shadow: 0 4px 16px rgba(0,0,0,.2); font: 13px/1.6 system-ui, "Microsoft YaHei", sans-serif; padding: 10px 12px; }
.panel h3 { margin: 0 0 6px; font-size: 15px; display: flex; justify-content: space-between; align-items: center; }
.panel dl { display: grid; grid-template-columns: 7em 1fr; margin: 0; gap: 2px 8px; }
.panel dt { color: #64748b; }
.panel dd { margin: 0; word-break: break-all; }
.panel .problems { color: #b91c1c; }
.panel .ok { color: #166534; }
.panel ul { padding-left: 18px; margin: 4px 0; }
.panel button { font: inherit; border: 1px solid #94a3b8; border-radius: 4px; background: #fff; cursor: pointer; }
.muted { color: #64748b; font-size: 12px; }
${CHECKLIST_CSS}
`;

type Row = [MessageKey, string];

function studentRows(s: Student): Row[] {
  return [
    ['col_xjh', s.xjh],
    ['col_name', s.name],
    ['col_sex', tx(sexText(s.sex))],
    ['col_birth', s.birthDate],
    ['col_id_number', s.idNumber],
    ['col_grade', s.grade],
    ['col_class', s.className],
    ['col_on_roll', s.onRoll ? t('yes') : t('no')],
    ...(s.specialGroups ? ([['col_special_groups', s.specialGroups.join('、') || '—']] as Row[]) : []),
    ...(s.phone ? ([['col_phone', s.phone]] as Row[]) : []),
  ];
}

function caseRows(c: StatusChangeCase): Row[] {
  return [
    ['col_xjh', c.xjh],
    ['col_name', c.name],
    ['col_class', c.className],
    ['col_change_type', c.changeType],
    ['col_reason', c.reason],
    ['col_applied', c.appliedDate],
    ['col_review', c.reviewStatus],
    ['col_current_unit', c.currentUnit],
    ['col_from_school', c.fromSchool],
    ['col_to_school', c.toSchool],
  ];
}

export function RecordPanel({
  family,
  result,
  checklist,
  onTick,
  onPrint,
  onClose,
}: {
  family: 'students' | 'cases';
  result: RecordResult;
  /** For a case: its paperwork, ticked from here. */
  checklist?: ChecklistResult;
  onTick?: Tick;
  onPrint?: () => void;
  onClose: () => void;
}) {
  const r = result.record;
  // A case's paperwork flags are computed as of today, not stored.
  const flags = [...new Set([...(r?.flags ?? []), ...(checklist?.checklist?.flags ?? [])])].sort();
  return (
    <div class="panel" role="dialog" data-baoxue-panel={r?.id ?? ''}>
      <h3>
        {t(family === 'students' ? 'panel_student' : 'panel_case')}
        <button type="button" onClick={onClose}>
          {t('panel_close')}
        </button>
      </h3>
      {!r ? (
        <p>{t('panel_not_found')}</p>
      ) : (
        <>
          <dl>
            {(family === 'students' ? studentRows(r as Student) : caseRows(r as StatusChangeCase)).map(
              ([k, v]) => (
                <>
                  <dt>{t(k)}</dt>
                  <dd>{v}</dd>
                </>
              ),
            )}
          </dl>
          {checklist?.case && checklist.checklist && onTick && (
            <ChecklistView
              c={checklist.case}
              list={checklist.checklist}
              verifier={checklist.verifier}
              onTick={onTick}
            />
          )}
          {checklist?.checklist?.ruleType && onPrint && (
            <button type="button" onClick={onPrint}>
              {t('pw_print')}
            </button>
          )}
          {flags.length ? (
            <ul class="problems">
              {flags.map((f) => (
                <li key={f}>{flagLabel(f)}</li>
              ))}
            </ul>
          ) : (
            <p class="ok">{t('panel_no_problems')}</p>
          )}
          {result.changes.length > 0 && (
            <>
              <div class="muted">{t('panel_recent_changes')}</div>
              <ul>
                {result.changes.map((c) => (
                  <li key={c.id}>
                    {formatDateTime(c.at)} ·{' '}
                    {t(`change_${c.kind.replace(/-/g, '_')}` as MessageKey, changeSummaryText(c, tx))}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p class="muted">
            {t('panel_source', pageKindLabel(r.source.pageKind), formatDateTime(r.source.seenAt))}
          </p>
        </>
      )}
    </div>
  );
}
