import type { CellGeometry } from '@duban/shared';
import { useMemo } from 'react';

/**
 * The problem's point inside its cell's outline, drawn as SVG from the cell's own polygon (no tiles, no external
 * map service): equirectangular, longitude shortened by cos(latitude) so the shape reads true.
 */
export function PointMap({ polygon, lon, lat, height = 220 }: { polygon: CellGeometry | null; lon: number; lat: number; height?: number }) {
  const drawn = useMemo(() => {
    const rings: (readonly number[])[][] = polygon ? (polygon.type === 'Polygon' ? [polygon.coordinates[0] ?? []] : polygon.coordinates.map((p) => p[0] ?? [])) : [];
    const all: (readonly number[])[] = [...rings.flat(), [lon, lat]];
    const k = Math.cos((lat * Math.PI) / 180);
    const xs = all.map((c) => (c[0] ?? 0) * k);
    const ys = all.map((c) => c[1] ?? 0);
    const pad = 0.0004;
    const minX = Math.min(...xs) - pad;
    const maxX = Math.max(...xs) + pad;
    const minY = Math.min(...ys) - pad;
    const maxY = Math.max(...ys) + pad;
    const w = maxX - minX;
    const h = maxY - minY;
    const px = (x: number, y: number) => [((x * k - minX) / w) * 1000, ((maxY - y) / h) * 1000 * (h / w)] as const;
    const paths = rings.map((r) => r.map((c, i) => `${i ? 'L' : 'M'}${px(c[0] ?? 0, c[1] ?? 0).join(',')}`).join(' ') + 'Z');
    return { paths, point: px(lon, lat), vbH: 1000 * (h / w) };
  }, [polygon, lon, lat]);
  const r = Math.max(drawn.vbH, 1000) / 45;
  return (
    <svg viewBox={`0 0 1000 ${drawn.vbH}`} style={{ width: '100%', height, background: '#f6faff', borderRadius: 6, border: '1px solid #f0f0f0' }} preserveAspectRatio="xMidYMid meet" data-testid="grid-problem-map" role="img">
      {drawn.paths.map((d, i) => (
        <path key={i} d={d} fill="#e6f4ff" stroke="#1677ff" strokeWidth={Math.max(drawn.vbH, 1000) / 250} />
      ))}
      <circle cx={drawn.point[0]} cy={drawn.point[1]} r={r} fill="#d0312d" stroke="#fff" strokeWidth={r / 3} />
    </svg>
  );
}
