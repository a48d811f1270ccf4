import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema';

type Within = { code: string; level: number; lo: string; hi: string };

export type OpenAt = { byCode: Map<string, { open: number; overdue: number }>; total: { open: number; overdue: number } };

/**
 * The statement of openCountsAt: rows (k, open, overdue). It names no column outside
 * grid_problems_open_cell_deadline_idx (tenant, cell; the deadline included) and tests the deadline only inside a
 * FILTER, so the only index that answers it without the table is that one; the escalation's index
 * (grid_problems_due_idx, partial on `hold_deadline is not null`) cannot serve it at all (a test holds this).
 */
export function openCountsSql(tenantId: number, now: Date, level: number, within?: Within, scope: RawBuilder<boolean> | null = null) {
  const key =
    level <= 3
      ? sql<string | null>`case when c.level is null or c.level < ${level} then null when c.level = ${level} then c.code else rpad(left(c.code, ${6 + level * 3}), 15, '0') end`
      : sql<string | null>`case when c.level is null or c.level < ${level} then null when c.level = ${level} then c.code else left(c.code, ${15 + (level - 3) * 3}) end`;
  // Counted per cell first (one pass over the open rows' index), then the few thousand cells joined and grouped.
  return sql<{ k: string | null; open: number; overdue: number }>`
    select ${key} as k, sum(o.n)::int as open, sum(o.late)::int as overdue
    from (select cell_id, count(*) as n, count(*) filter (where hold_deadline < ${now}) as late
          from grid_problems p where p.tenant_id = ${tenantId} and p.closed_at is null${scope ? sql` and ${scope}` : sql``} group by p.cell_id) o
    ${within ? sql`join` : sql`left join`} grid_cells c on c.id = o.cell_id
    ${within ? sql`where c.code >= ${within.lo} and c.code <= ${within.hi} and c.level >= ${within.level}` : sql``}
    group by 1`;
}

/**
 * Open problems (closed_at null) and the overdue among them per node of one level of the tree, keyed by that node's
 * code, counted and grouped in SQL (a problem in a deeper cell counts under its ancestor at `level`, by code, as
 * nodeRows says; a problem in a shallower cell or in none counts only in the total). `within`: only the branch of
 * that cell (its own problems included in the total). The statistics page needs one level, a few hundred rows;
 * `scope`: the viewer's grid data scope (gridProblemScope, over alias p), or null for the whole tenant.
 * openCountsByNode (the map) returns every node of every level and adds them up in the application.
 */
export async function openCountsAt(db: Kysely<DB>, tenantId: number, now: Date, level: number, within?: Within, scope: RawBuilder<boolean> | null = null): Promise<OpenAt> {
  const rows = await openCountsSql(tenantId, now, level, within, scope).execute(db);
  const byCode = new Map<string, { open: number; overdue: number }>();
  const total = { open: 0, overdue: 0 };
  for (const r of rows.rows) {
    total.open += r.open;
    total.overdue += r.overdue;
    if (r.k !== null) byCode.set(r.k, { open: r.open, overdue: r.overdue });
  }
  return { byCode, total };
}
