import type { MatterStatus } from '@duban/shared';
import type { Kysely } from 'kysely';
import { perFileCounter } from '../../../test/per-file';
import type { DB } from '../../db/schema';

const seqs = perFileCounter();

/** Inserts a matter (and its lead unit row, handlers, milestones) straight into the tables, for tests. */
export async function insertMatter(
  db: Kysely<DB>,
  m: {
    tenantId: number;
    unitId: number;
    title?: string;
    status?: MatterStatus;
    startDate?: string;
    deadline: string;
    progress?: number;
    assignedAt?: Date | null;
    lastReportAt?: Date | null;
    lastProgressAt?: Date | null;
    reportCadence?: 'none' | 'weekly' | 'biweekly' | 'monthly';
    categoryId?: number | null;
    leadLeaderId?: number | null;
    parentId?: number | null;
    handlers?: number[];
    milestones?: { date: string; plannedProgress: number; description?: string }[];
  },
): Promise<number> {
  const seq = seqs.next();
  const row = await db
    .insertInto('matters')
    .values({
      tenant_id: m.tenantId,
      parent_id: m.parentId ?? null,
      depth: m.parentId ? 1 : 0,
      year: 2026,
      seq,
      number: `测督〔2026〕${seq}号`,
      title: m.title ?? `事项${seq}`,
      source: 'key_work',
      source_doc: null,
      category_id: m.categoryId ?? null,
      lead_leader_id: m.leadLeaderId ?? null,
      lead_unit_id: m.unitId,
      start_date: m.startDate ?? '2026-10-01',
      deadline: m.deadline,
      original_deadline: m.deadline,
      deadline_workdays: null,
      report_cadence: m.reportCadence ?? 'none',
      priority: 'normal',
      difficulty: 1,
      workload: 1,
      weight: 1,
      status: m.status ?? 'in_progress',
      progress: m.progress ?? 0,
      investment_plan: null,
      investment_done: null,
      assigned_at: m.assignedAt === undefined ? new Date('2026-10-01T02:00:00Z') : m.assignedAt,
      last_report_at: m.lastReportAt ?? null,
      last_progress_at: m.lastProgressAt ?? null,
      completion_requested_at: null,
      closed_at: null,
      archived_at: null,
      cancelled_at: null,
      cancel_reason: null,
      rating: null,
      rating_comment: null,
      colour: null,
      colour_reasons: null,
      colour_since: null,
      colour_checked_at: null,
      origin_type: null,
      origin_id: null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('matter_units').values({ tenant_id: m.tenantId, matter_id: row.id, unit_id: m.unitId, role: 'lead', status: 'signed', progress: m.progress ?? 0, assigned_at: null, signed_at: null, signed_by: null, last_report_at: null, completion_requested_at: null, completed_at: null }).execute();
  for (const p of m.handlers ?? []) await db.insertInto('matter_handlers').values({ tenant_id: m.tenantId, matter_id: row.id, unit_id: m.unitId, person_id: p, assigned_by: null }).execute();
  for (const ms of m.milestones ?? []) await db.insertInto('milestones').values({ tenant_id: m.tenantId, matter_id: row.id, due_date: ms.date, planned_progress: ms.plannedProgress, description: ms.description ?? '', reached_at: null }).execute();
  return row.id;
}
