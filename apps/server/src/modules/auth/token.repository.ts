import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { ApiTokenTable } from './token.table';

type Conn = Kysely<DB> | Transaction<DB>;

/** A token that is neither revoked nor expired, by the SHA-256 of its secret. */
export function findActiveToken(db: Conn, tokenHash: string, now: Date) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'tenant_id', 'account_id', 'created_by'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
}

export async function markTokenUsed(db: Conn, id: number, at: Date) {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export function insertToken(db: Conn, row: Insertable<ApiTokenTable>) {
  return db.insertInto('api_tokens').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listTokens(db: Conn, tenantId: number) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.id', 't.name', 't.token_prefix', 't.account_id', 'a.username', 't.created_at', 't.last_used_at', 't.expires_at', 't.revoked_at'])
    .where('t.tenant_id', '=', tenantId)
    .orderBy('t.id', 'desc')
    .execute();
}

export function revokeToken(db: Conn, tenantId: number, id: number, at: Date) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
}
