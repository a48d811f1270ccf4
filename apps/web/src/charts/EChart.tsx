import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type CSSProperties } from 'react';

// Only what the cockpit, big screen and grid map draw (pies, bars, lines, the cells' polygons with a colour scale); the
// full build is three times the size. Add here when a chart needs more.
echarts.use([BarChart, LineChart, PieChart, MapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

/** Registers a GeoJSON under a name for a `map` series (the grid map: cells' polygons, no tiles). */
export const registerGeoJson = (name: string, geoJson: object) => echarts.registerMap(name, geoJson as Parameters<typeof echarts.registerMap>[1]);

export type EChartsOption = echarts.EChartsCoreOption;
/** What a click on a chart segment reports: the series and data index, and the data item's name. */
export type ChartClick = { seriesIndex: number; dataIndex: number; name: string };

/**
 * One ECharts chart: created once, given the new option on every change, resized with its box.
 * `onClick` receives the clicked segment; `dark` uses ECharts' dark theme (the big screen).
 */
export function EChart({
  option,
  onClick,
  onPoint,
  style,
  dark,
  testId,
}: {
  option: EChartsOption;
  onClick?: (e: ChartClick) => void;
  /** A tap anywhere on a map: the [longitude, latitude] under it (the citizens' page places a report this way). */
  onPoint?: (lonLat: [number, number]) => void;
  style?: CSSProperties;
  dark?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const pointRef = useRef(onPoint);
  pointRef.current = onPoint;

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => clickRef.current?.({ seriesIndex: p.seriesIndex ?? 0, dataIndex: p.dataIndex, name: p.name }));
    c.getZr().on('click', (e) => {
      if (!pointRef.current) return;
      const pt: unknown = c.convertFromPixel({ seriesIndex: 0 }, [e.offsetX, e.offsetY]);
      if (Array.isArray(pt) && pt.length === 2 && pt.every((v) => typeof v === 'number' && Number.isFinite(v))) pointRef.current([pt[0] as number, pt[1] as number]);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} data-testid={testId} style={{ width: '100%', height: 280, cursor: onClick || onPoint ? 'pointer' : undefined, ...style }} />;
}
