import { z } from 'zod';
import { GRID_DUTIES } from './grid-cells';
import { GRID_HOLD_LEVELS } from './grid-stats';

/** What the grid API returns (cells, staff, map, statistics), shared by the server's response schemas and the web. */

const geometry = z.custom<{ type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }>((v) => typeof v === 'object' && v !== null && 'type' in v);

export const gridLevelViewSchema = z.object({ level: z.number().int(), name: z.string() });
export type GridLevelView = z.infer<typeof gridLevelViewSchema>;

export const gridCellViewSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  level: z.number().int(),
  code: z.string(),
  name: z.string(),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  hasPolygon: z.boolean(),
  areaM2: z.number().nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  children: z.number().int(),
  leaderName: z.string().nullable(),
  staffCount: z.number().int(),
});
export type GridCellView = z.infer<typeof gridCellViewSchema>;

export const gridStaffViewSchema = z.object({
  id: z.number().int(),
  cellId: z.number().int(),
  duty: z.enum(GRID_DUTIES),
  dutyLabel: z.string(),
  personId: z.number().int().nullable(),
  accountId: z.number().int().nullable(),
  name: z.string(),
  unitName: z.string().nullable(),
  title: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});
export type GridStaffView = z.infer<typeof gridStaffViewSchema>;

export const gridCellDetailSchema = gridCellViewSchema.extend({
  polygon: geometry.nullable(),
  path: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), level: z.number().int() })),
  staff: z.array(gridStaffViewSchema),
  history: z.array(
    z.object({ id: z.number().int(), code: z.string(), name: z.string(), validFrom: z.string(), validTo: z.string().nullable(), areaM2: z.number().nullable(), polygon: geometry.nullable() }),
  ),
  nextChildCode: z.string().nullable(),
});
export type GridCellDetail = z.infer<typeof gridCellDetailSchema>;

export const gridAssignmentSchema = z.object({
  cellId: z.number().int().nullable(),
  place: z.enum(['inside', 'border', 'outside']),
  note: z.string(),
  otherCandidates: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
  cell: z.object({ id: z.number().int(), code: z.string(), name: z.string(), level: z.number().int() }).nullable(),
});
export type GridAssignmentView = z.infer<typeof gridAssignmentSchema>;

export const gridPointSchema = z.object({
  lon: z.number({ error: '经度应为数字' }).min(-180, { error: '经度须在 -180 到 180 之间' }).max(180, { error: '经度须在 -180 到 180 之间' }),
  lat: z.number({ error: '纬度应为数字' }).min(-90, { error: '纬度须在 -90 到 90 之间' }).max(90, { error: '纬度须在 -90 到 90 之间' }),
});

/** One area on the map: a cell of the level shown, its polygon and its open problems (its whole branch). */
export const gridMapFeatureSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  level: z.number().int(),
  children: z.number().int(),
  polygon: geometry.nullable(),
  open: z.number().int(),
  overdue: z.number().int(),
  leaderName: z.string().nullable(),
});
export type GridMapFeature = z.infer<typeof gridMapFeatureSchema>;

export const gridMapSchema = z.object({
  parent: z.object({ id: z.number().int(), code: z.string(), name: z.string(), level: z.number().int() }).nullable(),
  path: z.array(z.object({ id: z.number().int(), name: z.string(), level: z.number().int() })),
  levelName: z.string(),
  features: z.array(gridMapFeatureSchema),
  /** Open problems in the shown area that have no cell (outside every cell: the district queue). */
  unassigned: z.number().int(),
  open: z.number().int(),
  /** What the viewer's grid data scope covers when narrower than the tenant ("数据范围：工人路社区"); null = all. */
  scopeNote: z.string().nullable().optional(),
});
export type GridMapView = z.infer<typeof gridMapSchema>;

export const gridCellProblemSchema = z.object({
  id: z.number().int(),
  ticket: z.string(),
  title: z.string(),
  status: z.string(),
  holdLevel: z.string(),
  colour: z.string().nullable(),
  reportedAt: z.string(),
  closedAt: z.string().nullable(),
  cellName: z.string().nullable(),
});
export type GridCellProblem = z.infer<typeof gridCellProblemSchema>;

const rate = z.number().nullable();
export const gridRatesSchema = z.object({
  closed: z.number().int(),
  lowLevelRate: rate,
  onTimeRate: rate,
  reworkRate: rate,
  extensionRate: rate,
  satisfactionRate: rate,
  rated: z.number().int(),
  meanMinutes: z.object(Object.fromEntries(GRID_HOLD_LEVELS.map((l) => [l, z.number().nullable()])) as Record<(typeof GRID_HOLD_LEVELS)[number], z.ZodNullable<z.ZodNumber>>),
});

export const gridStatsRowSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** Drill-down: the cell id (street, community) to open the next level, when there is one. */
  cellId: z.number().int().nullable(),
  level: z.number().int().nullable(),
  open: z.number().int().nullable(),
  rates: gridRatesSchema,
  score: z.number().nullable(),
});
export type GridStatsRow = z.infer<typeof gridStatsRowSchema>;

export const GRID_STATS_DIMS = ['street', 'community', 'cell', 'unit', 'category'] as const;
export type GridStatsDim = (typeof GRID_STATS_DIMS)[number];

export const gridStatsViewSchema = z.object({
  from: z.string(),
  to: z.string(),
  dim: z.enum(GRID_STATS_DIMS),
  parent: z.object({ id: z.number().int(), code: z.string(), name: z.string(), level: z.number().int() }).nullable(),
  total: gridRatesSchema,
  open: z.number().int(),
  rows: z.array(gridStatsRowSchema),
  /** Figures count only the problems of the viewer's grid data scope when it is narrower than the tenant. */
  scopeNote: z.string().nullable().optional(),
});
export type GridStatsView = z.infer<typeof gridStatsViewSchema>;

const rankRow = z.object({ key: z.string(), name: z.string(), score: z.number(), rates: gridRatesSchema });
export const gridOverviewSchema = z.object({
  from: z.string(),
  to: z.string(),
  total: gridRatesSchema,
  open: z.number().int(),
  overdue: z.number().int(),
  cells: z.number().int(),
  staff: z.number().int(),
  streets: z.array(gridStatsRowSchema),
  monthly: z.array(z.object({ month: z.string(), closed: z.number().int(), onTimeRate: rate, lowLevelRate: rate })),
  redBlack: z.object({
    streets: z.object({ red: z.array(rankRow), black: z.array(rankRow) }),
    units: z.object({ red: z.array(rankRow), black: z.array(rankRow) }),
  }),
});
export type GridOverview = z.infer<typeof gridOverviewSchema>;
