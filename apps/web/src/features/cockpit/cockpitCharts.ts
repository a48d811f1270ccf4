import type { CockpitView } from '@duban/shared';
import i18n, { type TFunction } from 'i18next';
import type { EChartsOption } from '../../charts/EChart';
import { labelOf } from '../../i18n/enumLabels';

/** The four warning colours as the office paints them, and grey for none (closed, not yet swept). */
export const COLOUR_HEX: Record<string, string> = { green: '#52c41a', yellow: '#fadb14', blue: '#1677ff', red: '#f5222d', none: '#bfbfbf' };
export const colourName = (c: string) => (c === 'none' ? i18n.t('cockpit.noColour') : labelOf('colour', c));
export const statusName = (s: string) => labelOf('status', s);

/** `t` is the page's (so a language switch redraws the charts). */
type Opts = { t: TFunction; dark?: boolean; fontSize?: number };
const text = (o: Opts) => ({ color: o.dark ? '#e6f0ff' : '#333', fontSize: o.fontSize ?? 12 });

/** Donut of matters by warning colour (empty colours left out; a click reports the colour's name). */
export function colourOption(view: CockpitView, o: Opts): EChartsOption {
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'item', formatter: o.t('cockpit.chart.pieTip') },
    legend: { bottom: 0, textStyle: text(o) },
    series: [
      {
        type: 'pie',
        radius: ['45%', '72%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c}', ...text(o) },
        data: view.byColour.filter((c) => c.n > 0).map((c) => ({ name: colourName(c.colour), value: c.n, itemStyle: { color: COLOUR_HEX[c.colour] } })),
      },
    ],
  };
}

/** Bars of matters by state; bar i is view.byStatus[i]. */
export function statusOption(view: CockpitView, o: Opts): EChartsOption {
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 24, bottom: 28 },
    xAxis: { type: 'category', data: view.byStatus.map((s) => statusName(s.status)), axisLabel: text(o) },
    yAxis: { type: 'value', axisLabel: text(o), minInterval: 1 },
    series: [{ type: 'bar', barMaxWidth: 36, data: view.byStatus.map((s) => s.n), itemStyle: { color: '#c0392b' }, label: { show: true, position: 'top', ...text(o) } }],
  };
}

/** New, completed and warned matters per week; series 0/1/2, point i is view.trend[i]. */
export function trendOption(view: CockpitView, o: Opts): EChartsOption {
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: text(o) },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: view.trend.map((w) => w.week.slice(5)), axisLabel: text(o) },
    yAxis: { type: 'value', axisLabel: text(o), minInterval: 1 },
    series: [
      { name: o.t('cockpit.chart.new'), type: 'bar', data: view.trend.map((w) => w.new.n), itemStyle: { color: '#1677ff' } },
      { name: o.t('cockpit.chart.closed'), type: 'bar', data: view.trend.map((w) => w.closed.n), itemStyle: { color: '#52c41a' } },
      { name: o.t('cockpit.chart.warned'), type: 'line', smooth: true, data: view.trend.map((w) => w.warned.n), itemStyle: { color: '#fa8c16' } },
    ],
  };
}

/** Horizontal bars by category (done vs all); bar i is view.byCategory[i]. */
export function categoryOption(view: CockpitView, o: Opts): EChartsOption {
  const rows = [...view.byCategory].reverse();
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: text(o) },
    grid: { left: 80, right: 24, top: 28, bottom: 20 },
    xAxis: { type: 'value', axisLabel: text(o), minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((c) => c.name), axisLabel: text(o) },
    series: [
      { name: o.t('cockpit.chart.matters'), type: 'bar', data: rows.map((c) => c.n), itemStyle: { color: '#c0392b' } },
      { name: o.t('cockpit.chart.done'), type: 'bar', data: rows.map((c) => c.done), itemStyle: { color: '#52c41a' } },
    ],
  };
}

/** Pie by source; segment i is view.bySource[i] (the server leaves out empty sources). */
export function sourceOption(view: CockpitView, o: Opts): EChartsOption {
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'item', formatter: o.t('cockpit.chart.pieTip') },
    series: [{ type: 'pie', radius: '68%', label: { formatter: '{b} {c}', ...text(o) }, data: view.bySource.map((s) => ({ name: labelOf('source', s.source), value: s.n })) }],
  };
}
