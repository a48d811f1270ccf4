import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';

/**
 * The next number of a kind ('matter', 'notice', 'report_weekly' …) for a tenant and year: 1, 2, 3 … without
 * gaps between committed transactions (the sequence row stays locked until commit, so call it inside the
 * transaction that uses the number). Every numbered document takes its number here.
 */
export async function nextNumber(trx: Kysely<DB> | Transaction<DB>, tenantId: number, kind: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('number_sequences')
    .values({ tenant_id: tenantId, kind, year, last: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'year']).doUpdateSet({ last: sql<number>`number_sequences.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}
