import { defaultLimitRows, STANDARD_TAXONOMY, type LimitRow } from '@duban/shared';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { insertLimitVersion } from './grid-limits.service';

/**
 * Gives a tenant the standard taxonomy (5 部件 and 6 事件 major classes with their common subclasses, each with its
 * usual department among the tenant's units when one matches) and a first time-limit version with the 12345
 * defaults and the subclasses' own handling limits, effective from `from`. Skips whatever the tenant already has,
 * so it can run again: a new tenant gets it at creation (applyTenantDefaults, before it has any units), and running
 * it again after the organisation is imported fills in the usual department of a standard class that has none yet.
 * Returns the category ids by code.
 */
export async function seedGridDefaults(trx: Transaction<DB>, tenantId: number, from: Date, now: Date = from): Promise<Map<string, number>> {
  const units = await trx.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', tenantId).where('active', '=', true).where('kind', '!=', 'division').orderBy('id').execute();
  const deptOf = (words: readonly string[] | undefined) => {
    for (const w of words ?? []) {
      const u = units.find((x) => x.name.includes(w));
      if (u) return u.id;
    }
    return null;
  };
  const existing = new Map((await trx.selectFrom('grid_categories').select(['id', 'code']).where('tenant_id', '=', tenantId).execute()).map((c) => [c.code, c.id]));
  const insert = async (parentId: number | null, e: (typeof STANDARD_TAXONOMY)[number]) => {
    const have = existing.get(e.code);
    if (have !== undefined) {
      const dept = deptOf(e.dept);
      if (dept !== null) await trx.updateTable('grid_categories').set({ default_unit_id: dept }).where('id', '=', have).where('default_unit_id', 'is', null).execute();
      return have;
    }
    const row = await trx
      .insertInto('grid_categories')
      .values({ tenant_id: tenantId, parent_id: parentId, kind: e.kind, code: e.code, name: e.name, urgency: e.urgency ?? 'normal', default_unit_id: deptOf(e.dept) })
      .returning('id')
      .executeTakeFirstOrThrow();
    existing.set(e.code, row.id);
    return row.id;
  };
  for (const major of STANDARD_TAXONOMY) {
    const id = await insert(null, major);
    for (const sub of major.children ?? []) await insert(id, sub);
  }
  const hasVersion = await trx.selectFrom('grid_limit_versions').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
  if (!hasVersion) {
    const own: LimitRow[] = STANDARD_TAXONOMY.flatMap((m) =>
      (m.children ?? []).flatMap((c) => (c.handle && existing.has(c.code) ? [{ categoryId: existing.get(c.code) ?? null, urgency: null, stage: 'handle' as const, ...c.handle }] : [])),
    );
    await insertLimitVersion(trx, tenantId, { effectiveFrom: from, note: '初始时限表（12345 工单惯例与数字城管时限）', rows: [...defaultLimitRows(), ...own], createdBy: null, now });
  }
  return existing;
}
