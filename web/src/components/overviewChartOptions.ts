// The ECharts options of the 总览 charts, built from GET /api/reports/overview-charts. Pure.
import type { OverviewChartsView } from '../api/schema';
import { dayjs, APP_TIMEZONE } from '../time';
import type { ChartOption } from './EChart';

const MET = '#52c41a';
const UNMET = '#fa8c16';
const NO_TARGET = '#1677ff';
const TARGET = '#cf1322';

/** Room per unit in the horizontal bar chart, so that 20-odd unit names stay readable. */
export function unitChartHeight(units: number): number {
  return Math.max(240, units * 28 + 70);
}

/** Posts per unit as horizontal bars (green: target met, orange: not yet, blue: no target), the target as a red mark. */
export function unitPostsOption(units: OverviewChartsView['units']): ChartOption {
  const names = units.map((u) => u.unitName);
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const index = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
        const u = units[index];
        if (!u) return '';
        const target =
          u.targetPosts === null ? '本季度未设发布任务' : `发布任务 ${u.targetPosts} 条${u.posts >= u.targetPosts ? '（已完成）' : `（差 ${u.targetPosts - u.posts} 条）`}`;
        return `${u.unitName}<br/>发布 ${u.posts} 条，转发 ${u.reposts} 条<br/>${target}`;
      },
    },
    legend: { data: ['发布数', '发布任务'], top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 110, overflow: 'truncate' } },
    series: [
      {
        name: '发布数',
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { color: MET }, // the legend's colour; each bar's own below
        data: units.map((u) => ({ value: u.posts, itemStyle: { color: u.targetPosts === null ? NO_TARGET : u.posts >= u.targetPosts ? MET : UNMET } })),
        label: { show: true, position: 'right' },
      },
      {
        name: '发布任务',
        type: 'scatter',
        symbol: 'rect',
        symbolSize: [3, 20],
        itemStyle: { color: TARGET },
        // A unit without a target has no mark ('-' is ECharts' "no value").
        data: units.map((u) => (u.targetPosts === null ? '-' : u.targetPosts)),
        z: 3,
      },
    ],
  };
}

/** `MM-DD` of a week's first day, in Beijing time. */
function weekLabel(iso: string): string {
  return dayjs(iso).tz(APP_TIMEZONE).format('MM-DD');
}

const weekTooltip = (weeks: OverviewChartsView['weeks'], lines: (w: OverviewChartsView['weeks'][number]) => string) => ({
  trigger: 'axis' as const,
  formatter: (params: unknown) => {
    const w = weeks[(params as { dataIndex: number }[])[0]?.dataIndex ?? 0];
    if (!w) return '';
    const last = dayjs(w.end).tz(APP_TIMEZONE).subtract(1, 'day').format('MM-DD');
    return `${weekLabel(w.start)} 至 ${last}<br/>${lines(w)}`;
  },
});

/** Posts and reposts per calendar week. */
export function weeklyTrendOption(weeks: OverviewChartsView['weeks']): ChartOption {
  return {
    tooltip: weekTooltip(weeks, (w) => `发布 ${w.posts} 条，转发 ${w.reposts} 条`),
    legend: { data: ['发布', '转发'], top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: weeks.map((w) => weekLabel(w.start)), name: '周', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '发布', type: 'line', data: weeks.map((w) => w.posts), areaStyle: { opacity: 0.15 } },
      { name: '转发', type: 'line', data: weeks.map((w) => w.reposts) },
    ],
  };
}

/** Broken columns at the end of each week. */
export function brokenLinksOption(weeks: OverviewChartsView['weeks']): ChartOption {
  return {
    tooltip: weekTooltip(weeks, (w) => `周末失效栏目 ${w.brokenColumns} 个`),
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: weeks.map((w) => weekLabel(w.start)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: '失效栏目', type: 'bar', barMaxWidth: 24, itemStyle: { color: TARGET }, data: weeks.map((w) => w.brokenColumns) }],
  };
}

export type PlatformMeasure = 'openAccounts' | 'posts';

/** Share of each platform in open accounts or in posts; `nameOf` gives the platform's Chinese name. */
export function platformShareOption(platforms: OverviewChartsView['platforms'], measure: PlatformMeasure, nameOf: (code: string) => string): ChartOption {
  const unit = measure === 'posts' ? '条' : '个';
  return {
    tooltip: { trigger: 'item', formatter: `{b}：{c} ${unit}（{d}%）` },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
    series: [
      {
        name: measure === 'posts' ? '发布数' : '开设账号数',
        type: 'pie',
        radius: ['35%', '70%'],
        center: ['40%', '50%'],
        label: { formatter: '{b} {d}%' },
        data: platforms.filter((p) => p[measure] > 0).map((p) => ({ name: nameOf(p.platform), value: p[measure] })),
      },
    ],
  };
}
