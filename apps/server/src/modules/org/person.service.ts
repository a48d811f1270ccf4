import type { PersonInput, Rank } from '@duban/shared';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import { presentPerson, seesFullMobile, type PersonView } from './person.presenter';
import * as repo from './person.repository';
import { findUnit } from './unit.repository';


export async function listPeople(
  deps: Deps,
  actor: Actor,
  f: { unitId?: number; q?: string; rank?: Rank; active?: boolean; limit: number; offset: number },
): Promise<{ items: PersonView[]; total: number }> {
  requirePermission(actor, 'org.read');
  const { items, total } = await repo.listPeople(deps.db, actor.tenantId, actor.scope, f, f.limit, f.offset);
  const full = seesFullMobile(actor);
  return { items: items.map((p) => presentPerson(p, { fullMobile: full })), total };
}

async function checkPlacement(deps: Deps, actor: Actor, input: PersonInput) {
  const unit = await findUnit(deps.db, actor.tenantId, input.unitId);
  if (!unit || unit.kind === 'division') throw new AppError('unit_not_found', `所属单位（编号 ${input.unitId}）不存在`);
  if (input.divisionId) {
    const division = await findUnit(deps.db, actor.tenantId, input.divisionId);
    if (!division || division.parent_id !== input.unitId) {
      throw new AppError('validation_failed', '所在处室/科室不属于所选单位', [{ field: 'divisionId', message: '所在处室/科室不属于所选单位' }]);
    }
  }
  const led = input.leaderOfUnitIds ?? [];
  const found = await repo.existingUnitIds(deps.db, actor.tenantId, led);
  const missing = led.filter((id) => !found.has(id));
  if (missing.length) throw new AppError('unit_not_found', `分管单位不存在：${missing.join('、')}`);
}

function columns(input: PersonInput) {
  return {
    unit_id: input.unitId,
    division_id: input.divisionId ?? null,
    name: input.name,
    mobile: input.mobile ?? null,
    email: input.email ?? null,
    rank: input.rank,
    title: input.title ?? null,
    wecom_user_id: input.wecomUserId ?? null,
    dingtalk_user_id: input.dingtalkUserId ?? null,
    is_unit_head: input.isUnitHead ?? false,
    is_liaison: input.isLiaison ?? false,
    active: input.active ?? true,
  };
}

export async function createPerson(deps: Deps, actor: Actor, input: PersonInput): Promise<PersonView> {
  requirePermission(actor, 'org.manage');
  await checkPlacement(deps, actor, input);
  return inTransaction(deps.db, async (trx) => {
    const row = await repo.insertPerson(trx, { tenant_id: actor.tenantId, ...columns(input) });
    await repo.setLeaderUnits(trx, actor.tenantId, row.id, input.leaderOfUnitIds ?? []);
    const view = presentPerson({ ...row, leader_of_unit_ids: input.leaderOfUnitIds ?? [] }, { fullMobile: true });
    await recordTrace(trx, deps.clock, actor, { action: 'person.create', entityType: 'person', entityId: row.id, after: view });
    return view;
  });
}

export async function updatePerson(deps: Deps, actor: Actor, id: number, version: number, input: PersonInput): Promise<PersonView> {
  requirePermission(actor, 'org.manage');
  const current = await repo.findPerson(deps.db, actor.tenantId, id);
  if (!current) throw new AppError('person_not_found');
  await checkPlacement(deps, actor, input);
  const before = presentPerson({ ...current, leader_of_unit_ids: await repo.leaderUnitIds(deps.db, id) }, { fullMobile: true });
  return inTransaction(deps.db, async (trx) => {
    const row = await repo.updatePerson(trx, actor.tenantId, id, version, columns(input));
    if (!row) throw new AppError('version_conflict');
    const led = input.leaderOfUnitIds ?? before.leaderOfUnitIds;
    await repo.setLeaderUnits(trx, actor.tenantId, id, led);
    const view = presentPerson({ ...row, leader_of_unit_ids: led }, { fullMobile: true });
    await recordTrace(trx, deps.clock, actor, { action: 'person.update', entityType: 'person', entityId: id, before, after: view });
    return view;
  });
}
