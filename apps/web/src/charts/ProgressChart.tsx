import type { Milestone } from '@duban/shared';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef } from 'react';
import { progressSeries } from './progressSeries';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, MarkPointComponent, CanvasRenderer]);

/** 计划进度 vs 实际进度 over time, with today and the milestones marked. */
export function ProgressChart({ plan, reports, height = 260 }: { plan: { startDate: string; deadline: string; milestones: readonly Milestone[] }; reports: readonly { createdAt: string; progress: number }[]; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const today = dayjs().format('YYYY-MM-DD');
  const series = useMemo(() => progressSeries(plan, reports, today), [plan, reports, today]);

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption({
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      legend: { data: ['计划进度', '实际进度'], top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
      xAxis: { type: 'category', data: series.dates, boundaryGap: false, axisLabel: { formatter: (v: string) => v.slice(5) } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: '计划进度',
          type: 'line',
          data: series.planned,
          showSymbol: false,
          lineStyle: { type: 'dashed', color: '#8c8c8c' },
          itemStyle: { color: '#8c8c8c' },
          markLine: {
            symbol: 'none',
            label: { formatter: '{b}' },
            data: [
              ...(series.dates.includes(today) ? [{ name: '今天', xAxis: today, lineStyle: { color: '#c0392b' } }] : []),
              { name: '时限', xAxis: plan.deadline, lineStyle: { color: '#d8a100' } },
              ...plan.milestones.map((m) => ({ name: `${m.plannedProgress}%`, xAxis: m.date, lineStyle: { color: '#bfbfbf', type: 'dotted' as const } })),
            ],
          },
        },
        { name: '实际进度', type: 'line', data: series.actual, step: 'end', showSymbol: false, areaStyle: { opacity: 0.12 }, lineStyle: { width: 2.5, color: '#c0392b' }, itemStyle: { color: '#c0392b' } },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [series, plan, today]);

  return <div ref={ref} style={{ width: '100%', height }} data-testid="progress-chart" />;
}
