import { clusterReached, holdLevelOfCell } from '@duban/shared';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { inTransaction, type Deps } from '../../lib/deps';
import { runExclusive } from '../../lib/exclusive';
import { gridSettingsOf } from '../grid/grid-settings';
import { levelPeople, tellPeople } from '../grid/grid-notify';
import { parentCell } from '../grid/problem.repository';

export type ClusterRun = { ran: boolean; flagged: number; updated: number };

/**
 * 聚集 (issue 17), a job run once across instances (runExclusive 'citizenClusters'): per tenant, the reports of one
 * category in one cell within its window (grid setting clusterDays, default 30; merged duplicates left out, and
 * only those after the street last decided on that cell and category) are counted in one grouped statement. At the
 * threshold (clusterReports, default 5) a cluster is flagged once to the street (its platform people are told);
 * while it stays open, later runs only update its count.
 */
export async function flagClusters(deps: Deps, opts: { tenantId?: number } = {}): Promise<ClusterRun> {
  const r = await runExclusive(deps, 'citizenClusters', (_conn, pool) => flagWith(deps, pool, opts));
  return r.ran ? r.value : { ran: false, flagged: 0, updated: 0 };
}

async function flagWith(deps: Deps, db: Kysely<DB>, opts: { tenantId?: number }): Promise<ClusterRun> {
  const now = deps.clock.now();
  let tq = db.selectFrom('tenants').select('id');
  if (opts.tenantId !== undefined) tq = tq.where('id', '=', opts.tenantId);
  const out: ClusterRun = { ran: true, flagged: 0, updated: 0 };
  for (const { id: tenantId } of await tq.execute()) {
    const settings = await gridSettingsOf(db, tenantId);
    const since = new Date(now.getTime() - settings.clusterDays * 86_400_000);
    const groups = await db
      .selectFrom('grid_problems as p')
      .select(['p.cell_id', 'p.category_id', sql<number>`count(*)::int`.as('n'), sql<Date>`min(p.reported_at)`.as('first_at'), sql<Date>`max(p.reported_at)`.as('last_at'), sql<string>`max(p.id)::text`.as('last_id')])
      .where('p.tenant_id', '=', tenantId)
      .where('p.cell_id', 'is not', null)
      .where('p.reported_at', '>=', since)
      .where('p.status', '!=', 'merged')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('grid_problem_clusters as d')
              .select('d.id')
              .whereRef('d.cell_id', '=', 'p.cell_id')
              .whereRef('d.category_id', '=', 'p.category_id')
              .where('d.status', '!=', 'open')
              .whereRef('d.decided_at', '>=', 'p.reported_at'),
          ),
        ),
      )
      .groupBy(['p.cell_id', 'p.category_id'])
      .having(sql<boolean>`count(*) >= ${settings.clusterReports}`)
      .execute();
    for (const g of groups) {
      if (g.cell_id === null || !clusterReached(Number(g.n), settings.clusterReports)) continue;
      const made = await upsertCluster(deps, tenantId, { cellId: g.cell_id, categoryId: g.category_id, n: Number(g.n), firstAt: g.first_at, lastAt: g.last_at, lastId: g.last_id }, settings.clusterDays, now);
      out[made] += 1;
    }
  }
  return out;
}

type Group = { cellId: number; categoryId: number; n: number; firstAt: Date; lastAt: Date; lastId: string };

async function upsertCluster(deps: Deps, tenantId: number, g: Group, days: number, now: Date): Promise<'flagged' | 'updated'> {
  return inTransaction(deps.db, async (trx) => {
    const open = await trx.selectFrom('grid_problem_clusters').select(['id', 'reports']).where('tenant_id', '=', tenantId).where('cell_id', '=', g.cellId).where('category_id', '=', g.categoryId).where('status', '=', 'open').forUpdate().executeTakeFirst();
    if (open) {
      if (open.reports !== g.n) await trx.updateTable('grid_problem_clusters').set({ reports: g.n, last_at: g.lastAt }).where('id', '=', open.id).execute();
      return 'updated';
    }
    const row = await trx
      .insertInto('grid_problem_clusters')
      .values({ tenant_id: tenantId, cell_id: g.cellId, category_id: g.categoryId, reports: g.n, first_at: g.firstAt, last_at: g.lastAt, flagged_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The street above the cell: climb the tree to its level-1 ancestor.
    let street = await trx.selectFrom('grid_cells').select(['id', 'level', 'unit_id', 'name']).where('id', '=', g.cellId).executeTakeFirstOrThrow();
    for (let i = 0; i < 6 && street.level > 1; i++) {
      const up = await parentCell(trx, street.id);
      if (!up) break;
      street = up;
    }
    const cat = await trx.selectFrom('grid_categories').select('name').where('id', '=', g.categoryId).executeTakeFirstOrThrow();
    const p = await trx.selectFrom('grid_problems').select(['id', 'tenant_id', 'ticket', 'title']).where('id', '=', g.lastId).executeTakeFirstOrThrow();
    const people = await levelPeople(trx, tenantId, { level: holdLevelOfCell(street.level), cellId: street.id, unitId: street.unit_id });
    await tellPeople(trx, p, 'grid.cluster', `${days} 天内同一网格“${cat.name}”已被反映 ${g.n} 次，请研判是否转为督办事项（聚集提示）。`, people, now, { clusterId: String(row.id) });
    return 'flagged';
  });
}
