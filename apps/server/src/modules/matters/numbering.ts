import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * The next number of a kind ('matter', 'notice' …) for a tenant and year: 1, 2, 3 … without gaps
 * between committed transactions (the row stays locked until commit).
 */
export async function nextNumber(trx: Transaction<DB>, tenantId: number, kind: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('number_sequences')
    .values({ tenant_id: tenantId, kind, year, last: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'year']).doUpdateSet({ last: sql`number_sequences.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}
