import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export type ProgressPoint = { date: string; planned: number; actual: number | null };

/** 计划进度 vs 实际进度 on a time axis (points from the server's progressSeries), with today, the deadline and milestones marked. */
export function ProgressChart({ points, deadline, milestones = [], height = 260 }: { points: readonly ProgressPoint[]; deadline: string; milestones?: readonly { date: string; plannedProgress: number }[]; height?: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    const today = dayjs().format('YYYY-MM-DD');
    const planned = t('matters.chart.planned');
    const actual = t('matters.chart.actual');
    chart.setOption({
      grid: { left: 44, right: 20, top: 36, bottom: 28 },
      legend: { data: [planned, actual], top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${Math.round(Number(v) * 10) / 10}%`) },
      xAxis: { type: 'time', splitNumber: 5, axisLabel: { formatter: '{MM}-{dd}', hideOverlap: true } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: planned,
          type: 'line',
          data: points.map((p) => [p.date, p.planned]),
          symbolSize: 4,
          lineStyle: { type: 'dashed', color: '#8c8c8c' },
          itemStyle: { color: '#8c8c8c' },
          markLine: {
            symbol: 'none',
            label: { formatter: '{b}', fontSize: 11 },
            data: [
              { name: t('matters.chart.today'), xAxis: today, lineStyle: { color: '#c0392b' } },
              { name: t('matters.chart.deadline'), xAxis: deadline, lineStyle: { color: '#d8a100' } },
              ...milestones.map((m) => ({ name: t('matters.chart.milestone', { n: m.plannedProgress }), xAxis: m.date, lineStyle: { color: '#bfbfbf', type: 'dotted' as const } })),
            ],
          },
        },
        {
          name: actual,
          type: 'line',
          data: points.filter((p) => p.actual !== null).map((p) => [p.date, p.actual]),
          symbolSize: 7,
          areaStyle: { opacity: 0.12 },
          lineStyle: { width: 2.5, color: '#c0392b' },
          itemStyle: { color: '#c0392b' },
        },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [points, deadline, milestones, t]);

  return <div ref={ref} style={{ width: '100%', height }} data-testid="progress-chart" />;
}
