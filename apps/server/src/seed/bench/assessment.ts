import { DEFAULT_RULE_BOOK } from '@duban/shared';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * What assessment needs beyond the matters, set-based and idempotent (so `--finish` adds it to a database
 * generated before): each tenant's rule book, version 1 with the defaults in force since 2000; and 科级 ranks for
 * the staff the organisation generator leaves unranked, so every one of the 8 people per unit is a cadre
 * with an archive (about 700 in a district of 89 units, the issue's scale). Peer groups follow from the units'
 * kinds and the ranks. No period is stored: the first recompute (the bench, the job, the CLI) makes them.
 */
export async function generateAssessment(conn: Kysely<DB>, tenantIds: number[], now: string): Promise<void> {
  if (!tenantIds.length) return;
  await sql`
    insert into assessment_rule_books (tenant_id, version, effective_from, rules, created_by, created_at, updated_at)
    select t.id, 1, date '2000-01-01', ${JSON.stringify(DEFAULT_RULE_BOOK)}::jsonb, null, ${now}::timestamptz, ${now}::timestamptz
    from unnest(${tenantIds}::int[]) as t(id)
    where not exists (select 1 from assessment_rule_books b where b.tenant_id = t.id)`.execute(conn);
  await sql`update people set rank = 'section_deputy' where tenant_id = any(${tenantIds}::int[]) and rank = 'staff'`.execute(conn);
}
