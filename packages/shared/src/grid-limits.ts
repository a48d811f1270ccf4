import { z } from 'zod';
import { GRID_STAGES, GRID_STAGE_LABELS, GRID_URGENCIES, GRID_URGENCY_LABELS, type GridStage, type GridUrgency } from './grid-flow';
import type { TimeLimit } from './grid-time';

/**
 * Versioned time-limit tables (时限表). A row gives a stage's limit for a category (or every category: null) and an
 * urgency (or every urgency: null). A problem is judged by the version in force when it was reported, so a later
 * change of the rules never turns yesterday's on-time case late. The most specific row wins: category and urgency,
 * then category, then its major class with urgency, then its major class, then the defaults with urgency, then the
 * defaults.
 */
export type LimitRow = { categoryId: number | null; urgency: GridUrgency | null; stage: GridStage; amount: number; unit: 'hour' | 'day' };

/** The limit of `stage` for a problem of this category (with its major class) and urgency; null = no limit. */
export function pickLimit(rows: readonly LimitRow[], stage: GridStage, categoryId: number, parentId: number | null, urgency: GridUrgency): TimeLimit | null {
  let best: LimitRow | null = null;
  let bestRank = -1;
  for (const r of rows) {
    if (r.stage !== stage) continue;
    if (r.urgency !== null && r.urgency !== urgency) continue;
    const catRank = r.categoryId === null ? 0 : r.categoryId === categoryId ? 2 : r.categoryId === parentId ? 1 : -1;
    if (catRank < 0) continue;
    const rank = catRank * 2 + (r.urgency === null ? 0 : 1);
    if (rank > bestRank) {
      best = r;
      bestRank = rank;
    }
  }
  return best ? { amount: Number(best.amount), unit: best.unit } : null;
}

/** Stages every version must give a default for (市级 may hold without a limit: nothing is above it). */
export const REQUIRED_STAGES: readonly GridStage[] = GRID_STAGES.filter((s) => s !== 'hold_city');

type DefaultRow = [GridStage, GridUrgency | null, number, 'hour' | 'day'];

/**
 * The defaults a tenant starts with, after 12345 practice and the 数字城管 tables: 签收 within 1 working day,
 * 求助 handled within 5, 紧急 within 2–4 working hours; a level holds a problem 1 (网格) / 2 (社区) / 3 (街道) /
 * 5 (区级) working days before it climbs, less for urgent ones.
 */
export const DEFAULT_LIMITS: readonly DefaultRow[] = [
  ['accept', null, 2, 'hour'],
  ['accept', 'urgent', 1, 'hour'],
  ['accept', 'critical', 0.5, 'hour'],
  ['register', null, 2, 'hour'],
  ['register', 'urgent', 1, 'hour'],
  ['register', 'critical', 0.5, 'hour'],
  ['dispatch', null, 2, 'hour'],
  ['dispatch', 'urgent', 1, 'hour'],
  ['dispatch', 'critical', 0.5, 'hour'],
  ['sign', null, 1, 'day'],
  ['sign', 'urgent', 2, 'hour'],
  ['sign', 'critical', 1, 'hour'],
  ['handle', null, 5, 'day'],
  ['handle', 'urgent', 4, 'hour'],
  ['handle', 'critical', 2, 'hour'],
  ['verify', null, 1, 'day'],
  ['verify', 'urgent', 2, 'hour'],
  ['verify', 'critical', 1, 'hour'],
  ['visit', null, 2, 'day'],
  ['hold_cell', null, 1, 'day'],
  ['hold_cell', 'urgent', 2, 'hour'],
  ['hold_cell', 'critical', 1, 'hour'],
  ['hold_community', null, 2, 'day'],
  ['hold_community', 'urgent', 4, 'hour'],
  ['hold_community', 'critical', 2, 'hour'],
  ['hold_street', null, 3, 'day'],
  ['hold_street', 'urgent', 1, 'day'],
  ['hold_street', 'critical', 4, 'hour'],
  ['hold_district', null, 5, 'day'],
  ['hold_district', 'urgent', 2, 'day'],
  ['hold_district', 'critical', 1, 'day'],
];

/** The default rows as LimitRows (every category). */
export function defaultLimitRows(): LimitRow[] {
  return DEFAULT_LIMITS.map(([stage, urgency, amount, unit]) => ({ categoryId: null, urgency, stage, amount, unit }));
}

const limitRowSchema = z.object({
  categoryId: z.number().int().positive().nullable(),
  urgency: z.enum(GRID_URGENCIES).nullable(),
  stage: z.enum(GRID_STAGES, { error: '请选择环节' }),
  amount: z.number({ error: '请填写时限' }).positive({ error: '时限须大于 0' }).max(9999, { error: '时限不能超过 9999' }),
  unit: z.enum(['hour', 'day'], { error: '单位须为工作时或工作日' }),
});

/** A new version of the time-limit table as the admin page submits it. */
export const limitVersionSchema = z
  .object({
    effectiveFrom: z.iso.datetime({ offset: true, error: '请填写生效时间' }),
    note: z.string().trim().max(500).default(''),
    rows: z.array(limitRowSchema).min(1, { error: '时限表不能为空' }).max(5000),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.rows.forEach((r, i) => {
      const key = `${r.categoryId ?? '*'}|${r.urgency ?? '*'}|${r.stage}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rows', i], message: `“${GRID_STAGE_LABELS[r.stage]}”${r.urgency ? `（${GRID_URGENCY_LABELS[r.urgency]}）` : ''}重复设置` });
      seen.add(key);
    });
    for (const stage of REQUIRED_STAGES) {
      if (!v.rows.some((r) => r.stage === stage && r.categoryId === null && r.urgency === null)) {
        ctx.addIssue({ code: 'custom', path: ['rows'], message: `缺少“${GRID_STAGE_LABELS[stage]}”的默认时限（适用于全部类别、一般紧急程度）` });
      }
    }
  });
export type LimitVersionInput = z.infer<typeof limitVersionSchema>;

/** A version of the time-limit table as the settings page lists it. */
export const limitVersionViewSchema = z.object({
  id: z.number(),
  effectiveFrom: z.string(),
  note: z.string(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  /** The version new problems get now; later ones are `pending`, earlier ones were replaced. */
  state: z.enum(['in_force', 'pending', 'replaced']),
  rowCount: z.number(),
});
export type LimitVersionView = z.infer<typeof limitVersionViewSchema>;

export const limitVersionDetailSchema = limitVersionViewSchema.extend({
  rows: z.array(z.object({ categoryId: z.number().nullable(), urgency: z.enum(GRID_URGENCIES).nullable(), stage: z.enum(GRID_STAGES), amount: z.number(), unit: z.enum(['hour', 'day']) })),
  categories: z.array(z.object({ id: z.number(), name: z.string(), parentId: z.number().nullable() })),
});
export type LimitVersionDetail = z.infer<typeof limitVersionDetailSchema>;
