import { z } from 'zod';

/**
 * Grid statistics (网格统计, issue 16): the rates the 数字化城市管理 assessment (GB/T 30428.4) and 12345 practice
 * publish, computed from counts kept per month. Pure, so the server, the web and the bench agree.
 *
 * Over the problems closed (结案) in a period, merged duplicates excluded:
 * - 小事不出社区: the share resolved at or below the community (resolved_level cell or community);
 * - 按期结案率: the share closed within their time limit;
 * - 返工率 / 延期率: the share that were sent back for rework at least once / had an approved extension;
 * - 满意率: (满意 + 基本满意) ÷ the problems given a 回访 rating;
 * - mean handling time per level: working minutes the level held problems (grid_level_holds), per stay.
 */

export const GRID_HOLD_LEVELS = ['cell', 'community', 'street', 'district', 'city'] as const;
export type GridStatsLevel = (typeof GRID_HOLD_LEVELS)[number];
export const GRID_HOLD_LEVEL_LABELS: Record<GridStatsLevel, string> = { cell: '网格', community: '社区', street: '街道', district: '区级', city: '市级' };

export type GridStatsCounts = {
  closed: number;
  onTime: number;
  rework: number;
  extended: number;
  lowLevel: number;
  rated: number;
  satisfied: number;
  basic: number;
  unsatisfied: number;
  holdMinutes: Record<GridStatsLevel, number>;
  holds: Record<GridStatsLevel, number>;
};

export type GridStatsRates = {
  closed: number;
  /** 小事不出社区 (%), one decimal; null without closed problems. */
  lowLevelRate: number | null;
  onTimeRate: number | null;
  reworkRate: number | null;
  extensionRate: number | null;
  satisfactionRate: number | null;
  rated: number;
  /** Mean working minutes per stay at each level; null when the level held none. */
  meanMinutes: Record<GridStatsLevel, number | null>;
};

const perLevel = <T>(f: (l: GridStatsLevel) => T): Record<GridStatsLevel, T> =>
  Object.fromEntries(GRID_HOLD_LEVELS.map((l) => [l, f(l)])) as Record<GridStatsLevel, T>;

export const emptyGridCounts = (): GridStatsCounts => ({
  closed: 0,
  onTime: 0,
  rework: 0,
  extended: 0,
  lowLevel: 0,
  rated: 0,
  satisfied: 0,
  basic: 0,
  unsatisfied: 0,
  holdMinutes: perLevel(() => 0),
  holds: perLevel(() => 0),
});

/** Adds b into a (mutates a; returns it). */
export function addGridCounts(a: GridStatsCounts, b: GridStatsCounts): GridStatsCounts {
  a.closed += b.closed;
  a.onTime += b.onTime;
  a.rework += b.rework;
  a.extended += b.extended;
  a.lowLevel += b.lowLevel;
  a.rated += b.rated;
  a.satisfied += b.satisfied;
  a.basic += b.basic;
  a.unsatisfied += b.unsatisfied;
  for (const l of GRID_HOLD_LEVELS) {
    a.holdMinutes[l] += b.holdMinutes[l];
    a.holds[l] += b.holds[l];
  }
  return a;
}

const pct = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

export function gridRates(c: GridStatsCounts): GridStatsRates {
  return {
    closed: c.closed,
    lowLevelRate: pct(c.lowLevel, c.closed),
    onTimeRate: pct(c.onTime, c.closed),
    reworkRate: pct(c.rework, c.closed),
    extensionRate: pct(c.extended, c.closed),
    satisfactionRate: pct(c.satisfied + c.basic, c.rated),
    rated: c.rated,
    meanMinutes: perLevel((l) => (c.holds[l] > 0 ? Math.round(c.holdMinutes[l] / c.holds[l]) : null)),
  };
}

/** What one closed problem contributes (the rollups add it on 结案 and subtract it when the problem reopens). */
export type GridProblemOutcome = {
  closed: boolean;
  merged: boolean;
  onTime: boolean;
  rework: boolean;
  extended: boolean;
  resolvedLevel: GridStatsLevel | null;
  rating: 'satisfied' | 'basic' | 'unsatisfied' | null;
  holds: { level: GridStatsLevel; minutes: number }[];
};

/** The counts of one problem; all zero unless it is closed and not a merged duplicate. */
export function gridOutcomeCounts(o: GridProblemOutcome): GridStatsCounts {
  const c = emptyGridCounts();
  if (!o.closed || o.merged) return c;
  c.closed = 1;
  c.onTime = o.onTime ? 1 : 0;
  c.rework = o.rework ? 1 : 0;
  c.extended = o.extended ? 1 : 0;
  c.lowLevel = o.resolvedLevel === 'cell' || o.resolvedLevel === 'community' ? 1 : 0;
  if (o.rating) {
    c.rated = 1;
    c[o.rating] = 1;
  }
  for (const h of o.holds) {
    c.holdMinutes[h.level] += Math.max(0, Math.round(h.minutes));
    c.holds[h.level] += 1;
  }
  return c;
}

/**
 * The 红黑榜 score of a street or a department (0–100), from its rates, as 12345 red-black lists weigh the "三率"
 * (Yulin, 准格尔旗: 响应/解决/满意): streets 按期 35, 小事不出社区 25, 满意 25, no rework 15; departments (which do
 * not hold problems at community level) 按期 40, 满意 30, no rework 15, no extension 15. Null when not enough closed.
 */
export function gridRankScore(r: GridStatsRates, kind: 'street' | 'unit', minClosed = GRID_RANK_MIN_CLOSED): number | null {
  if (r.closed < minClosed || r.onTimeRate === null) return null;
  const sat = r.satisfactionRate ?? r.onTimeRate; // no 回访 yet: do not punish or reward
  const noRework = 100 - (r.reworkRate ?? 0);
  const score =
    kind === 'street'
      ? 0.35 * r.onTimeRate + 0.25 * (r.lowLevelRate ?? 0) + 0.25 * sat + 0.15 * noRework
      : 0.4 * r.onTimeRate + 0.3 * sat + 0.15 * noRework + 0.15 * (100 - (r.extensionRate ?? 0));
  return Math.round(score * 10) / 10;
}

export const GRID_RANK_MIN_CLOSED = 5;

export type GridRankRow<K> = { key: K; name: string; score: number; rates: GridStatsRates };

/** Top `size` (红榜) and bottom `size` (黑榜) by score; ties by more closed, then name. A row is never on both. */
export function redBlackList<K>(rows: readonly GridRankRow<K>[], size = 3): { red: GridRankRow<K>[]; black: GridRankRow<K>[] } {
  const sorted = [...rows].sort((a, b) => b.score - a.score || b.rates.closed - a.rates.closed || a.name.localeCompare(b.name, 'zh-CN'));
  const red = sorted.slice(0, Math.min(size, Math.floor(sorted.length / 2)));
  const black = sorted.slice(Math.max(red.length, sorted.length - size)).reverse();
  return { red, black };
}

/** A statistics period: whole months, Asia/Shanghai. */
export const gridStatsQuerySchema = z.object({
  from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '起始月份格式应为 YYYY-MM' }),
  to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '截止月份格式应为 YYYY-MM' }),
}).refine((q) => q.from <= q.to, { error: '起始月份不能晚于截止月份' });
export type GridStatsQuery = z.infer<typeof gridStatsQuerySchema>;
