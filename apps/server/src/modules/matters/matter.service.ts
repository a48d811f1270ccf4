import type { Transaction } from 'kysely';
import { decideDeadlineEdit, shanghaiDate, type DeadlineEditDecision, type LedgerQuery, type MatterListItem } from '@duban/shared';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import { ledgerPage } from './ledger.query';
import { rollupAncestors } from './matter-action';
import { matterContext, requireAction } from './matter.access';
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
  const resolved = await resolveMatterInput(trx, actor, input, parent ? { deadline: parent.deadline, startDate: parent.start_date } : null);
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

/**
 * 修改: the office edits a matter; the second of two concurrent editors gets 409 version_conflict.
 * After an approved extension the deadline moves only on purpose, with its own reason (decideDeadlineEdit).
 */
export async function updateMatter(deps: Deps, actor: Actor, id: number, input: MatterInput & { version: number; deadlineChangeReason?: string | null }): Promise<void> {
  requirePermission(actor, 'matter.read');
  await inTransaction(deps.db, async (trx) => {
    const ctx = await matterContext(trx, actor, id, true);
    requireAction(ctx, 'edit');
    const m = ctx.matter;
    if (m.version !== input.version) throw new AppError('version_conflict', undefined, { currentVersion: m.version });
    const parent = m.parent_id === null ? null : await repo.findMatter(trx, actor.tenantId, m.parent_id);
    const superseded = await trx.selectFrom('extension_requests').select('previous_deadline').where('tenant_id', '=', actor.tenantId).where('matter_id', '=', id).where('status', '=', 'approved').execute();
    // Set by the callback below; a holder, so the compiler does not narrow it to its initial value.
    const edit: { decision: DeadlineEditDecision } = { decision: { kind: 'unchanged' } };
    const resolved = await resolveMatterInput(trx, actor, input, parent ? { deadline: parent.deadline, startDate: parent.start_date } : null, (computed) => {
      const decision = decideDeadlineEdit({ current: m.deadline, requested: computed.deadline, supersededByExtension: superseded.map((e) => e.previous_deadline), reason: input.deadlineChangeReason });
      if (decision.kind === 'reason_required') {
        throw validationError([{ field: 'deadlineChangeReason', message: `事项已批准延期至 ${m.deadline}，再改时限须填写时限变更理由` }]);
      }
      edit.decision = decision;
      return decision.kind === 'kept' ? { deadline: m.deadline, deadlineProvisional: m.deadline_provisional } : computed;
    });
    const deadlineKept = edit.decision.kind === 'kept';
    const later = await trx.selectFrom('matters').select(['number', 'deadline']).where('tenant_id', '=', actor.tenantId).where('parent_id', '=', id).where('deadline', '>', resolved.deadline).where('status', '!=', 'cancelled').executeTakeFirst();
    if (later) throw validationError([{ field: 'deadline', message: `时限不能早于子事项 ${later.number} 的时限（${later.deadline}）` }]);
    const now = deps.clock.now();

    // Units: keep those still named, add new ones (pending, assigned if the matter is), drop the rest unless they reported.
    const wanted = new Map<number, 'lead' | 'co'>([[input.leadUnitId, 'lead'], ...input.coUnitIds.map((u) => [u, 'co'] as const)]);
    const dropped = ctx.units.filter((u) => !wanted.has(u.unit_id));
    if (dropped.length) {
      const reported = await trx.selectFrom('progress_reports').select('unit_id').where('matter_id', '=', id).where('unit_id', 'in', dropped.map((u) => u.unit_id)).limit(1).executeTakeFirst();
      if (reported) throw validationError([{ field: 'coUnitIds', message: '已汇报过进度的单位不能从事项中移除' }]);
      await trx.deleteFrom('matter_handlers').where('matter_id', '=', id).where('unit_id', 'in', dropped.map((u) => u.unit_id)).execute();
      await trx.deleteFrom('matter_units').where('matter_id', '=', id).where('unit_id', 'in', dropped.map((u) => u.unit_id)).execute();
    }
    for (const u of ctx.units) {
      const role = wanted.get(u.unit_id);
      if (role && role !== u.role) await trx.updateTable('matter_units').set({ role }).where('id', '=', u.id).execute();
    }
    const added = [...wanted].filter(([unitId]) => !ctx.units.some((u) => u.unit_id === unitId)).map(([unitId, role]) => ({ unitId, role }));
    await repo.insertUnits(trx, actor.tenantId, id, added, m.status === 'registered' ? null : now);
    await trx.deleteFrom('matter_handlers').where('matter_id', '=', id).where('person_id', 'not in', input.handlerIds.length ? input.handlerIds : [-1]).execute();
    await repo.insertHandlers(trx, actor.tenantId, id, [...resolved.handlerUnits].map(([personId, unitId]) => ({ personId, unitId })), actor.accountId, now);
    await repo.replaceMilestones(trx, actor.tenantId, id, input.milestones, Number(m.progress), now);

    const row = await repo.updateMatterVersioned(
      trx,
      actor.tenantId,
      id,
      input.version,
      {
        title: input.title,
        content: input.content,
        source: input.source,
        source_doc: input.sourceDoc ?? null,
        category_id: input.categoryId ?? null,
        lead_leader_id: input.leadLeaderId ?? null,
        lead_unit_id: input.leadUnitId,
        start_date: input.startDate,
        deadline: resolved.deadline,
        // Before 交办 the deadline is still being set; afterwards the first one stays on record.
        ...(m.status === 'registered' ? { original_deadline: resolved.deadline } : {}),
        // A kept extension leaves the deadline's fields as the extension set them.
        deadline_workdays: deadlineKept ? m.deadline_workdays : input.deadline ? null : (input.deadlineWorkdays ?? null),
        deadline_provisional: resolved.deadlineProvisional,
        report_cadence: input.reportCadence,
        priority: input.priority,
        difficulty: input.difficulty,
        workload: input.workload,
        weight: input.weight,
        investment_plan: input.investmentPlan ?? null,
      },
      now,
    );
    if (!row) throw new AppError('version_conflict');
    if (m.parent_id !== null && Number(row.weight) !== Number(m.weight)) await rollupAncestors(trx, actor.tenantId, m.parent_id, now);
    await recordTrace(trx, deps.clock, actor, {
      action: 'matter.update',
      entityType: 'matter',
      entityId: id,
      before: { ...traceMatter(m), unitIds: ctx.units.map((u) => u.unit_id) },
      after: { ...traceMatter(row), unitIds: [...wanted.keys()], handlerIds: input.handlerIds, milestones: input.milestones },
    });
    const settled = edit.decision;
    if (settled.kind === 'changed' && settled.afterExtension) {
      await recordTrace(trx, deps.clock, actor, { action: 'matter.deadline_change', entityType: 'matter', entityId: id, before: { deadline: m.deadline }, after: { deadline: row.deadline, reason: settled.reason } });
    }
  });
  deps.bus.publish({ tenantId: actor.tenantId, type: 'matter.status', accountIds: null, data: { matterId: id, action: 'edit' } });
}

/** 立项 through the API: registers the matter in its own transaction. */
export async function registerMatter(deps: Deps, actor: Actor, input: MatterInput): Promise<Matter> {
  const row = await inTransaction(deps.db, (trx) => createMatter(trx, deps, actor, input));
  deps.bus.publish({ tenantId: actor.tenantId, type: 'matter.status', accountIds: null, data: { matterId: row.id, action: 'create', status: row.status } });
  return row;
}

/** 分解: a sub-matter with its own lead leader, unit and deadline (never later than the parent's). */
export async function decomposeMatter(deps: Deps, actor: Actor, parentId: number, input: SubMatterInput): Promise<Matter> {
  requirePermission(actor, 'matter.read');
  const row = await inTransaction(deps.db, async (trx) => {
    const ctx = await matterContext(trx, actor, parentId, true);
    requireAction(ctx, 'decompose');
    const child = await createMatter(trx, deps, actor, input, ctx.matter);
    await rollupAncestors(trx, actor.tenantId, parentId, deps.clock.now());
    return child;
  });
  deps.bus.publish({ tenantId: actor.tenantId, type: 'matter.status', accountIds: null, data: { matterId: row.id, parentId, action: 'decompose', status: row.status } });
  return row;
}
