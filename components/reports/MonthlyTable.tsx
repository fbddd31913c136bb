/**
 * The monthly report's table: the same rows the xlsx and the print carry, each rate's header marked (¹²³)
 * and its definition and source right under the table; in March and September the 控辍月 and what the seeds
 * ask for in it.
 */
import { t } from '@/lib/i18n';
import type { MonthlyReport } from '@/lib/reports/monthly';
import { monthlyColumns, monthlyRows } from '@/lib/reports/xlsx';

const RATE_DEFINITION: Record<string, number> = { dropoutRate: 1, returnRate: 2, retentionRate: 3 };

export function MonthlyTable({ report }: { report: MonthlyReport }) {
  const columns = monthlyColumns(t);
  const definitions = report.definitions.map((d) => t(d.key, ...d.params));
  const titleOf = (key: string) => {
    const i = RATE_DEFINITION[key];
    return i === undefined ? undefined : definitions[i];
  };
  return (
    <>
      {report.campaign && (
        <section class="campaign" data-testid="campaign" data-month={report.campaign.month}>
          <p>
            <strong>{t('report_campaign', report.campaign.month)}</strong>
          </p>
          <ul>
            {report.campaign.asks.map((k) => (
              <li key={k}>{t(k)}</li>
            ))}
          </ul>
        </section>
      )}
      <table class="data" data-testid="monthly">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} data-col={c.key} title={titleOf(c.key)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthlyRows(report, t).map((r) => (
            <tr key={String(r.unit)} data-unit={String(r.unit)}>
              {columns.map((c) => (
                <td key={c.key} data-col={c.key} title={titleOf(c.key)}>
                  {String(r[c.key] ?? '')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="no-dropout">
        {t('report_no_dropout', report.classesWithoutDropout.join('、') || t('report_none'))}
      </p>
      <section class="definitions" data-testid="definitions">
        <h3>{t('report_def_heading')}</h3>
        {definitions.map((text, i) => (
          <p key={report.definitions[i]!.key} data-definition={report.definitions[i]!.key}>
            {text}
          </p>
        ))}
      </section>
    </>
  );
}
