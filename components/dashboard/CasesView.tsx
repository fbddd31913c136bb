import { useMemo, useState } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/database';
import { t } from '@/lib/i18n';
import type { StatusChangeCase } from '@/lib/records';

export function CasesView({ db }: { db: BaoxueDatabase }) {
  const docs = useRx(() => db.cases.find({ sort: [{ updatedAt: 'desc' }] }).$, [db], []);
  const cases = useMemo(() => docs.map((d) => d.toJSON() as StatusChangeCase), [docs]);
  const [q, setQ] = useState('');
  const [type, setType] = useState('');
  const [state, setState] = useState('');
  const types = useMemo(() => [...new Set(cases.map((c) => c.changeType))].sort(), [cases]);
  const states = useMemo(() => [...new Set(cases.map((c) => c.reviewStatus))].sort(), [cases]);
  const shown = cases.filter(
    (c) =>
      (!type || c.changeType === type) &&
      (!state || c.reviewStatus === state) &&
      (!q || [c.name, c.xjh, c.className, c.toSchool, c.fromSchool].some((v) => v.includes(q.trim()))),
  );
  if (cases.length === 0) return <p class="empty">{t('dash_empty')}</p>;
  return (
    <section>
      <div class="filters">
        <input
          type="search"
          placeholder={t('dash_search')}
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
          aria-label={t('dash_search')}
        />
        <select
          value={type}
          onChange={(e) => setType(e.currentTarget.value)}
          aria-label={t('col_change_type')}
        >
          <option value="">{t('dash_filter_all_types')}</option>
          {types.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
        <select value={state} onChange={(e) => setState(e.currentTarget.value)} aria-label={t('col_review')}>
          <option value="">{t('dash_filter_all_states')}</option>
          {states.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
        <span class="count" data-testid="case-count">
          {t('dash_count', cases.length, shown.length)}
        </span>
      </div>
      <table class="data" data-testid="cases">
        <thead>
          <tr>
            <th>{t('col_xjh')}</th>
            <th>{t('col_name')}</th>
            <th>{t('col_class')}</th>
            <th>{t('col_change_type')}</th>
            <th>{t('col_applied')}</th>
            <th>{t('col_review')}</th>
            <th>{t('col_from_school')}</th>
            <th>{t('col_to_school')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.id} data-id={c.id}>
              <td class="mono">{c.xjh}</td>
              <td>{c.name}</td>
              <td>{c.className}</td>
              <td>{c.changeType}</td>
              <td>{c.appliedDate}</td>
              <td>{c.reviewStatus}</td>
              <td>{c.fromSchool}</td>
              <td>{c.toSchool}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
