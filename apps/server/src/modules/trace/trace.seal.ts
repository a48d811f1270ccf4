import { sql, type Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type Transaction, type UnknownRow } from 'kysely';
import type { DB } from '../../db/schema';
import { hmacSm3, safeEqual } from '../../lib/crypto';
import { traceHash } from './trace.hash';
import type { TraceRow } from './trace.table';
import { GENESIS_HASH } from './trace.repository';

/**
 * Carries the server key on the application's database handle (and every transaction opened from it) without
 * changing any query, so each of the many recordTrace callers seals its row without passing the key along, and a
 * handle opened any other way cannot write the trace at all.
 */
export class TraceKey implements KyselyPlugin {
  constructor(readonly key: string) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The server key the handle carries; throws for a handle not opened by openRuntime. */
export function traceKeyOf(conn: Kysely<DB> | Transaction<DB>): string {
  const plugin = conn.getExecutor().plugins.find((p): p is TraceKey => p instanceof TraceKey);
  if (!plugin) throw new Error('this database handle carries no server key (open it with openRuntime)');
  return plugin.key;
}

/** HMAC-SM3 of a row's chain hash under the server key: only the application can compute it. */
export function traceMac(key: string, hash: string): string {
  return hmacSm3(key, `duban-trace-row\n${hash}`);
}

/** True when the row carries this server's MAC of its hash. */
export function macValid(key: string, row: Pick<TraceRow, 'hash' | 'mac'>): boolean {
  return row.mac !== null && safeEqual(row.mac, traceMac(key, row.hash));
}

/** The row's chain hash recomputed from its content. */
export function recomputeHash(r: TraceRow): string {
  return traceHash(r.prev_hash, {
    tenantId: r.tenant_id,
    seq: r.seq,
    at: r.at,
    actorAccountId: r.actor_account_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    ip: r.ip,
    requestId: r.request_id,
  });
}

const BATCH = 2000;

/**
 * Seals rows written before rows carried a MAC (migration 6100), once, when the application starts: per tenant,
 * from the first unsealed row up to the head at the migration (trace_seal_boundary), while the chain holds (each row's hash recomputes and points at its
 * predecessor, which is sealed or sealed just now). A row that breaks the chain stays unsealed, so
 * verification reports it. Returns the number of rows sealed.
 */
export async function sealUnsealedRows(db: Kysely<DB>, key: string): Promise<number> {
  // Only rows up to each tenant's head when migration 6100 ran: anything unsealed after it came from elsewhere.
  const starts = (
    await sql<{ tenant_id: number; seq: number; last: number }>`
      select t.tenant_id, min(t.seq)::int as seq, b.seq::int as last
      from trace t join trace_seal_boundary b on b.tenant_id = t.tenant_id
      where t.mac is null and t.seq <= b.seq
      group by t.tenant_id, b.seq`.execute(db)
  ).rows;
  let sealed = 0;
  for (const start of starts) {
    const prev = start.seq > 1 ? await db.selectFrom('trace').select(['hash', 'mac']).where('tenant_id', '=', start.tenant_id).where('seq', '=', start.seq - 1).executeTakeFirst() : null;
    if (start.seq > 1 && (!prev || !macValid(key, prev))) continue;
    let prevHash = prev?.hash ?? GENESIS_HASH;
    let expected = start.seq;
    for (let done = false; !done; ) {
      const rows = await db
        .selectFrom('trace')
        .selectAll()
        .where('tenant_id', '=', start.tenant_id)
        .where('seq', '>=', expected)
        .where('seq', '<=', start.last)
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      const ids: number[] = [];
      const macs: string[] = [];
      for (const r of rows) {
        const holds = r.seq === expected && r.prev_hash === prevHash && recomputeHash(r) === r.hash && (r.mac === null || macValid(key, r));
        if (!holds) {
          done = true;
          break;
        }
        if (r.mac === null) {
          ids.push(r.id);
          macs.push(traceMac(key, r.hash));
        }
        prevHash = r.hash;
        expected++;
      }
      if (ids.length) {
        const r = await sql`update trace t set mac = u.mac from unnest(${ids}::bigint[], ${macs}::text[]) as u(id, mac) where t.id = u.id and t.mac is null`.execute(db);
        sealed += Number(r.numAffectedRows ?? 0);
      }
      if (rows.length < BATCH) done = true;
    }
  }
  return sealed;
}
