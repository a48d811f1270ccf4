import type { Transaction } from 'kysely';
import { addWorkdaysChecked, type matterCreateSchema, type subMatterCreateSchema } from '@duban/shared';
import type { z } from 'zod';
import type { DB } from '../../db/schema';
import { validationError, type FieldIssue } from '../../errors';
import type { Actor } from '../../lib/actor';
import { calendarFor } from '../calendar/calendar.repository';

/** A matter's fields after zod parsing (defaults filled in), as createMatter and updateMatter take them. */
export type MatterInput = z.output<typeof matterCreateSchema>;
export type SubMatterInput = z.output<typeof subMatterCreateSchema>;

/** What the database adds to a valid input: the deadline as a date and how handlers map to units. */
export type ResolvedMatter = {
  deadline: string;
  deadlineProvisional: boolean;
  handlerUnits: Map<number, number>; // person id → unit id on the matter
};

/**
 * Checks an input against the database (units, people and category of this tenant; handlers in one
 * of the matter's units; a sub-matter's deadline within its parent's) and works out "N 个工作日"
 * through the tenant's calendar. Every problem is a 400 naming its field, never a 500.
 */
export async function resolveMatterInput(
  trx: Transaction<DB>,
  actor: Actor,
  input: Omit<MatterInput, 'source'>,
  parent: { deadline: string; startDate: string } | null,
  /** An edit's say on the computed deadline (e.g. an approved extension stands), before dates are checked against it. */
  settle?: (computed: { deadline: string; deadlineProvisional: boolean }) => { deadline: string; deadlineProvisional: boolean },
): Promise<ResolvedMatter> {
  const issues: FieldIssue[] = [];
  const t = actor.tenantId;
  const unitIds = [input.leadUnitId, ...input.coUnitIds];
  const units = await trx.selectFrom('units').select(['id', 'kind', 'active']).where('tenant_id', '=', t).where('id', 'in', unitIds).execute();
  const found = new Map(units.map((u) => [u.id, u]));
  if (!found.has(input.leadUnitId)) issues.push({ field: 'leadUnitId', message: `牵头单位（编号 ${input.leadUnitId}）不存在` });
  const missingCo = input.coUnitIds.filter((id) => !found.has(id));
  if (missingCo.length) issues.push({ field: 'coUnitIds', message: `配合单位不存在：${missingCo.join('、')}` });

  const personIds = [...new Set([...(input.leadLeaderId ? [input.leadLeaderId] : []), ...input.handlerIds])];
  const people = personIds.length
    ? await trx.selectFrom('people').select(['id', 'unit_id', 'active', 'name']).where('tenant_id', '=', t).where('id', 'in', personIds).execute()
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  if (input.leadLeaderId && !byId.has(input.leadLeaderId)) issues.push({ field: 'leadLeaderId', message: `牵头领导（编号 ${input.leadLeaderId}）不存在` });
  const handlerUnits = new Map<number, number>();
  input.handlerIds.forEach((id, i) => {
    const p = byId.get(id);
    if (!p) issues.push({ field: `handlerIds.${i}`, message: `承办人（编号 ${id}）不存在` });
    else if (!unitIds.includes(p.unit_id)) issues.push({ field: `handlerIds.${i}`, message: `承办人${p.name}不属于牵头或配合单位` });
    else handlerUnits.set(id, p.unit_id);
  });

  if (input.categoryId) {
    const c = await trx.selectFrom('categories').select('id').where('tenant_id', '=', t).where('id', '=', input.categoryId).executeTakeFirst();
    if (!c) issues.push({ field: 'categoryId', message: `类别（编号 ${input.categoryId}）不存在` });
  }

  let deadline = input.deadline ?? input.startDate;
  let deadlineProvisional = false;
  if (!input.deadline && input.deadlineWorkdays) {
    // Read through the transaction: the embedded engine has a single connection, which it holds.
    const r = addWorkdaysChecked(await calendarFor(trx, t), input.startDate, input.deadlineWorkdays);
    deadline = r.date;
    deadlineProvisional = r.provisional;
  }
  if (settle) ({ deadline, deadlineProvisional } = settle({ deadline, deadlineProvisional }));
  if (deadline < input.startDate) issues.push({ field: 'deadline', message: '时限不能早于开始日期' });
  input.milestones.forEach((m, i) => {
    if (m.date < input.startDate || m.date > deadline) issues.push({ field: `milestones.${i}.date`, message: `节点日期 ${m.date} 不在事项的开始日期与时限（${deadline}）之间` });
  });
  if (parent && deadline > parent.deadline) issues.push({ field: 'deadline', message: `子事项时限不能晚于上级事项时限（${parent.deadline}）` });
  if (issues.length) throw validationError(issues);
  return { deadline, deadlineProvisional, handlerUnits };
}
