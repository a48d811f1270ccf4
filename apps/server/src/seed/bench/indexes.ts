import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** The tables bulk generation fills; their secondary indexes are built once at the end, not row by row. */
export const BULK_TABLES = [
  'matters', 'matter_units', 'matter_handlers', 'milestones', 'progress_reports', 'extension_requests', 'completion_requests',
  'urges', 'notices', 'notice_recipients', 'inspections', 'inspection_inspectors', 'colour_history', 'outbox', 'outbox_recipients',
] as const;

/**
 * Drops the secondary (non-constraint) indexes of the bulk tables and returns their definitions,
 * so they can be rebuilt exactly as the migrations made them.
 */
export async function dropSecondaryIndexes(conn: Kysely<DB>): Promise<{ name: string; def: string }[]> {
  const rows = await sql<{ indexname: string; indexdef: string }>`
    select i.indexname, i.indexdef from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${[...BULK_TABLES]}::text[])
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
    order by i.tablename, i.indexname`.execute(conn);
  for (const r of rows.rows) await sql`drop index ${sql.id(r.indexname)}`.execute(conn);
  return rows.rows.map((r) => ({ name: r.indexname, def: r.indexdef }));
}

/** Builds the dropped indexes again from their saved definitions. */
export async function recreateIndexes(conn: Kysely<DB>, defs: { name: string; def: string }[], log: (msg: string) => void): Promise<void> {
  for (const d of defs) {
    const t0 = Date.now();
    await sql.raw(d.def).execute(conn);
    log(`  index ${d.name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}
