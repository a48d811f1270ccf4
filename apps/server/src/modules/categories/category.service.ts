import type { CategoryInput, CategoryView } from '@duban/shared';
import { AppError } from '../../errors';
import { requireAnyPermission, type Actor } from '../../lib/actor';
import { inTransaction, type Deps } from '../../lib/deps';
import { isForeignKeyViolation, isUniqueViolation } from '../../lib/pg-errors';
import { recordTrace } from '../trace/trace.service';
import * as repo from './category.repository';

type Row = Awaited<ReturnType<typeof repo.findCategory>> & {};

function present(c: Row & { matter_count?: number | null }): CategoryView {
  const thresholds = c.thresholds ? Object.fromEntries(Object.entries(c.thresholds).filter((e): e is [string, number] => typeof e[1] === 'number')) : null;
  return { id: c.id, name: c.name, sort: c.sort, active: c.active, thresholds, matterCount: Number(c.matter_count ?? 0) };
}

const thresholdsJson = (t: CategoryInput['thresholds']) => (t ? JSON.stringify(Object.fromEntries(Object.entries(t).filter((e) => typeof e[1] === 'number'))) : null);

/** The category dictionary (类别); everyone who works with matters reads it. */
export async function listCategories(deps: Deps, actor: Actor): Promise<CategoryView[]> {
  requireAnyPermission(actor, 'matter.read', 'dictionary.manage');
  return (await repo.listCategories(deps.db, actor.tenantId)).map(present);
}

function nameTaken(err: unknown, name: string): never {
  if (isUniqueViolation(err)) throw new AppError('category_name_taken', `已有名为“${name}”的类别`);
  throw err;
}

export async function createCategory(deps: Deps, actor: Actor, input: CategoryInput): Promise<CategoryView> {
  requireAnyPermission(actor, 'dictionary.manage', 'matter.manage');
  try {
    return await inTransaction(deps.db, async (trx) => {
      const row = await repo.insertCategory(trx, { tenant_id: actor.tenantId, name: input.name, sort: input.sort ?? 0, active: input.active ?? true, thresholds: thresholdsJson(input.thresholds) });
      const view = present(row);
      await recordTrace(trx, deps.clock, actor, { action: 'category.create', entityType: 'category', entityId: row.id, after: view });
      return view;
    });
  } catch (err) {
    return nameTaken(err, input.name);
  }
}

export async function updateCategory(deps: Deps, actor: Actor, id: number, input: CategoryInput): Promise<CategoryView> {
  requireAnyPermission(actor, 'dictionary.manage', 'matter.manage');
  const current = await repo.findCategory(deps.db, actor.tenantId, id);
  if (!current) throw new AppError('category_not_found');
  try {
    return await inTransaction(deps.db, async (trx) => {
      const row = await repo.updateCategory(trx, actor.tenantId, id, {
        name: input.name,
        sort: input.sort ?? current.sort,
        active: input.active ?? current.active,
        ...(input.thresholds === undefined ? {} : { thresholds: thresholdsJson(input.thresholds) }),
      });
      if (!row) throw new AppError('category_not_found');
      const view = present(row);
      await recordTrace(trx, deps.clock, actor, { action: 'category.update', entityType: 'category', entityId: id, before: present(current), after: view });
      return view;
    });
  } catch (err) {
    return nameTaken(err, input.name);
  }
}

/** Deletes an unused category; one in use must be deactivated instead (409 category_in_use). */
export async function deleteCategory(deps: Deps, actor: Actor, id: number): Promise<void> {
  requireAnyPermission(actor, 'dictionary.manage', 'matter.manage');
  const current = await repo.findCategory(deps.db, actor.tenantId, id);
  if (!current) throw new AppError('category_not_found');
  try {
    await inTransaction(deps.db, async (trx) => {
      await repo.deleteCategory(trx, actor.tenantId, id);
      await recordTrace(trx, deps.clock, actor, { action: 'category.delete', entityType: 'category', entityId: id, before: present(current) });
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new AppError('category_in_use');
    throw err;
  }
}
