import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { Open311KeyTable } from './open311.table';

type Conn = Kysely<DB> | Transaction<DB>;

/** A tenant's key that is neither revoked nor expired, by the SHA-256 of the key. */
export function findActiveKey(db: Conn, tenantId: number, keyHash: string, now: Date) {
  return db
    .selectFrom('open311_keys')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
}

export async function markKeyUsed(db: Conn, id: number, at: Date): Promise<void> {
  await db.updateTable('open311_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}

export function insertKey(db: Conn, row: Insertable<Open311KeyTable>) {
  return db.insertInto('open311_keys').values(row).returning(['id', 'name', 'key_prefix']).executeTakeFirstOrThrow();
}

/** Every key of the tenant, newest first, with who issued it and how many requests it sent. */
export function listKeys(db: Conn, tenantId: number) {
  return db
    .selectFrom('open311_keys as k')
    .leftJoin('accounts as a', 'a.id', 'k.created_by')
    .select((eb) => [
      'k.id',
      'k.name',
      'k.key_prefix',
      'a.display_name as created_by_name',
      'k.created_at',
      'k.expires_at',
      'k.last_used_at',
      'k.revoked_at',
      eb.selectFrom('open311_requests as r').whereRef('r.key_id', '=', 'k.id').select((e) => e.fn.countAll<string>().as('n')).as('requests'),
    ])
    .where('k.tenant_id', '=', tenantId)
    .orderBy('k.id', 'desc')
    .execute();
}

export function revokeKey(db: Conn, tenantId: number, id: number, at: Date, by: number | null) {
  return db
    .updateTable('open311_keys')
    .set({ revoked_at: at, revoked_by: by })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
}
