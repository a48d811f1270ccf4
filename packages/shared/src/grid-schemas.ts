import { z } from 'zod';
import { GRID_RATINGS, GRID_STATUSES, GRID_URGENCIES, HOLD_LEVELS } from './grid-flow';
import { bigIdSchema, idSchema, mobileSchema } from './schemas';

const photoIds = z.array(bigIdSchema).max(9, { error: '照片最多 9 张' });
const reason = (what: string) => z.string().trim().min(1, { error: `请填写${what}` }).max(1000, { error: `${what}不超过 1000 字` });

/**
 * A problem report (事件上报) from any source: the 网格长's phone, office staff, the citizens' page, Open311, a
 * hotline import. Photos are ids returned by the photo upload; a location is lon/lat (WGS-84/CGCS2000) or a cell
 * picked by hand; `instant` makes it 即办 (solved on the spot: the report's photos are the "before", these the "after").
 */
export const reportProblemSchema = z
  .object({
    categoryId: idSchema,
    urgency: z.enum(GRID_URGENCIES).optional(),
    title: z.string().trim().max(100, { error: '标题不超过 100 字' }).optional(),
    description: z.string().trim().max(2000, { error: '问题描述不超过 2000 字' }).default(''),
    address: z.string().trim().max(200, { error: '地址不超过 200 字' }).optional(),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    cellId: idSchema.optional(),
    photoIds: photoIds.default([]),
    instant: z.object({ result: reason('处置结果'), afterPhotoIds: photoIds.min(1, { error: '即办须上传处置后的照片' }) }).optional(),
    reporterName: z.string().trim().max(50).optional(),
    reporterMobile: mobileSchema.optional(),
    reporterPublic: z.boolean().default(false),
    sourceRef: z.string().trim().max(64).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.lon === undefined) !== (v.lat === undefined)) ctx.addIssue({ code: 'custom', path: ['lat'], message: '经度和纬度须同时填写' });
    if (v.lon === undefined && v.cellId === undefined && !v.address) ctx.addIssue({ code: 'custom', path: ['address'], message: '请定位、选择网格或填写问题地址' });
    if (v.instant && v.photoIds.length === 0) ctx.addIssue({ code: 'custom', path: ['photoIds'], message: '即办须上传处置前的照片' });
    if (!v.description && !v.title) ctx.addIssue({ code: 'custom', path: ['description'], message: '请简要描述问题' });
  });
export type ReportProblemInput = z.input<typeof reportProblemSchema>;
export type ReportProblemData = z.output<typeof reportProblemSchema>;

/** The bodies of the flow's actions. */
export const gridActionSchemas = {
  accept: z.object({ note: z.string().trim().max(1000).optional() }),
  register: z.object({ note: z.string().trim().max(1000).optional() }),
  reject: z.object({ reason: reason('不予立案的理由') }),
  dispatch: z.object({ unitId: idSchema.optional(), handlerAccountId: idSchema.optional(), note: z.string().trim().max(1000).optional() }).refine((v) => v.unitId !== undefined || v.handlerAccountId !== undefined, { error: '请选择派遣的单位或处置人', path: ['unitId'] }),
  sign: z.object({}),
  return: z.object({ reason: reason('退回理由') }),
  handle: z.object({ result: reason('处置结果'), photoIds: photoIds.default([]) }),
  verify: z.object({ pass: z.boolean({ error: '请选择核查结果' }), note: z.string().trim().max(1000).optional(), photoIds: photoIds.default([]) }).refine((v) => v.pass || !!v.note, { error: '核查不通过须写明原因', path: ['note'] }),
  request_extension: z.object({ hours: z.number().positive({ error: '延期时长须大于 0' }).max(2000, { error: '延期时长不超过 2000 个工作时' }), reason: reason('延期理由') }),
  decide_extension: z.object({ approve: z.boolean(), note: z.string().trim().max(1000).optional() }),
  escalate: z.object({ reason: reason('上报上级的理由（超出本级权限的原因）') }),
  park: z.object({ reason: reason('挂账理由'), reviewOn: z.iso.date({ error: '复查日期格式应为 YYYY-MM-DD' }) }),
  unpark: z.object({ note: z.string().trim().max(1000).optional() }),
  visit: z.object({ rating: z.enum(GRID_RATINGS, { error: '请选择满意、基本满意或不满意' }), comment: z.string().trim().max(1000).optional() }),
} as const;

/** A queue page: problems by level, unit, status, with paging. */
export const problemQueueQuerySchema = z.object({
  level: z.enum(HOLD_LEVELS).optional(),
  status: z.enum(GRID_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional(),
  unitId: idSchema.optional(),
  cellId: idSchema.optional(),
  categoryId: idSchema.optional(),
  mine: z.enum(['reported', 'handling', 'verify', 'level']).optional(),
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ProblemQueueQuery = z.infer<typeof problemQueueQuerySchema>;
