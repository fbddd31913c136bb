/** 学校月报 on A4, from the store: the same figures as the dashboard and the xlsx. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getDatabase } from '@/lib/db/database';
import type { BaoxueDatabase } from '@/lib/db/types';
import { t } from '@/lib/i18n';
import { monthlyReport } from '@/lib/reports/monthly';
import { readSettings } from '@/lib/settings/store';
import { MonthlyTable } from './MonthlyTable';
import { useReportData } from './useReportData';

export function PrintMonthly({ month }: { month: string }) {
  const [db, setDb] = useState<BaoxueDatabase>();
  const [school, setSchool] = useState('');
  useEffect(() => {
    void getDatabase().then(async (d) => {
      setSchool((await readSettings(d)).schoolName);
      setDb(d);
    });
  }, []);
  if (!/^\d{4}-\d{2}$/.test(month)) return <p class="msg error">{t('report_bad_month', month)}</p>;
  return db ? <Report db={db} month={month} school={school || t('report_school_unnamed')} /> : null;
}

function Report({ db, month, school }: { db: BaoxueDatabase; month: string; school: string }) {
  const { students, events, cases, changes, options } = useReportData(db);
  const report = useMemo(
    () => monthlyReport({ students, events, cases, changes }, month, options),
    [students, events, cases, changes, month, options],
  );
  useEffect(() => {
    document.title = t('report_title', school, month);
  }, [school, month]);
  return (
    <main class="sheet" data-testid="print-monthly" data-ready={students.length > 0 ? '1' : '0'}>
      <h1>{t('report_title', school, month)}</h1>
      <MonthlyTable report={report} />
      <p class="sign">{t('report_sign')}</p>
    </main>
  );
}
