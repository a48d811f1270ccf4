import { z } from 'zod';
import { cellGeometrySchema } from './grid-geo';
import { idSchema } from './schemas';
import { isIsoDate } from './time';

/**
 * The grid tree (网格化管理, issue 16): levels, standard-style cell codes and the inputs that edit them.
 *
 * Codes follow the 单元网格 coding of CJ/T 213-2005 as Beijing's DB11 profile writes it (docs/grid.md): 15 digits =
 * 6 district (the administrative division code, e.g. 410103 二七区) + 3 street/town + 3 community/village + 3 sequence,
 * numbered west→east, north→south. A level-1 cell (街道/乡镇) has community and sequence 000, a level-2 cell
 * (社区/村) has sequence 000, a level-3 cell (网格) has all four parts. Deeper levels, when a tenant configures them,
 * append 3 digits each. A child's code starts with its parent's significant digits, so the code alone tells the
 * branch of the tree a cell is in (statistics group by it, and keep counting a re-drawn cell as the same cell).
 */

export const GRID_MAX_LEVEL = 5;
export const DEFAULT_GRID_LEVEL_NAMES: Record<number, string> = { 1: '街道/乡镇', 2: '社区/村', 3: '网格' };

/** Digits a level's code has: 15 for levels 1–3, three more for each deeper level. */
export function gridCodeLength(level: number): number {
  return 15 + Math.max(0, level - 3) * 3;
}

/** The digits that identify a cell of a level within the tree (the rest are zeros): 9, 12, 15, 18, 21. */
export function gridCodeSignificant(level: number): number {
  return level <= 3 ? 6 + level * 3 : gridCodeLength(level);
}

/** The code's branch prefix: 410103001 for a street, 410103001002 for its community, the whole code below. */
export function gridCodePrefix(code: string, level: number): string {
  return code.slice(0, gridCodeSignificant(level));
}

/** The lowest and highest code of the branch under a cell (for range scans over codes). */
export function gridCodeRange(code: string, level: number): { lo: string; hi: string } {
  const prefix = gridCodePrefix(code, level);
  return { lo: prefix, hi: prefix.padEnd(gridCodeLength(GRID_MAX_LEVEL), '9') };
}

/** The code of a cell's ancestor at `level` (codes of levels 1–3 carry their ancestors in them). */
export function gridAncestorCode(code: string, level: number): string {
  const sig = gridCodeSignificant(level);
  return code.slice(0, sig).padEnd(gridCodeLength(level), '0');
}

/** The level a well-formed code's digits say it is, or null. */
export function gridCodeLevel(code: string): number | null {
  if (!/^\d+$/.test(code)) return null;
  if (code.length > 15) return (code.length - 15) % 3 === 0 && code.length <= gridCodeLength(GRID_MAX_LEVEL) ? 3 + (code.length - 15) / 3 : null;
  if (code.length !== 15) return null;
  if (code.slice(6, 9) === '000') return null;
  if (code.slice(9, 12) === '000') return code.slice(12) === '000' ? 1 : null;
  return code.slice(12) === '000' ? 2 : 3;
}

/**
 * Why a code does not fit a cell of `level` under a parent with `parentCode` (level − 1), in Chinese; null when it fits.
 */
export function gridCodeProblem(code: string, level: number, parentCode: string | null): string | null {
  const len = gridCodeLength(level);
  if (!/^\d+$/.test(code) || code.length !== len) {
    return level <= 3
      ? `编码应为 15 位数字（6 位区县代码 + 3 位街道 + 3 位社区 + 3 位网格序号），“${code}”不符合`
      : `第 ${level} 级网格的编码应为 ${len} 位数字（上级编码后加 3 位序号），“${code}”不符合`;
  }
  const own = gridCodeLevel(code);
  if (own !== level) {
    if (level === 1) return `街道/乡镇级网格的编码第 7–9 位不能为 000，第 10–15 位应为 000，“${code}”不符合`;
    if (level === 2) return `社区/村级网格的编码第 10–12 位不能为 000，第 13–15 位应为 000，“${code}”不符合`;
    if (level === 3) return `网格的编码第 10–12 位和第 13–15 位都不能为 000，“${code}”不符合`;
    return `第 ${level} 级网格编码的最后 3 位不能为 000，“${code}”不符合`;
  }
  if (level === 1) return parentCode === null ? null : '街道/乡镇级网格不能有上级网格';
  if (parentCode === null) return `第 ${level} 级网格须有上级网格`;
  const prefix = gridCodePrefix(parentCode, level - 1);
  if (!code.startsWith(prefix)) return `编码“${code}”应以上级网格编码的前 ${prefix.length} 位“${prefix}”开头`;
  return null;
}

/** The first free code for a new child of a parent (next sequence after the highest used), or null when full. */
export function nextGridChildCode(parentCode: string, parentLevel: number, usedCodes: readonly string[]): string | null {
  const level = parentLevel + 1;
  const prefix = gridCodePrefix(parentCode, parentLevel);
  const start = prefix.length;
  let max = 0;
  for (const c of usedCodes) {
    if (!c.startsWith(prefix) || gridCodeLevel(c) !== level) continue;
    max = Math.max(max, Number(c.slice(start, start + 3)));
  }
  if (max >= 999) return null;
  return (prefix + String(max + 1).padStart(3, '0')).padEnd(gridCodeLength(level), '0');
}

const isoDate = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' });
const cellName = z.string().trim().min(1, { error: '名称不能为空' }).max(60, { error: '名称不能超过 60 个字' });

/** A grid level's name (1 街道/乡镇, 2 社区/村, 3 网格 by default). */
export const gridLevelsInputSchema = z.object({
  levels: z
    .array(z.object({ level: z.number().int().min(1).max(GRID_MAX_LEVEL), name: z.string().trim().min(1, { error: '层级名称不能为空' }).max(20, { error: '层级名称不能超过 20 个字' }) }))
    .min(1, { error: '至少设置一级' })
    .max(GRID_MAX_LEVEL)
    .refine((ls) => ls.every((l, i) => l.level === i + 1), { error: '层级须从第 1 级起连续设置' }),
});
export type GridLevelsInput = z.infer<typeof gridLevelsInputSchema>;

/** A new cell. The polygon is optional at first (drawn or imported later). */
export const gridCellCreateSchema = z.object({
  parentId: idSchema.nullable().default(null),
  level: z.number().int().min(1).max(GRID_MAX_LEVEL),
  code: z.string().trim(),
  name: cellName,
  unitId: idSchema.nullable().optional(),
  polygon: cellGeometrySchema.nullable().optional(),
  validFrom: isoDate.optional(),
});
export type GridCellCreateInput = z.infer<typeof gridCellCreateSchema>;

/**
 * An edit. Name and unit change in place; a new polygon or code re-draws the cell: the current row is closed
 * (valid_to = `validFrom`) and a new row opens with a new id, so problems keep the cell they were placed in.
 */
export const gridCellUpdateSchema = z.object({
  code: z.string().trim().optional(),
  name: cellName.optional(),
  unitId: idSchema.nullable().optional(),
  polygon: cellGeometrySchema.nullable().optional(),
  validFrom: isoDate.optional(),
});
export type GridCellUpdateInput = z.infer<typeof gridCellUpdateSchema>;

/** Closing a cell (撤销): it stops being current from `validTo`; only a cell without current children. */
export const gridCellCloseSchema = z.object({ validTo: isoDate.optional(), reason: z.string().trim().min(1, { error: '请填写撤销原因' }).max(200) });

export const GRID_DUTIES = ['leader', 'member', 'supervisor'] as const;
export type GridDuty = (typeof GRID_DUTIES)[number];
export const GRID_DUTY_LABELS: Record<GridDuty, string> = { leader: '网格长', member: '网格员', supervisor: '监督员' };

/** Parses 网格长 / 网格员 / 监督员 (and the English keys) as written in an import sheet. */
export function parseGridDuty(text: string): GridDuty | null {
  const t = text.trim();
  for (const d of GRID_DUTIES) if (t === d || t === GRID_DUTY_LABELS[d]) return d;
  if (t === '格长' || t === '网格长（格长）') return 'leader';
  if (t === '成员' || t === '专职网格员' || t === '兼职网格员') return 'member';
  return null;
}

/** One person (of the organisation) or account on a cell's staff. */
export const gridStaffInputSchema = z
  .object({
    personId: idSchema.nullable().optional(),
    accountId: idSchema.nullable().optional(),
    duty: z.enum(GRID_DUTIES, { error: '职责应为 网格长、网格员 或 监督员' }),
    validFrom: isoDate.optional(),
  })
  .refine((s) => s.personId != null || s.accountId != null, { error: '请选择人员或账号' });
export type GridStaffInput = z.infer<typeof gridStaffInputSchema>;

/** A GeoJSON FeatureCollection of cell polygons, matched to cells by a code property. */
export const gridGeoJsonSchema = z.object({
  type: z.literal('FeatureCollection', { error: '应为 GeoJSON FeatureCollection' }),
  features: z
    .array(
      z.object({
        type: z.literal('Feature', { error: '每一项应为 GeoJSON Feature' }),
        properties: z.record(z.string(), z.unknown()).nullable().optional(),
        geometry: z.unknown(),
      }),
    )
    .min(1, { error: '文件中没有任何要素（feature）' })
    .max(100_000, { error: '要素过多：一次最多导入 100000 个网格边界' }),
});
export type GridGeoJson = z.infer<typeof gridGeoJsonSchema>;

/** The property names a feature's cell code may be under (first found wins). */
export const GRID_GEOJSON_CODE_KEYS = ['code', 'CODE', 'grid_code', 'GRID_CODE', 'wgbm', 'WGBM', '网格编码', '编码'] as const;
