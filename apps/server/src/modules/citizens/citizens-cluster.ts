import { clusterReached, holdLevelOfCell } from '@duban/shared';
import { sql } from 'kysely';
import { inTransaction, type Deps } from '../../lib/deps';
import { gridSettingsOf } from '../grid/grid-settings';
import { levelPeople, tellPeople } from '../grid/grid-notify';
import { parentCell } from '../grid/problem.repository';

/**
 * 聚集 (issue 17): after a report, counts the reports of its category in its cell within the tenant's window
 * (default 30 days, merged duplicates left out). At the threshold (default 5) the cluster is flagged once to the
 * street (its platform people are told); while it stays open, further reports only update its count.
 * Returns the cluster id when one is open for this cell and category.
 */
export async function checkCluster(deps: Deps, tenantId: number, problemId: string): Promise<string | null> {
  const p = await deps.db.selectFrom('grid_problems').select(['id', 'cell_id', 'category_id', 'ticket', 'title', 'tenant_id']).where('id', '=', problemId).executeTakeFirst();
  if (!p || p.cell_id === null) return null;
  const settings = await gridSettingsOf(deps.db, tenantId);
  const now = deps.clock.now();
  const since = new Date(now.getTime() - settings.clusterDays * 86_400_000);
  const agg = await deps.db
    .selectFrom('grid_problems')
    .select([sql<number>`count(*)::int`.as('n'), sql<Date>`min(reported_at)`.as('first_at'), sql<Date>`max(reported_at)`.as('last_at')])
    .where('tenant_id', '=', tenantId)
    .where('cell_id', '=', p.cell_id)
    .where('category_id', '=', p.category_id)
    .where('reported_at', '>=', since)
    .where('status', '!=', 'merged')
    .executeTakeFirstOrThrow();
  if (!clusterReached(Number(agg.n), settings.clusterReports)) return null;
  const cellId = p.cell_id;
  return inTransaction(deps.db, async (trx) => {
    const open = await trx.selectFrom('grid_problem_clusters').select('id').where('tenant_id', '=', tenantId).where('cell_id', '=', cellId).where('category_id', '=', p.category_id).where('status', '=', 'open').forUpdate().executeTakeFirst();
    if (open) {
      await trx.updateTable('grid_problem_clusters').set({ reports: Number(agg.n), last_at: agg.last_at }).where('id', '=', open.id).execute();
      return String(open.id);
    }
    const row = await trx
      .insertInto('grid_problem_clusters')
      .values({ tenant_id: tenantId, cell_id: cellId, category_id: p.category_id, reports: Number(agg.n), first_at: agg.first_at, last_at: agg.last_at, flagged_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The street above the cell: climb the tree to its level-1 ancestor.
    let street = await trx.selectFrom('grid_cells').select(['id', 'level', 'unit_id', 'name']).where('id', '=', cellId).executeTakeFirstOrThrow();
    for (let i = 0; i < 6 && street.level > 1; i++) {
      const up = await parentCell(trx, street.id);
      if (!up) break;
      street = up;
    }
    const cat = await trx.selectFrom('grid_categories').select('name').where('id', '=', p.category_id).executeTakeFirstOrThrow();
    const people = await levelPeople(trx, tenantId, { level: holdLevelOfCell(street.level), cellId: street.id, unitId: street.unit_id });
    await tellPeople(trx, { id: p.id, tenant_id: tenantId, ticket: p.ticket, title: p.title }, 'grid.cluster', `${settings.clusterDays} 天内同一网格“${cat.name}”已被反映 ${agg.n} 次，请研判是否转为督办事项。`, people, now, { clusterId: String(row.id) });
    return String(row.id);
  });
}
