import type pg from 'pg';

/** Whether this server runs without autovacuum (these machines' PostgreSQL has `autovacuum = off` in its CI settings). */
export async function autovacuumOff(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ off: boolean }>(`select current_setting('autovacuum') = 'off' as off`);
  return rows[0]?.off ?? false;
}

/**
 * Does what autovacuum would have done by now, when it is off: vacuums each table whose dead rows passed
 * 20% of its live ones (+50) or whose rows inserted since its last vacuum passed 20% (+1,000: PostgreSQL 13's
 * insert-driven vacuum, which sets the visibility map of a table written once, such as a quarter's assessment lines),
 * and analyzes each whose changes since the last analyze passed 10% (+50), the defaults. Production runs with autovacuum on; without this, a read workload after a write one (a sweep
 * rewriting 250,000 matters) measured index-only scans that had to visit the heap for every row.
 * Returns the tables it vacuumed.
 */
export async function standInForAutovacuum(pool: pg.Pool): Promise<string[]> {
  if (!(await autovacuumOff(pool))) return [];
  const { rows } = await pool.query<{ name: string; vacuum: boolean }>(
    `select format('%I.%I', schemaname, relname) as name,
       n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup as vacuum
     from pg_stat_user_tables
     where n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup or n_mod_since_analyze > 50 + 0.1 * n_live_tup`,
  );
  for (const r of rows) await pool.query(r.vacuum ? `vacuum (analyze) ${r.name}` : `analyze ${r.name}`);
  return rows.filter((r) => r.vacuum).map((r) => r.name);
}
