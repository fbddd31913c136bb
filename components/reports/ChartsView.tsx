/**
 * 图表: at-risk students by tier over the semester, absences by week and class, 劝返 cases by step, 家访
 * against quota by teacher. Figures from lib/reports/charts; drawn with ECharts (SVG), loaded on demand.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useRisk } from '@/components/dashboard/useRisk';
import { useRx } from '@/components/useRx';
import type { BaoxueDatabase } from '@/lib/db/types';
import { riskOptions } from '@/lib/derive/refresh';
import { type MessageKey, t } from '@/lib/i18n';
import { parseEvents } from '@/lib/records';
import {
  absencesByWeek,
  CLASS_UNKNOWN,
  casesByStep,
  quotaBars,
  TIERS,
  tierCounts,
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

/**
 * One chart, the full width of the page: its title is the figure's heading (never drawn inside the chart,
 * where it ran into the legend), the legend sits at the top, the grid keeps its axis labels inside, and it
 * redraws when the page is resized. With nothing to draw it says 暂无数据 and how the data comes.
 */
function Chart({
  name,
  title,
  option,
  points,
  empty,
}: {
  name: string;
  title: string;
  option: EChartsOption;
  points: number;
  /** How to get data for this chart, in words (shown when there is none). */
  empty: MessageKey;
}) {
  const el = useRef<HTMLDivElement>(null);
  // Redrawn when the figures change, not on every render.
  const figures = JSON.stringify(option);
  useEffect(() => {
    if (!points) return;
    let chart: { dispose(): void; resize(): void } | undefined;
    let gone = false;
    const resize = () => chart?.resize();
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(resize);
    void import('./echarts').then(({ init }) => {
      if (gone || !el.current) return;
      const c = init(el.current, undefined, { renderer: 'svg' });
      c.setOption({
        tooltip: {},
        grid: { top: 48, left: 8, right: 16, bottom: 8, containLabel: true },
        ...option,
        legend: { top: 0, type: 'scroll', ...(option as { legend?: object }).legend },
      });
      chart = c;
      observer?.observe(el.current);
    });
    return () => {
      gone = true;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [figures, points]);
  return (
    <figure class="chart-box" data-chart-box={name}>
      <figcaption>
        <h3>{title}</h3>
      </figcaption>
      {points ? (
        <div class="chart" ref={el} data-chart={name} data-points={points} style="height:300px;width:100%" />
      ) : (
        <div class="chart-empty" data-chart={name} data-points={0} data-testid={`chart-empty-${name}`}>
          <strong>{t('chart_empty')}</strong> {t(empty)}
        </div>
      )}
    </figure>
  );
}

const CHART_CSS = `
.charts .chart-box { margin: 12px 0 20px; background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 8px 12px; }
.charts .chart-box h3 { font-size: 15px; margin: 0 0 4px; }
.charts .chart-empty { padding: 24px 12px; color: #475569; background: #f8fafc; border: 1px dashed #cbd5e1; border-radius: 4px; }
`;

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
  // Today's point is the stored 风险名单 itself (the list the 风险名单 tab shows), not a second computation.
  const risks = useRisk(db);
  const current = useMemo(() => (risks ? tierCounts(risks) : undefined), [risks]);
  // useReportData's events carry the absence marks already.
  const tiers = useMemo(
    () => tiersByWeek(students, events, weeks, riskOptions(settings), current),
    [students, events, weeks, settings, current],
  );
  const byClass = useMemo(() => absencesByWeek(students, marks, weeks), [students, marks, weeks]);
  const steps = useMemo(() => casesByStep(events), [events]);
  const now = tiers.at(-1)?.counts;
  const quotas = useMemo(() => quotaBars(events, from, to), [events, from, to]);
  const axis = (data: string[]) => ({ type: 'category' as const, data });
  return (
    <section class="charts">
      <style>{CHART_CSS}</style>
      <Chart
        name="tiers"
        title={t('chart_tiers')}
        empty="chart_empty_tiers"
        points={tiers.reduce((n, w) => n + TIERS.reduce((m, k) => m + w.counts[k], 0), 0)}
        option={{
          xAxis: axis(tiers.map((w) => w.week.slice(5))),
          yAxis: { type: 'value', minInterval: 1 },
          series: TIERS.map((k) => ({
            name: t(tierLabel(k)),
            type: 'line',
            data: tiers.map((w) => w.counts[k]),
          })),
        }}
      />
      {now && (
        <div class="figure-note">
          <p data-testid="chart-tiers-today" data-urgent={now.urgent}>
            {t('chart_tiers_today', now.urgent, now.warning, now.watch)}
          </p>
          <p>{t('risk_tier_definition')}</p>
        </div>
      )}
      <Chart
        name="absences"
        title={t('chart_absences')}
        empty="chart_empty_absences"
        points={byClass.classes.reduce((n, c) => n + byClass.series[c]!.reduce((a, b) => a + b, 0), 0)}
        option={{
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
        empty="chart_empty_cases"
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
        empty="chart_empty_quotas"
        points={quotas.reduce((n, q) => n + q.visits, 0)}
        option={{
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
