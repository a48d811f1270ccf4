import { z } from 'zod';
import { COCKPIT_PERIODS } from './cockpit-period';
import { isoDateSchema } from './matter-schemas';
import { MATTER_STATUSES } from './matter-facts';
import { MATTER_SOURCES } from './matter-enums';

// GET /api/cockpit: every figure of the leader cockpit (领导驾驶舱) and the big screen (大屏).
// Each count carries `link`, the ledger query (GET /api/matters?…, page /matters?…) listing exactly
// the matters behind it.

export const cockpitQuerySchema = z.object({
  period: z.enum(COCKPIT_PERIODS, { error: '统计周期不正确' }).default('year'),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});
export type CockpitQuery = z.input<typeof cockpitQuerySchema>;

const count = z.object({ n: z.number().int(), link: z.string() });
export type LinkedCount = z.infer<typeof count>;

const colourKey = z.enum(['green', 'yellow', 'blue', 'red', 'none']);

export const cockpitViewSchema = z.object({
  period: z.enum(COCKPIT_PERIODS),
  from: z.string(),
  to: z.string(),
  today: z.string(),
  /**
   * Whose matters: the whole tenant (全区), or those a leader oversees or leads (`basis: 'leader'`), or those of the
   * viewer's unit (`'unit'`); `name` is the viewer's, `label` the Chinese wording, for the UI to say in its language.
   */
  scope: z.object({ kind: z.enum(['tenant', 'units']), label: z.string(), basis: z.enum(['leader', 'unit']).nullable(), name: z.string().nullable() }),
  totals: z.object({
    all: count,
    open: count,
    done: count,
    onTime: count,
    late: count,
    overdue: count,
    cancelled: count,
    /** 办结率: done / (all − cancelled), 0–100, one decimal. */
    completionRate: z.number(),
    /** 按期办结率: on time / done. */
    onTimeRate: z.number(),
    avgDays: z.number().nullable(),
  }),
  byColour: z.array(count.extend({ colour: colourKey })),
  byStatus: z.array(count.extend({ status: z.enum(MATTER_STATUSES) })),
  units: z.array(
    z.object({
      unitId: z.number().int(),
      unitName: z.string(),
      all: count,
      done: count,
      onTime: count,
      overdue: count,
      completionRate: z.number(),
      avgDays: z.number().nullable(),
    }),
  ),
  byCategory: z.array(count.extend({ categoryId: z.number().int().nullable(), name: z.string(), done: z.number().int() })),
  bySource: z.array(count.extend({ source: z.enum(MATTER_SOURCES), name: z.string(), done: z.number().int() })),
  trend: z.array(z.object({ week: z.string(), new: count, closed: count, warned: count })),
  overdueList: z.array(
    z.object({
      id: z.number().int(),
      number: z.string(),
      title: z.string(),
      unitName: z.string(),
      leaderName: z.string().nullable(),
      deadline: z.string(),
      daysOverdue: z.number().int(),
      progress: z.number(),
    }),
  ),
  majorProjects: z.object({
    all: count,
    investmentPlan: z.number(),
    investmentDone: z.number(),
    items: z.array(
      z.object({
        id: z.number().int(),
        number: z.string(),
        title: z.string(),
        unitName: z.string(),
        progress: z.number(),
        colour: z.string().nullable(),
        investmentPlan: z.number().nullable(),
        investmentDone: z.number().nullable(),
      }),
    ),
  }),
  generatedMs: z.number(),
});
export type CockpitView = z.infer<typeof cockpitViewSchema>;

/** The big screen's live feed: latest progress reports and colour changes. */
export const cockpitFeedItemSchema = z.object({
  kind: z.enum(['report', 'colour']),
  at: z.string(),
  matterId: z.number().int(),
  number: z.string(),
  title: z.string(),
  unitName: z.string(),
  text: z.string(),
  progress: z.number().nullable(),
  fromColour: z.string().nullable(),
  toColour: z.string().nullable(),
});
export type CockpitFeedItem = z.infer<typeof cockpitFeedItemSchema>;
