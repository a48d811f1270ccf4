import { executePrepared } from '../../db/prepared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** Claims (owner, key) for a first request; false when a request with that key was seen before. */
export async function claimKey(db: Kysely<DB>, row: { owner: string; key: string; method: string; path: string; body_hash: string; created_at: Date }): Promise<boolean> {
  // Prepared on PostgreSQL, as the completion below: every write sent with a key runs both.
  const q = db.insertInto('idempotency_keys').values(row).onConflict((oc) => oc.columns(['owner', 'key']).doNothing()).returning('key');
  return (await executePrepared(db, q.compile())).rows.length > 0;
}

export function findKey(db: Kysely<DB>, owner: string, key: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('owner', '=', owner).where('key', '=', key).executeTakeFirst();
}

/** Takes over a claim whose first request never finished (the process died mid-request). */
export async function retakeStale(db: Kysely<DB>, owner: string, key: string, staleBefore: Date, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('idempotency_keys')
    .set({ created_at: now })
    .where('owner', '=', owner)
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .where('created_at', '<', staleBefore)
    .returning('key')
    .executeTakeFirst();
  return !!r;
}

/** Stores the first request's response for replay. */
export async function completeKey(db: Kysely<DB>, owner: string, key: string, res: { status_code: number; content_type: string | null; response: string; completed_at: Date }) {
  await executePrepared(db, db.updateTable('idempotency_keys').set(res).where('owner', '=', owner).where('key', '=', key).compile());
}

/** Releases a claim whose request failed on the server's side, so a retry runs it again. */
export async function releaseKey(db: Kysely<DB>, owner: string, key: string) {
  await db.deleteFrom('idempotency_keys').where('owner', '=', owner).where('key', '=', key).where('status_code', 'is', null).execute();
}

/** Forgets keys older than `before`. */
export async function purgeKeys(db: Kysely<DB>, before: Date) {
  await db.deleteFrom('idempotency_keys').where('created_at', '<', before).execute();
}
