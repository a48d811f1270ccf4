import { z } from 'zod';
import { GRID_ACTIONS, GRID_BLOCK_CODES, GRID_STATUSES, GRID_URGENCIES } from './grid-flow';

/** What the API answers about grid problems; the web client reads the same types. */

const colour = z.enum(['red', 'yellow', 'green']).nullable();

export const reportResultSchema = z.object({
  id: z.string(),
  ticket: z.string(),
  status: z.enum(GRID_STATUSES),
  cellId: z.number().int().nullable(),
  cellNote: z.string(),
  holdLevel: z.string(),
  possibleDuplicates: z.array(z.object({ id: z.string(), ticket: z.string(), title: z.string(), distanceM: z.number() })),
  existing: z.boolean(),
});
export type ReportResultView = z.infer<typeof reportResultSchema>;

export const queueItemSchema = z.object({
  id: z.string(),
  ticket: z.string(),
  title: z.string(),
  status: z.enum(GRID_STATUSES),
  urgency: z.enum(GRID_URGENCIES),
  source: z.string(),
  categoryName: z.string(),
  holdLevel: z.string(),
  holdName: z.string().nullable(),
  unitName: z.string().nullable(),
  cellName: z.string().nullable(),
  /** The cell's street and community (五里堡街道 › 工人路社区), to tell apart cells of the same name. */
  cellParent: z.string().nullable().optional(),
  reportedAt: z.string(),
  stageDeadline: z.string().nullable(),
  holdDeadline: z.string().nullable(),
  minutesLeft: z.number().nullable(),
  colour,
  matterId: z.number().int().nullable(),
});
export type QueueItemView = z.infer<typeof queueItemSchema>;
export const queuePageSchema = z.object({ items: z.array(queueItemSchema), total: z.number().int() });

const photoView = z.object({ id: z.number().int(), url: z.string(), phase: z.enum(['report', 'before', 'after', 'verify']), size: z.number().int(), createdAt: z.string() });

export const problemDetailSchema = z.object({
  id: z.string(),
  ticket: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(GRID_STATUSES),
  source: z.string(),
  sourceRef: z.string().nullable(),
  categoryId: z.number().int(),
  categoryName: z.string(),
  urgency: z.enum(GRID_URGENCIES),
  address: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  cell: z
    .object({ id: z.number().int(), name: z.string().nullable(), code: z.string().nullable(), rule: z.string().nullable(), note: z.string().nullable(), parent: z.string().nullable().optional() })
    .nullable(),
  cellNote: z.string().nullable(),
  holdLevel: z.string(),
  holdName: z.string().nullable(),
  holdSince: z.string().nullable(),
  holdDeadline: z.string().nullable(),
  stageDeadline: z.string().nullable(),
  dueAt: z.string().nullable(),
  minutesLeft: z.number().nullable(),
  colour,
  unitName: z.string().nullable(),
  handlerName: z.string().nullable(),
  extensionRequest: z.object({ minutes: z.number(), reason: z.string(), byName: z.string(), at: z.string() }).partial().passthrough().nullable(),
  parkReason: z.string().nullable(),
  parkedUntil: z.string().nullable(),
  rating: z.string().nullable(),
  ratingComment: z.string().nullable(),
  reopenCount: z.number().int(),
  reworkCount: z.number().int(),
  extensionCount: z.number().int(),
  resolvedLevel: z.string().nullable(),
  reporterName: z.string().nullable(),
  reporterMobile: z.string().nullable(),
  matter: z.object({ id: z.number().int(), number: z.string().nullable(), colour: z.string().nullable() }).nullable(),
  reportedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  events: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      action: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      holdLevel: z.string().nullable(),
      unitName: z.string().nullable(),
      actorName: z.string().nullable(),
      note: z.string().nullable(),
      data: z.unknown(),
      public: z.boolean(),
    }),
  ),
  holds: z.array(
    z.object({ level: z.string(), unitName: z.string().nullable(), cellName: z.string().nullable(), startedAt: z.string(), endedAt: z.string().nullable(), workingMinutes: z.number(), leftBy: z.string().nullable() }),
  ),
  photos: z.array(photoView),
  actions: z.object({
    available: z.array(z.enum(GRID_ACTIONS)),
    blocked: z.array(z.object({ action: z.enum(GRID_ACTIONS), code: z.enum(GRID_BLOCK_CODES), message: z.string() })),
  }),
});
export type ProblemDetailView = z.infer<typeof problemDetailSchema>;

export const gridCategoryViewSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  kind: z.enum(['component', 'event']),
  code: z.string(),
  name: z.string(),
  urgency: z.enum(GRID_URGENCIES),
  defaultUnitId: z.number().int().nullable(),
  defaultUnitName: z.string().nullable(),
  duplicateRadiusM: z.number().int(),
  public: z.boolean(),
  active: z.boolean(),
});
export type GridCategoryView = z.infer<typeof gridCategoryViewSchema>;

export const photoUploadResultSchema = z.object({ id: z.number().int(), url: z.string(), size: z.number().int(), width: z.number().int(), height: z.number().int() });
