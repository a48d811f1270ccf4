import { placeOfPoint, type CellGeometry } from '@duban/shared';
import { registerGeoJson, type EChartsOption } from '../../charts/EChart';
import type { PublicHome } from '../../api/citizens';

/** The cell (of those drawn) a point lies in, or null. */
export function cellAt(cells: PublicHome['cells'], lon: number, lat: number): PublicHome['cells'][number] | null {
  return cells.find((c) => c.polygon && placeOfPoint(lon, lat, c.polygon as CellGeometry) !== 'outside') ?? null;
}

/**
 * The tap-to-place map of the public page: the tenant's cells drawn from their polygons (no tiles, no external map
 * service), named, the one holding the chosen point in the office's red. Taps are read as coordinates by EChart.
 */
export function citizenMapOption(mapName: string, cells: PublicHome['cells'], chosenCode: string | null): EChartsOption {
  const drawn = cells.filter((c) => c.polygon);
  registerGeoJson(mapName, { type: 'FeatureCollection', features: drawn.map((c) => ({ type: 'Feature', properties: { name: c.code }, geometry: c.polygon })) });
  const names = new Map(drawn.map((c) => [c.code, c.name]));
  return {
    series: [
      {
        type: 'map',
        map: mapName,
        aspectScale: 0.82,
        roam: true,
        layoutCenter: ['50%', '50%'],
        layoutSize: '96%',
        label: { show: drawn.length <= 30, formatter: (p: unknown) => names.get((p as { name: string }).name) ?? '', fontSize: 13, color: '#262626' },
        itemStyle: { areaColor: '#f4f1ea', borderColor: '#8c8c8c', borderWidth: 1 },
        emphasis: { disabled: true },
        select: { disabled: true },
        data: drawn.map((c) => ({ name: c.code, itemStyle: c.code === chosenCode ? { areaColor: '#f5b7b1', borderColor: '#c0392b', borderWidth: 2 } : undefined })),
      },
    ],
  } as EChartsOption;
}
