/**
 * 图表: at-risk students by tier over the semester, absences by week and class, 劝返 cases by step, 家访
 * against quota by teacher. Figures from lib/reports/charts; drawn with ECharts (SVG), loaded on demand.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { riskOptions } from '@/lib/derive/refresh';
import { t } from '@/lib/i18n';
import { parseEvents } from '@/lib/records';
import {
  absencesByWeek,
  CLASS_UNKNOWN,
  casesByStep,
  quotaBars,
  TIERS,
  tierLabel,
  tiersByWeek,
  weekEnds,
} from '@/lib/reports/charts';
import { semesterOf } from '@/lib/risk/quotas';
import { parseSettings } from '@/lib/settings/settings';
import { settings$ } from '@/lib/settings/store';
import { todayString } from '@/lib/time/day';
import type { EChartsOption } from './echarts';
import { useReportData } from './useReportData';

function Chart({
  name,
  title,
  option,
  points,
}: {
  name: string;
  title: string;
  option: EChartsOption;
  points: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  // Redrawn when the figures change, not on every render.
  const figures = JSON.stringify(option);
  useEffect(() => {
    let chart: { dispose(): void } | undefined;
    let gone = false;
    void import('./echarts').then(({ init }) => {
      if (gone || !el.current) return;
      const c = init(el.current, undefined, { renderer: 'svg' });
      c.setOption({ title: { text: title, textStyle: { fontSize: 14 } }, tooltip: {}, ...option });
      chart = c;
    });
    return () => {
      gone = true;
      chart?.dispose();
    };
  }, [title, figures]);
  return (
    <div class="chart" ref={el} data-chart={name} data-points={points} style="height:280px;max-width:720px" />
  );
}

const DEFAULT_SETTINGS = parseSettings(undefined);

export function ChartsView({ db }: { db: BaoxueDatabase }) {
  const { students, events } = useReportData(db);
  // The school's own ladder, calendar and term start, as the 风险名单 counts them.
  const settings = useRx(() => settings$(db), [db], DEFAULT_SETTINGS);
  const absences = useRx(() => db.events.find({ selector: { kind: 'absence' } }).$, [db], []);
  const marks = useMemo(() => parseEvents(absences.map((d) => d.toJSON())), [absences]);
  const today = todayString();
  const { from, to } = semesterOf(today);
  const weeks = useMemo(() => weekEnds(from, today), [from, today]);
  const tiers = useMemo(
    () => tiersByWeek(students, [...events, ...marks], weeks, riskOptions(settings)),
    [students, events, marks, weeks, settings],
  );
  const byClass = useMemo(() => absencesByWeek(students, marks, weeks), [students, marks, weeks]);
  const steps = useMemo(() => casesByStep(events), [events]);
  const quotas = useMemo(() => quotaBars(events, from, to), [events, from, to]);
  const axis = (data: string[]) => ({ type: 'category' as const, data });
  return (
    <section class="charts">
      <Chart
        name="tiers"
        title={t('chart_tiers')}
        points={tiers.reduce((n, w) => n + TIERS.reduce((m, k) => m + w.counts[k], 0), 0)}
        option={{
          legend: { top: 24 },
          xAxis: axis(tiers.map((w) => w.week.slice(5))),
          yAxis: { type: 'value', minInterval: 1 },
          series: TIERS.map((k) => ({
            name: t(tierLabel(k)),
            type: 'line',
            data: tiers.map((w) => w.counts[k]),
          })),
        }}
      />
      <Chart
        name="absences"
        title={t('chart_absences')}
        points={byClass.classes.reduce((n, c) => n + byClass.series[c]!.reduce((a, b) => a + b, 0), 0)}
        option={{
          legend: { top: 24, type: 'scroll' },
          xAxis: axis(weeks.map((w) => w.slice(5))),
          yAxis: { type: 'value' },
          series: byClass.classes.map((c) => ({
            name: c === CLASS_UNKNOWN ? t(CLASS_UNKNOWN) : c,
            type: 'bar',
            stack: 'days',
            data: byClass.series[c],
          })),
        }}
      />
      <Chart
        name="cases"
        title={t('chart_cases')}
        points={steps.reduce((n, s) => n + s.count, 0)}
        option={{
          xAxis: axis(steps.map((s) => t(s.label))),
          yAxis: { type: 'value', minInterval: 1 },
          series: [{ type: 'bar', data: steps.map((s) => s.count) }],
        }}
      />
      <Chart
        name="quotas"
        title={t('chart_quotas')}
        points={quotas.reduce((n, q) => n + q.visits, 0)}
        option={{
          legend: { top: 24 },
          xAxis: axis(quotas.map((q) => q.teacher)),
          yAxis: { type: 'value', minInterval: 1 },
          series: [
            { name: t('chart_visits'), type: 'bar', data: quotas.map((q) => q.visits) },
            { name: t('chart_quota'), type: 'bar', data: quotas.map((q) => q.quota) },
          ],
        }}
      />
    </section>
  );
}
