import { z } from 'zod';
import { COLOUR_ORDER } from './warning-colours';
import { MATTER_STATUSES } from './matter-facts';

// GET /api/workbench: what waits for the signed-in person, per role (待签收, 待汇报, 待审核 …).

export const WORKBENCH_SECTIONS = ['to_sign', 'to_report', 'to_review_completion', 'to_approve_extension', 'notices_to_acknowledge', 'overdue'] as const;
export type WorkbenchSectionKey = (typeof WORKBENCH_SECTIONS)[number];

export const WORKBENCH_SECTION_LABELS: Record<WorkbenchSectionKey, string> = {
  to_sign: '待签收',
  to_report: '待汇报进度',
  to_review_completion: '待审核办结',
  to_approve_extension: '待审批延期',
  notices_to_acknowledge: '待签收通知单',
  overdue: '已逾期',
};

export const workbenchItemSchema = z.object({
  matterId: z.number().int(),
  number: z.string(),
  title: z.string(),
  deadline: z.string(),
  status: z.enum(MATTER_STATUSES),
  colour: z.enum(COLOUR_ORDER).nullable(),
  /** What is waiting, for people: "住建局 申请延期至 2026-12-31" … */
  note: z.string().nullable(),
  /** The extension request or notice this item is about, when it is one. */
  refId: z.number().int().nullable(),
  at: z.string().nullable(),
});
export type WorkbenchItem = z.infer<typeof workbenchItemSchema>;

export const workbenchSchema = z.object({
  sections: z.array(z.object({ key: z.enum(WORKBENCH_SECTIONS), label: z.string(), count: z.number().int(), items: z.array(workbenchItemSchema) })),
});
export type Workbench = z.infer<typeof workbenchSchema>;
