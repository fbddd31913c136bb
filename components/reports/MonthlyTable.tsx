/** The monthly report's table: the same rows the xlsx and the print carry. */
import { t } from '@/lib/i18n';
import type { MonthlyReport } from '@/lib/reports/monthly';
import { MONTHLY_COLUMNS, monthlyRows } from '@/lib/reports/xlsx';

export function MonthlyTable({ report }: { report: MonthlyReport }) {
  return (
    <>
      <table class="data" data-testid="monthly">
        <thead>
          <tr>
            {MONTHLY_COLUMNS.map((c) => (
              <th key={c.key}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthlyRows(report).map((r) => (
            <tr key={String(r.unit)} data-unit={String(r.unit)}>
              {MONTHLY_COLUMNS.map((c) => (
                <td key={c.key}>{String(r[c.key] ?? '')}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="no-dropout">
        {t('report_no_dropout', report.classesWithoutDropout.join('、') || t('report_none'))}
      </p>
    </>
  );
}
