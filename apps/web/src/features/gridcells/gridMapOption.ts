import type { GridMapFeature } from '@duban/shared';
import { registerGeoJson, type EChartsOption } from '../../charts/EChart';

/** Green (none open) → yellow → red (the most open problems), as the matters' colours read. */
export const OPEN_SCALE = ['#d9f7be', '#fff1b8', '#ffd591', '#ff7a45', '#cf1322'];

/**
 * The ECharts option for one level of the grid: the cells' polygons registered as a GeoJSON map under `mapName`
 * (no tiles, no external service), each coloured by its open problems, named by code so a click finds the cell.
 */
export function gridMapOption(mapName: string, features: GridMapFeature[], o: { dark?: boolean; openLabel: string; leaderLabel: string; low: string; high: string; legend?: boolean }): EChartsOption {
  const drawn = features.filter((f) => f.polygon);
  registerGeoJson(mapName, {
    type: 'FeatureCollection',
    features: drawn.map((f) => ({ type: 'Feature', properties: { name: f.code }, geometry: f.polygon })),
  });
  const byCode = new Map(features.map((f) => [f.code, f]));
  const max = Math.max(1, ...features.map((f) => f.open));
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const f = byCode.get((p as { name: string }).name);
        if (!f) return '';
        return `<b>${f.name}</b><br/>${o.openLabel}：${f.open}${f.leaderName ? `<br/>${o.leaderLabel}：${f.leaderName}` : ''}`;
      },
    },
    visualMap: {
      type: 'continuous',
      show: o.legend !== false,
      min: 0,
      max,
      left: 8,
      bottom: 8,
      itemHeight: 90,
      text: [o.high, o.low],
      calculable: false,
      inRange: { color: OPEN_SCALE },
      textStyle: { color: o.dark ? '#cfe2ff' : '#555' },
    },
    series: [
      {
        type: 'map',
        map: mapName,
        // Degrees of longitude are shorter than of latitude at 34.7°N: cos(34.7°) ≈ 0.82.
        aspectScale: 0.82,
        roam: true,
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        label: {
          show: drawn.length <= 40,
          formatter: (p: unknown) => byCode.get((p as { name: string }).name)?.name ?? '',
          fontSize: 11,
          color: o.dark ? '#fff' : '#262626',
        },
        itemStyle: { borderColor: o.dark ? '#0b2750' : '#fff', borderWidth: 1 },
        emphasis: { label: { show: true, formatter: (p: unknown) => byCode.get((p as { name: string }).name)?.name ?? '' }, itemStyle: { areaColor: '#69b1ff' } },
        select: { disabled: true },
        data: drawn.map((f) => ({ name: f.code, value: f.open })),
      },
    ],
  } as EChartsOption;
}
