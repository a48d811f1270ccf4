import type { Transaction } from 'kysely';
import { shanghaiDate, type LedgerQuery, type MatterListItem } from '@duban/shared';
import type { DB } from '../../db/schema';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import type { Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import { ledgerPage } from './ledger.query';
import { resolveMatterInput, type MatterInput, type SubMatterInput } from './matter.input';
import { presentListItem, traceMatter } from './matter.presenter';
import * as repo from './matter.repository';
import type { Matter } from './matter.table';
import { nextNumber } from './numbering';

/** The ledger (台账): one page of the actor's matters after the filters, and the total. */
export async function listMatters(deps: Deps, actor: Actor, q: LedgerQuery): Promise<{ items: MatterListItem[]; total: number }> {
  requirePermission(actor, 'matter.read');
  const { rows, total } = await ledgerPage(deps.db, actor, q, deps.clock.now());
  return { items: rows.map(presentListItem), total };
}

/**
 * Registers (立项) a matter inside the caller's transaction: checks the input against the database,
 * numbers it 二七督〔2026〕123号 (tenant prefix, year of registration), stores its units, handlers
 * and milestones, and writes the trace. `parent` makes it a sub-matter (分解). Used by the API, the
 * Excel import and the demo data alike.
 */
export async function createMatter(trx: Transaction<DB>, deps: Deps, actor: Actor, input: MatterInput | SubMatterInput, parent: Matter | null = null): Promise<Matter> {
  requirePermission(actor, 'matter.create');
  const resolved = await resolveMatterInput(trx, deps, actor, input, parent ? { deadline: parent.deadline, startDate: parent.start_date } : null);
  const now = deps.clock.now();
  const year = Number(shanghaiDate(now).slice(0, 4));
  const tenant = await trx.selectFrom('tenants').select('doc_prefix').where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
  const seq = await nextNumber(trx, actor.tenantId, 'matter', year);
  const source = input.source ?? parent?.source;
  if (!source) throw new AppError('validation_failed', '来源：请选择来源', [{ field: 'source', message: '请选择来源' }]);
  const row = await repo.insertMatter(trx, {
    tenant_id: actor.tenantId,
    parent_id: parent?.id ?? null,
    root_id: parent ? (parent.root_id ?? parent.id) : null,
    depth: parent ? parent.depth + 1 : 0,
    year,
    seq,
    number: `${tenant.doc_prefix}〔${year}〕${seq}号`,
    title: input.title,
    content: input.content,
    source,
    source_doc: input.sourceDoc ?? null,
    category_id: input.categoryId ?? null,
    lead_leader_id: input.leadLeaderId ?? null,
    lead_unit_id: input.leadUnitId,
    start_date: input.startDate,
    deadline: resolved.deadline,
    original_deadline: resolved.deadline,
    deadline_workdays: input.deadline ? null : (input.deadlineWorkdays ?? null),
    deadline_provisional: resolved.deadlineProvisional,
    report_cadence: input.reportCadence,
    priority: input.priority,
    difficulty: input.difficulty,
    workload: input.workload,
    weight: input.weight,
    status: 'registered',
    progress: 0,
    investment_plan: input.investmentPlan ?? null,
    created_by: actor.accountId,
    created_at: now,
    updated_at: now,
  });
  await repo.insertUnits(trx, actor.tenantId, row.id, [{ unitId: input.leadUnitId, role: 'lead' }, ...input.coUnitIds.map((unitId) => ({ unitId, role: 'co' as const }))], null);
  await repo.insertHandlers(trx, actor.tenantId, row.id, [...resolved.handlerUnits].map(([personId, unitId]) => ({ personId, unitId })), actor.accountId, now);
  await repo.replaceMilestones(trx, actor.tenantId, row.id, input.milestones, 0, now);
  await recordTrace(trx, deps.clock, actor, {
    action: parent ? 'matter.decompose' : 'matter.create',
    entityType: 'matter',
    entityId: row.id,
    after: { ...traceMatter(row), coUnitIds: input.coUnitIds, handlerIds: input.handlerIds, milestones: input.milestones },
  });
  return row;
}
