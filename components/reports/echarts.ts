/** The parts of Apache ECharts the dashboard uses, and nothing else (loaded when the charts tab opens). */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

export const { init } = echarts;
export type EChartsOption = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];
