import { defaultLimitRows, pickLimit, type GridStage, type GridUrgency, type LimitRow, type TimeLimit } from '@duban/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { perDb } from './grid-cache';

/** A version's rows never change once written, so they are cached by version id for the life of the database handle. */
const rowsCache = perDb<number, LimitRow[]>();
const versionsCache = perDb<number, { at: number; list: { id: number; from: number }[] }>();
const TTL_MS = 60_000;

/** The tenant's limit versions, newest first (cached a minute; a new version drops the cache). */
async function versionsOf(db: Kysely<DB>, tenantId: number): Promise<{ id: number; from: number }[]> {
  const cache = versionsCache(db);
  const hit = cache.get(tenantId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.list;
  const rows = await db.selectFrom('grid_limit_versions').select(['id', 'effective_from']).where('tenant_id', '=', tenantId).orderBy('effective_from', 'desc').execute();
  const list = rows.map((r) => ({ id: r.id, from: new Date(r.effective_from).getTime() }));
  cache.set(tenantId, { at: Date.now(), list });
  return list;
}

/** Drops the cached version list after a new version is written. */
export function invalidateLimitVersions(db: Kysely<DB>, tenantId: number): void {
  versionsCache(db).delete(tenantId);
}

/** The version in force at `at` (the latest effective at or before it), or null when the tenant has none. */
export async function versionInForce(db: Kysely<DB>, tenantId: number, at: Date): Promise<number | null> {
  const list = await versionsOf(db, tenantId);
  return list.find((v) => v.from <= at.getTime())?.id ?? list.at(-1)?.id ?? null;
}

/** The rows of a version (the defaults when there is none). */
export async function limitRows(db: Kysely<DB>, versionId: number | null): Promise<LimitRow[]> {
  if (versionId === null) return defaultLimitRows();
  const cache = rowsCache(db);
  const hit = cache.get(versionId);
  if (hit) return hit;
  const rows = await db.selectFrom('grid_time_limits').select(['category_id', 'urgency', 'stage', 'amount', 'unit']).where('version_id', '=', versionId).execute();
  const out = rows.map((r) => ({ categoryId: r.category_id, urgency: r.urgency, stage: r.stage as GridStage, amount: Number(r.amount), unit: r.unit }));
  cache.set(versionId, out);
  return out;
}

/** What a problem's limits are looked up by: its version, category (with major class) and urgency. */
export type LimitKey = { versionId: number | null; categoryId: number; parentCategoryId: number | null; urgency: GridUrgency };

/** A function giving each stage's limit for one problem. */
export async function limitsFor(db: Kysely<DB>, key: LimitKey): Promise<(stage: GridStage) => TimeLimit | null> {
  const rows = await limitRows(db, key.versionId);
  return (stage) => pickLimit(rows, stage, key.categoryId, key.parentCategoryId, key.urgency);
}

/** Writes a version of the limit table; returns its id. */
export async function insertLimitVersion(trx: Transaction<DB>, tenantId: number, input: { effectiveFrom: Date; note: string; rows: readonly LimitRow[]; createdBy: number | null; now: Date }): Promise<number> {
  const v = await trx
    .insertInto('grid_limit_versions')
    .values({ tenant_id: tenantId, effective_from: input.effectiveFrom, note: input.note, created_by: input.createdBy, created_at: input.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < input.rows.length; i += 1000) {
    await trx
      .insertInto('grid_time_limits')
      .values(input.rows.slice(i, i + 1000).map((r) => ({ version_id: v.id, tenant_id: tenantId, category_id: r.categoryId, urgency: r.urgency, stage: r.stage, amount: r.amount, unit: r.unit })))
      .execute();
  }
  return v.id;
}
