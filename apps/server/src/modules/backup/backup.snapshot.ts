import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { DB } from '../../db/schema';

/** What a backup promises to bring back: every table's row count and each tenant's trace head. */
export type Snapshot = {
  tables: Record<string, number>;
  traceHeads: { tenantId: number; seq: number; hash: string }[];
};

type Query = (text: string) => Promise<{ rows: Record<string, unknown>[] }>;

const TABLES = `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`;
const HEADS = 'select tenant_id, seq, hash from trace_head order by tenant_id';

async function take(query: Query): Promise<Snapshot> {
  const tables: Record<string, number> = {};
  for (const row of (await query(TABLES)).rows) {
    const name = String(row.name);
    const quoted = `"${name.replaceAll('"', '""')}"`;
    tables[name] = Number((await query(`select count(*) as n from ${quoted}`)).rows[0]?.n ?? 0);
  }
  const traceHeads = (await query(HEADS)).rows.map((r) => ({ tenantId: Number(r.tenant_id), seq: Number(r.seq), hash: String(r.hash) }));
  return { tables, traceHeads };
}

/** The snapshot through a Kysely handle (the embedded engine, or after a restore). */
export function snapshotOf(db: Kysely<DB>): Promise<Snapshot> {
  return take(async (text) => sql.raw<Record<string, unknown>>(text).execute(db));
}

/** The snapshot inside an open transaction of one client (PostgreSQL: the transaction pg_dump shares). */
export function snapshotInClient(client: pg.PoolClient): Promise<Snapshot> {
  return take((text) => client.query(text));
}

/** Differences between what was backed up and what is there now, one line each; empty when equal. */
export function compareSnapshots(expected: Snapshot, actual: Snapshot): string[] {
  const problems: string[] = [];
  for (const [table, n] of Object.entries(expected.tables)) {
    const got = actual.tables[table];
    if (got !== n) problems.push(`table ${table}: ${n} rows backed up, ${got ?? 'no table'} restored`);
  }
  for (const table of Object.keys(actual.tables)) if (!(table in expected.tables)) problems.push(`table ${table}: not in the backup`);
  const heads = new Map(actual.traceHeads.map((h) => [h.tenantId, h]));
  for (const h of expected.traceHeads) {
    const got = heads.get(h.tenantId);
    if (!got || got.seq !== h.seq || got.hash !== h.hash) problems.push(`trace head of tenant ${h.tenantId}: #${h.seq} ${h.hash.slice(0, 12)}… backed up, ${got ? `#${got.seq} ${got.hash.slice(0, 12)}…` : 'none'} restored`);
  }
  if (actual.traceHeads.length !== expected.traceHeads.length) problems.push(`trace heads: ${expected.traceHeads.length} backed up, ${actual.traceHeads.length} restored`);
  return problems;
}
