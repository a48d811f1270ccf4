import type { UnitInput } from '@duban/shared';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { isForeignKeyViolation, isUniqueViolation } from '../../lib/pg-errors';
import { recordTrace } from '../trace/trace.service';
import { presentUnit, type UnitView } from './unit.presenter';
import * as repo from './unit.repository';

/** The tenant's unit tree as a flat list (parents before children); anyone in the tenant may read it. */
export async function listUnits(deps: Deps, actor: Actor): Promise<UnitView[]> {
  requirePermission(actor, 'org.read');
  return (await repo.listUnits(deps.db, actor.tenantId)).map(presentUnit);
}

async function checkParent(deps: Deps, actor: Actor, kind: UnitInput['kind'], parentId: number | null, selfId?: number) {
  if (kind === 'division' && parentId === null) throw new AppError('division_parent');
  if (parentId === null) return;
  const parent = await repo.findUnit(deps.db, actor.tenantId, parentId);
  if (!parent) throw new AppError('unit_not_found', `上级单位（编号 ${parentId}）不存在`);
  if (kind === 'division' && parent.kind === 'division') throw new AppError('division_parent', '处室/科室不能再隶属于处室/科室');
  if (selfId !== undefined && (await repo.ancestry(deps.db, actor.tenantId, parentId)).includes(selfId)) {
    throw new AppError('unit_cycle');
  }
}

export async function createUnit(deps: Deps, actor: Actor, input: UnitInput): Promise<UnitView> {
  requirePermission(actor, 'org.manage');
  const parentId = input.parentId ?? null;
  await checkParent(deps, actor, input.kind, parentId);
  try {
    return await inTransaction(deps.db, async (trx) => {
      const row = await repo.insertUnit(trx, {
        tenant_id: actor.tenantId,
        parent_id: parentId,
        kind: input.kind,
        name: input.name,
        short_name: input.shortName ?? null,
        code: input.code ?? null,
        sort: input.sort ?? 0,
        active: input.active ?? true,
      });
      const view = presentUnit(row);
      await recordTrace(trx, deps.clock, actor, { action: 'unit.create', entityType: 'unit', entityId: row.id, after: view });
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('unit_name_taken', `同一上级下已有名为“${input.name}”的单位`);
    throw err;
  }
}

export async function updateUnit(deps: Deps, actor: Actor, id: number, version: number, input: UnitInput): Promise<UnitView> {
  requirePermission(actor, 'org.manage');
  const current = await repo.findUnit(deps.db, actor.tenantId, id);
  if (!current) throw new AppError('unit_not_found');
  const parentId = input.parentId ?? null;
  if (parentId === id) throw new AppError('unit_cycle');
  await checkParent(deps, actor, input.kind, parentId, id);
  try {
    return await inTransaction(deps.db, async (trx) => {
      const row = await repo.updateUnit(trx, actor.tenantId, id, version, {
        parent_id: parentId,
        kind: input.kind,
        name: input.name,
        short_name: input.shortName ?? null,
        code: input.code ?? null,
        sort: input.sort ?? current.sort,
        active: input.active ?? current.active,
      });
      if (!row) throw new AppError('version_conflict');
      const view = presentUnit(row);
      await recordTrace(trx, deps.clock, actor, { action: 'unit.update', entityType: 'unit', entityId: id, before: presentUnit(current), after: view });
      return view;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('unit_name_taken', `同一上级下已有名为“${input.name}”的单位`);
    throw err;
  }
}

export async function deleteUnit(deps: Deps, actor: Actor, id: number): Promise<void> {
  requirePermission(actor, 'org.manage');
  const current = await repo.findUnit(deps.db, actor.tenantId, id);
  if (!current) throw new AppError('unit_not_found');
  const dependents = await repo.unitDependents(deps.db, actor.tenantId, id);
  if (dependents.children || dependents.people) {
    throw new AppError('unit_has_children', `该单位下还有 ${dependents.children} 个下级单位、${dependents.people} 名人员，不能删除`);
  }
  try {
    await inTransaction(deps.db, async (trx) => {
      await repo.deleteUnit(trx, actor.tenantId, id);
      await recordTrace(trx, deps.clock, actor, { action: 'unit.delete', entityType: 'unit', entityId: id, before: presentUnit(current) });
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new AppError('unit_in_use');
    throw err;
  }
}
