import type { PersonInput, Rank } from '@duban/shared';
import { AppError } from '../../errors';
import { requirePermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { recordTrace } from '../trace/trace.service';
import { mobileColumns, mobileQueryHash } from '../../lib/pii-at-rest';
import { personForTrace, presentPerson, seesFullMobile, type PersonView } from './person.presenter';
import * as repo from './person.repository';
import type { Person } from './person.table';
import { findUnit } from './unit.repository';

export async function listPeople(
  deps: Deps,
  actor: Actor,
  f: { unitId?: number; q?: string; rank?: Rank; active?: boolean; limit: number; offset: number },
): Promise<{ items: PersonView[]; total: number }> {
  requirePermission(actor, 'org.read');
  const mobileHash = f.q ? mobileQueryHash(deps.secretKey, f.q) : null;
  const { items, total } = await repo.listPeople(deps.db, actor.tenantId, actor.scope, { ...f, mobileHash }, f.limit, f.offset);
  const full = seesFullMobile(actor);
  return { items: items.map((p) => presentPerson(p, { fullMobile: full, key: deps.secretKey })), total };
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

/**
 * The row's columns from the input. The number is sealed (a fresh IV each time), unless it is the one already stored:
 * then the sealed text stays as it is, so an edit of another field changes nothing about the number, in the row or
 * in the trace. A number registered to another person of the tenant is refused (by its search hash).
 */
async function columns(deps: Deps, tenantId: number, input: PersonInput, current: Person | null) {
  const mobile = mobileColumns(deps.secretKey, input.mobile);
  if (mobile.mobile_hash && mobile.mobile_hash === current?.mobile_hash) mobile.mobile_enc = current.mobile_enc;
  else if (mobile.mobile_hash) {
    const holder = await repo.mobileHolder(deps.db, tenantId, mobile.mobile_hash, current?.id ?? null);
    if (holder) {
      throw new AppError('mobile_taken', `该手机号已登记给“${holder.name}”，同一手机号只能登记给一人`, [{ field: 'mobile', message: `已登记给“${holder.name}”` }]);
    }
  }
  return {
    unit_id: input.unitId,
    division_id: input.divisionId ?? null,
    name: input.name,
    ...mobile,
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
  const values = await columns(deps, actor.tenantId, input, null);
  return inTransaction(deps.db, async (trx) => {
    const row = await repo.insertPerson(trx, { tenant_id: actor.tenantId, ...values });
    await repo.setLeaderUnits(trx, actor.tenantId, row.id, input.leaderOfUnitIds ?? []);
    const view = presentPerson({ ...row, leader_of_unit_ids: input.leaderOfUnitIds ?? [] }, { fullMobile: true, key: deps.secretKey });
    await recordTrace(trx, deps.clock, actor, { action: 'person.create', entityType: 'person', entityId: row.id, after: personForTrace(view, row) });
    return view;
  });
}

export async function updatePerson(deps: Deps, actor: Actor, id: number, version: number, input: PersonInput): Promise<PersonView> {
  requirePermission(actor, 'org.manage');
  const current = await repo.findPerson(deps.db, actor.tenantId, id);
  if (!current) throw new AppError('person_not_found');
  await checkPlacement(deps, actor, input);
  const before = presentPerson({ ...current, leader_of_unit_ids: await repo.leaderUnitIds(deps.db, id) }, { fullMobile: true, key: deps.secretKey });
  const values = await columns(deps, actor.tenantId, input, current);
  return inTransaction(deps.db, async (trx) => {
    const row = await repo.updatePerson(trx, actor.tenantId, id, version, values);
    if (!row) throw new AppError('version_conflict');
    const led = input.leaderOfUnitIds ?? before.leaderOfUnitIds;
    await repo.setLeaderUnits(trx, actor.tenantId, id, led);
    const view = presentPerson({ ...row, leader_of_unit_ids: led }, { fullMobile: true, key: deps.secretKey });
    await recordTrace(trx, deps.clock, actor, { action: 'person.update', entityType: 'person', entityId: id, before: personForTrace(before, current), after: personForTrace(view, row) });
    return view;
  });
}
